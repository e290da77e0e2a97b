/**
 * Value syntax of haproxy.cfg: durations, addresses, ports and IP patterns.
 *
 * Every function here is pure and mirrors what HAProxy itself does with the text (its
 * `parse_time_err()`, `str2sa_range()`, `str2net()`/`str62net()` and the libc calls behind
 * them), not what the RFCs allow. Problems come back with offsets relative to the text that
 * was passed in, so a rule can point at the exact part of a word that is wrong.
 */
import ipaddr from 'ipaddr.js';
import ms from 'ms';
import type { Statement, Word } from './ast';

/** A problem inside a value: `start`/`end` are offsets in the text that was checked. */
export interface ValueIssue {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

// ---------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------

export type TimeUnit = 'us' | 'ms' | 's' | 'm' | 'h' | 'd';

/** Length of each unit in microseconds. */
export const TIME_UNIT_MICROS: Readonly<Record<TimeUnit, number>> = {
  us: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
};

const UNIT_WORDS: Readonly<Record<TimeUnit, [string, string]>> = {
  us: ['microsecond', 'microseconds'],
  ms: ['millisecond', 'milliseconds'],
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
};

/** Largest value HAProxy stores for a timer, in the keyword's own unit (2^31 - 1). */
export const MAX_TIMER = 2147483647;

export type TimeIssueKind =
  /** Empty text. */
  | 'empty'
  /** Does not start with a digit (`-5`, `abc`, `${T}`). */
  | 'not-a-number'
  /** A character after the digits that is not a unit (`50x`, `5S`, `10u`). */
  | 'invalid-unit'
  /** A decimal point after the digits (`1.5s`). */
  | 'decimal'
  /** Extra characters after a valid unit (`10mins`): HAProxy 2.6 only warns. */
  | 'trailing'
  /** The value does not fit (2^31 or more in the keyword's unit, or above a keyword's own limit). */
  | 'overflow';

export interface TimeIssue {
  kind: TimeIssueKind;
  start: number;
  end: number;
}

export interface ParsedTime {
  /** The digits HAProxy read. */
  digits: string;
  /** The unit as written; undefined when the number stands alone. */
  unit?: TimeUnit;
  /** Offset just after the part HAProxy reads (number and unit). */
  end: number;
  /** Exact duration in microseconds (the number alone counts in the keyword's unit). */
  micros: number;
  /** The value in the keyword's unit, rounded up as HAProxy does. */
  value: number;
}

export interface TimeResult {
  /** Set whenever HAProxy gets a number out of the text (also with a `trailing` issue). */
  time?: ParsedTime;
  issue?: TimeIssue;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Reads a duration the way HAProxy's `parse_time_err()` does: digits, then an optional
 * case-sensitive unit among us, ms, s, m, h, d. A number without unit counts in `base`,
 * the keyword's own unit. Values are rounded up to `base`; 2^31 or more is an overflow,
 * and so is anything above `max` when a keyword has a tighter limit.
 */
export function parseHaproxyTime(text: string, base: TimeUnit = 'ms', max: number = MAX_TIMER): TimeResult {
  if (text.length === 0) return { issue: { kind: 'empty', start: 0, end: 0 } };
  if (!isDigit(text[0])) return { issue: { kind: 'not-a-number', start: 0, end: text.length } };
  let i = 0;
  while (isDigit(text[i])) i++;
  const digits = text.slice(0, i);
  let unit: TimeUnit | undefined;
  const c = text[i];
  if (c === undefined) {
    unit = undefined;
  } else if (c === 's') {
    unit = 's';
    i += 1;
  } else if (c === 'u' && text[i + 1] === 's') {
    unit = 'us';
    i += 2;
  } else if (c === 'm') {
    if (text[i + 1] === 's') {
      unit = 'ms';
      i += 2;
    } else {
      unit = 'm';
      i += 1;
    }
  } else if (c === 'h') {
    unit = 'h';
    i += 1;
  } else if (c === 'd') {
    unit = 'd';
    i += 1;
  } else {
    return {
      issue: { kind: c === '.' ? 'decimal' : 'invalid-unit', start: digits.length, end: text.length },
    };
  }
  const n = Number(digits);
  const baseMicros = TIME_UNIT_MICROS[base];
  const micros = unit ? n * TIME_UNIT_MICROS[unit] : n * baseMicros;
  const value = unit ? ceilDiv(n, TIME_UNIT_MICROS[unit], baseMicros) : n;
  const time: ParsedTime = { digits, unit, end: i, micros, value };
  if (value > Math.min(max, MAX_TIMER)) {
    return { time, issue: { kind: 'overflow', start: 0, end: text.length } };
  }
  if (i < text.length) {
    return { time, issue: { kind: 'trailing', start: digits.length, end: text.length } };
  }
  return { time };
}

/**
 * The value parseHaproxyTime() reads from `text` in `base` when the text is digits and a
 * unit and nothing else (`30s`, `1500ms`), the common case a rule can let pass without
 * building a result; -1 for every other text (no unit, no digits, anything after the unit).
 */
export function durationValue(text: string, base: TimeUnit): number {
  const length = text.length;
  let i = 0;
  let n = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    i++;
  }
  if (i === 0 || i === length) return -1;
  // Past 15 digits the running sum may round differently from Number(digits).
  if (i > 15) n = Number(text.slice(0, i));
  let unit: TimeUnit;
  switch (text.charCodeAt(i)) {
    case 0x73: // s
      unit = 's';
      i += 1;
      break;
    case 0x75: // us
      if (text.charCodeAt(i + 1) !== 0x73) return -1;
      unit = 'us';
      i += 2;
      break;
    case 0x6d: // ms or m
      if (text.charCodeAt(i + 1) === 0x73) {
        unit = 'ms';
        i += 2;
      } else {
        unit = 'm';
        i += 1;
      }
      break;
    case 0x68: // h
      unit = 'h';
      i += 1;
      break;
    case 0x64: // d
      unit = 'd';
      i += 1;
      break;
    default:
      return -1;
  }
  if (i !== length) return -1;
  return ceilDiv(n, TIME_UNIT_MICROS[unit], TIME_UNIT_MICROS[base]);
}

/** ceil(n * mult / div) without losing precision on the values HAProxy can hold. */
function ceilDiv(n: number, mult: number, div: number): number {
  // Hundreds of digits read as Infinity: far beyond any limit, like any other huge value.
  if (!Number.isFinite(n)) return Number.MAX_SAFE_INTEGER;
  // Unit sizes divide one another, so one of the two is a whole factor; below 2^53 the
  // double arithmetic is exact and the BigInt detour is not needed.
  if (Number.isInteger(n) && n >= 0) {
    if (mult % div === 0) {
      const product = n * (mult / div);
      if (product <= Number.MAX_SAFE_INTEGER) return product;
    } else if (div % mult === 0 && n <= Number.MAX_SAFE_INTEGER) {
      return Math.ceil(n / (div / mult));
    }
  }
  const exact = (BigInt(Math.round(n)) * BigInt(mult) + BigInt(div) - 1n) / BigInt(div);
  return exact > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(exact);
}

/** The duration in HAProxy notation with the largest unit that keeps it exact (`50s`, `1500ms`, `90m`). */
export function formatHaproxyTime(micros: number): string {
  if (micros === 0) return '0';
  for (const unit of ['d', 'h', 'm', 's', 'ms', 'us'] as TimeUnit[]) {
    const size = TIME_UNIT_MICROS[unit];
    if (micros % size === 0) return `${micros / size}${unit}`;
  }
  return `${Math.round(micros)}us`;
}

/** The duration in words, exactly (`50 seconds`, `1 minute 30 seconds`, `500 microseconds`). */
export function describeDuration(micros: number): string {
  if (micros === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = Math.round(micros);
  for (const unit of ['d', 'h', 'm', 's', 'ms', 'us'] as TimeUnit[]) {
    const size = TIME_UNIT_MICROS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${UNIT_WORDS[unit][count === 1 ? 0 : 1]}`);
      rest -= count * size;
    }
  }
  return parts.join(' ');
}

/** The name of a unit in words, plural (`milliseconds`). */
export function unitName(unit: TimeUnit): string {
  return UNIT_WORDS[unit][1];
}

/**
 * What the author most likely meant, in HAProxy notation, when a duration is written in a
 * form HAProxy does not take (`10mins`, `5sec`, `1.5s`, `2 min`, `1hour`, `5S`, `1w`).
 * Returns undefined unless the meaning is clear and HAProxy can hold it exactly in the
 * keyword's unit `base` without going over `max`. A bare number is not handled here.
 */
export function suggestHaproxyTime(text: string, base: TimeUnit = 'ms', max: number = MAX_TIMER): string | undefined {
  const micros = humanDurationMicros(text, base);
  if (micros === undefined || micros <= 0) return undefined;
  const baseMicros = TIME_UNIT_MICROS[base];
  if (micros % baseMicros !== 0) return undefined;
  if (micros / baseMicros > Math.min(max, MAX_TIMER)) return undefined;
  return formatHaproxyTime(micros);
}

/**
 * Reads a duration written for humans (`10mins`, `1.5 h`, `5S`, `1w`, `250 us`) in
 * microseconds; a number without unit counts in `base`. Undefined when the meaning is
 * unclear (`5M` could be minutes or months) or the text is not a duration at all.
 */
export function humanDurationMicros(text: string, base: TimeUnit): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-zµ]*)\s*$/.exec(text);
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit = m[2];
  if (unit === '') return toMicros(amount * TIME_UNIT_MICROS[base]);
  // Units `ms` cannot read or reads differently from HAProxy.
  const lower = unit.toLowerCase();
  if (['us', 'µs', 'usec', 'usecs', 'microsecond', 'microseconds'].includes(lower)) return toMicros(amount);
  // `M` alone could be minutes or months; `y` is never meant for a timer.
  if (unit === 'M' || /^(y|yr|yrs|year|years)$/.test(lower)) return undefined;
  const millis = ms(`${m[1]}${unit}` as ms.StringValue);
  if (typeof millis !== 'number' || !Number.isFinite(millis)) return undefined;
  return toMicros(millis * 1000);
}

function toMicros(value: number): number | undefined {
  const rounded = Math.round(value);
  if (Math.abs(rounded - value) > 1e-6 * Math.max(1, Math.abs(value))) return undefined;
  return rounded;
}

// ---------------------------------------------------------------------------------------
// IPv4 / IPv6 literals
// ---------------------------------------------------------------------------------------

/** `inet_pton(AF_INET)`: exactly four decimal parts of 0-255, no leading zeros. */
export function isStrictIpv4(text: string): boolean {
  return isStrictIpv4At(text, 0, text.length);
}

/** isStrictIpv4() of `text.slice(start, end)`, without making the slice. */
function isStrictIpv4At(text: string, start: number, end: number): boolean {
  let parts = 0;
  let i = start;
  while (i <= end) {
    // One part: '0', or one to three digits without a leading zero, at most 255.
    let value = 0;
    let digits = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      if (++digits > 3) return false;
      i++;
    }
    if (digits === 0 || value > 255) return false;
    parts++;
    if (i === end) return parts === 4;
    if (text.charCodeAt(i) !== 0x2e || parts === 4) return false;
    i++;
  }
  return false;
}

export interface Ipv4Reading {
  /** The address as a 32-bit unsigned number. */
  value: number;
  /** The dotted form HAProxy ends up with (`10.0.0.12` for `10.12`). */
  dotted: string;
  /** Written as the plain four-part decimal form. */
  strict: boolean;
  /** Parts with a leading zero whose octal reading differs from the decimal one. */
  octal: { start: number; end: number; decimal: number; octal: number }[];
}

/**
 * Reads an IPv4 address made of digits and dots the way the C library resolver does when
 * HAProxy falls back to it (`inet_aton()` rules): one to four parts, a leading `0` makes a
 * part octal, the last part fills the remaining bytes (`10.12` is 10.0.0.12, `10` is
 * 0.0.0.10). Returns the reading or the issue, with offsets in `text`.
 */
export function readIpv4(text: string): { ok: true; ipv4: Ipv4Reading } | { ok: false; issue: ValueIssue } {
  const bad = (start: number, end: number, message: string) => ({
    ok: false as const,
    issue: { start, end, message, severity: 'error' as const },
  });
  if (text.length === 0) return bad(0, 0, 'the address is empty');
  if (!/^[0-9.]+$/.test(text)) return bad(0, text.length, `'${text}' is not an IPv4 address`);
  const parts: { text: string; start: number }[] = [];
  let pos = 0;
  for (const p of text.split('.')) {
    parts.push({ text: p, start: pos });
    pos += p.length + 1;
  }
  for (const p of parts) {
    if (p.text === '') {
      const dot = Math.max(0, p.start - 1);
      return bad(dot, dot + 1, `'${text}' has an empty part next to this dot`);
    }
  }
  if (parts.length > 4) {
    return bad(parts[4].start - 1, text.length, `'${text}' has more than four parts`);
  }
  const values: number[] = [];
  const octal: Ipv4Reading['octal'] = [];
  for (const p of parts) {
    let v: number;
    if (p.text.length > 1 && p.text[0] === '0') {
      if (!/^[0-7]+$/.test(p.text)) {
        return bad(
          p.start,
          p.start + p.text.length,
          `'${p.text}' starts with 0, which makes it an octal number, but it has the digit 8 or 9`,
        );
      }
      v = parseInt(p.text, 8);
      const decimal = Number(p.text);
      if (decimal !== v) octal.push({ start: p.start, end: p.start + p.text.length, decimal, octal: v });
    } else {
      v = Number(p.text);
    }
    values.push(v);
  }
  for (let k = 0; k < values.length - 1; k++) {
    if (values[k] > 255) {
      const p = parts[k];
      return bad(p.start, p.start + p.text.length, `${p.text} is above 255`);
    }
  }
  const lastBits = 8 * (5 - values.length);
  const lastMax = 2 ** lastBits - 1;
  const last = parts[parts.length - 1];
  if (values[values.length - 1] > lastMax) {
    return bad(
      last.start,
      last.start + last.text.length,
      values.length === 4 ? `${last.text} is above 255` : `${last.text} is too large for the last part (at most ${lastMax})`,
    );
  }
  let value = 0;
  for (let k = 0; k < values.length - 1; k++) value = value * 256 + values[k];
  value = value * 2 ** lastBits + values[values.length - 1];
  const dotted = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  return { ok: true, ipv4: { value, dotted, strict: isStrictIpv4(text), octal } };
}

/**
 * `inet_pton(AF_INET6)`: hex groups of one to four digits, `::` at most once, an optional
 * dotted IPv4 tail, and no zone index (`%eth0`). Returns the issue, or undefined if valid.
 */
export function checkIpv6(text: string): ValueIssue | undefined {
  const bad = (start: number, end: number, message: string): ValueIssue => ({ start, end, message, severity: 'error' });
  const zone = text.indexOf('%');
  if (zone >= 0) return bad(zone, text.length, `HAProxy does not accept a zone index ('${text.slice(zone)}') in an IPv6 address`);
  const bracket = text.search(/[[\]]/);
  if (bracket >= 0) return bad(bracket, bracket + 1, `'${text}' has a square bracket inside the address`);
  const firstDouble = text.indexOf('::');
  if (firstDouble >= 0) {
    const second = text.indexOf('::', firstDouble + 1);
    if (second >= 0 && second !== firstDouble + 1) {
      return bad(second, second + 2, `'${text}' uses '::' more than once`);
    }
    if (text.includes(':::')) {
      const at = text.indexOf(':::');
      return bad(at, at + 3, `'${text}' has three colons in a row`);
    }
  }
  let pos = 0;
  const groups = text.split(':');
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k];
    const isLast = k === groups.length - 1;
    if (g !== '' && !(isLast && g.includes('.'))) {
      if (!/^[0-9A-Fa-f]+$/.test(g)) return bad(pos, pos + g.length, `'${g}' is not a hexadecimal group`);
      if (g.length > 4) return bad(pos, pos + g.length, `'${g}' has more than four hex digits`);
    }
    if (isLast && g.includes('.') && !isStrictIpv4(g)) {
      return bad(pos, pos + g.length, `'${g}' is not a valid IPv4 tail (four decimal parts of 0-255)`);
    }
    pos += g.length + 1;
  }
  if (!ipaddr.IPv6.isValid(text)) {
    return bad(0, text.length, `'${text}' is not a valid IPv6 address`);
  }
  return undefined;
}

/** A host name as HAProxy may resolve it: labels of letters, digits, `-` and `_`, not all-numeric at the end. */
export function looksLikeHostName(text: string): boolean {
  if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/.test(text)) return false;
  const labels = text.replace(/\.$/, '').split('.');
  if (labels.some((l) => l === '' || l.startsWith('-') || l.endsWith('-'))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]);
}

// ---------------------------------------------------------------------------------------
// Network patterns (ACL `src`/`dst` patterns, `option forwardfor except`)
// ---------------------------------------------------------------------------------------

/** `str2mask()`: a dotted IPv4 mask, or a decimal length of 0-32 (`strtol` rules). */
function checkIpv4Mask(mask: string, offset: number): ValueIssue | undefined {
  const bad = (message: string): ValueIssue => ({ start: offset, end: offset + mask.length, message, severity: 'error' });
  if (mask.includes('.')) {
    return isStrictIpv4(mask) ? undefined : bad(`'${mask}' is not a valid dotted mask (four decimal parts of 0-255)`);
  }
  if (mask === '') return { start: offset - 1, end: offset, message: 'the mask after the slash is missing', severity: 'error' };
  const m = /^\s*([+-]?)(\d+)$/.exec(mask);
  if (!m) return bad(`'${mask}' is not a mask length`);
  const len = Number(m[2]);
  if ((m[1] === '-' && len !== 0) || len > 32) return bad(`/${mask} is not a valid IPv4 mask length (0 to 32)`);
  return undefined;
}

/** `str62net()`: a decimal IPv6 prefix length of 0-128 (`strtoul` rules). */
function checkIpv6Mask(mask: string, offset: number): ValueIssue | undefined {
  const bad = (message: string): ValueIssue => ({ start: offset, end: offset + mask.length, message, severity: 'error' });
  if (mask === '') return { start: offset - 1, end: offset, message: 'the prefix length after the slash is missing', severity: 'error' };
  const m = /^\s*([+-]?)(\d+)$/.exec(mask);
  if (!m) return bad(`'${mask}' is not a prefix length`);
  const len = Number(m[2]);
  if ((m[1] === '-' && len !== 0) || len > 128) return bad(`/${mask} is not a valid IPv6 prefix length (0 to 128)`);
  return undefined;
}

const WILDCARD_IPV4 = /^((?:\d{1,3}\.){0,3})\*(?:\.\*)*$/;
const IPV4_RANGE = /^[0-9.]+-[0-9.]+$/;

/**
 * Checks an IPv4/IPv6 address or network the way HAProxy reads ACL IP patterns and
 * `except` networks: `addr[/mask]` with `inet_aton()`-style IPv4 (abbreviated forms,
 * octal parts), dotted or length masks, IPv6 with a prefix length. Host names are left
 * alone (HAProxy resolves them at start-up). Returns the issues, offsets in `text`.
 */
export function checkIpNetwork(text: string): ValueIssue[] {
  if (text.length === 0) return [];
  const slash = text.lastIndexOf('/');
  // The usual pattern, `10.0.0.0/8` or a plain address: nothing to say, nothing to allocate.
  if (isStrictIpv4At(text, 0, slash >= 0 ? slash : text.length) && (slash < 0 || isIpv4MaskLength(text, slash + 1))) return [];
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const mask = slash >= 0 ? text.slice(slash + 1) : undefined;
  const maskStart = slash + 1;
  const err = (start: number, end: number, message: string): ValueIssue[] => [{ start, end, message, severity: 'error' }];

  if (addr === '') return err(0, text.length, `'${text}' has no address before the slash`);
  if (addr.includes(':')) {
    const issues: ValueIssue[] = [];
    if (addr.startsWith('[') || addr.endsWith(']')) {
      issues.push({ start: 0, end: addr.length, message: `IPv6 patterns are written without square brackets: '${addr}'`, severity: 'error' });
    } else {
      const v6 = checkIpv6(addr);
      if (v6) issues.push(v6);
    }
    if (mask !== undefined) {
      const m = checkIpv6Mask(mask, maskStart);
      if (m) issues.push(m);
    }
    return issues;
  }
  if (/^[0-9.]+$/.test(addr)) {
    const issues: ValueIssue[] = [];
    const r = readIpv4(addr);
    if (!r.ok) issues.push(r.issue);
    else issues.push(...octalWarnings(r.ipv4));
    if (mask !== undefined) {
      const m = checkIpv4Mask(mask, maskStart);
      if (m) issues.push(m);
    }
    return issues;
  }
  const wild = WILDCARD_IPV4.exec(text);
  if (wild) {
    const fixed = wildcardToCidr(text);
    return err(
      0,
      text.length,
      fixed
        ? `HAProxy has no '*' wildcard in addresses: write the network as ${fixed}`
        : `HAProxy has no '*' wildcard in addresses: write a network such as 0.0.0.0/0`,
    );
  }
  if (IPV4_RANGE.test(text)) {
    return err(0, text.length, `HAProxy does not take address ranges such as '${text}': write one or more networks (addr/len)`);
  }
  if (mask === undefined && looksLikeHostName(addr)) return [];
  if (mask !== undefined && looksLikeHostName(addr)) {
    const m = checkIpv4Mask(mask, maskStart);
    return m ? [m] : [];
  }
  return err(0, addr.length, `'${addr}' is neither an IPv4/IPv6 address nor a host name`);
}

/** True when `text` from `start` to its end is a plain decimal mask length of 0 to 32. */
function isIpv4MaskLength(text: string, start: number): boolean {
  if (start >= text.length || text.length - start > 6) return false;
  let value = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
    value = value * 10 + (c - 0x30);
  }
  return value <= 32;
}

/** `192.168.1.*` -> `192.168.1.0/24`; undefined when the wildcard is not in whole trailing parts. */
export function wildcardToCidr(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const firstStar = parts.indexOf('*');
  if (firstStar < 0 || parts.slice(firstStar).some((p) => p !== '*')) return undefined;
  const fixed = parts.slice(0, firstStar);
  if (fixed.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  while (fixed.length < 4) fixed.push('0');
  return `${fixed.map((p) => String(Number(p))).join('.')}/${firstStar * 8}`;
}

function octalWarnings(ipv4: Ipv4Reading): ValueIssue[] {
  return ipv4.octal.map((o) => ({
    start: o.start,
    end: o.end,
    message: `the leading zero makes '${String(o.decimal).padStart(o.end - o.start, '0')}' an octal number (${o.octal}), so the address is ${ipv4.dotted}`,
    severity: 'warning' as const,
  }));
}

// ---------------------------------------------------------------------------------------
// Addresses of bind, server and similar lines
// ---------------------------------------------------------------------------------------

/** Address prefixes HAProxy knows (2.4 to 3.x), with the family they force. */
const ADDRESS_PREFIXES: ReadonlyMap<string, AddressFamily> = new Map<string, AddressFamily>([
  ['unix@', 'unix'],
  ['uxst@', 'unix'],
  ['uxdg@', 'unix'],
  ['abns@', 'abns'],
  ['abnsz@', 'abns'],
  ['ip@', 'ip'],
  ['ipv4@', 'ipv4'],
  ['ipv6@', 'ipv6'],
  ['tcp@', 'ip'],
  ['tcp4@', 'ipv4'],
  ['tcp6@', 'ipv6'],
  ['udp@', 'ip'],
  ['udp4@', 'ipv4'],
  ['udp6@', 'ipv6'],
  ['quic4@', 'ipv4'],
  ['quic6@', 'ipv6'],
  ['mptcp@', 'ip'],
  ['mptcp4@', 'ipv4'],
  ['mptcp6@', 'ipv6'],
  ['fd@', 'fd'],
  ['sockpair@', 'fd'],
  ['rhttp@', 'other'],
]);

export type AddressFamily = 'ip' | 'ipv4' | 'ipv6' | 'unix' | 'abns' | 'fd' | 'other';

export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface AddressParts {
  /** `ipv4@`, `stream+udp@`, ... as written. */
  prefix?: Span;
  family: AddressFamily;
  /** The host part (brackets included) for IP families. */
  host?: Span;
  /** The text after the port separator, for IP families with a `:` (may be empty). */
  port?: Span;
}

/**
 * Splits one address the way `str2sa_range()` does: an optional prefix, then for IP
 * families the last `:` (searched from the end, stopping at a `]`) separates the port.
 * Offsets are relative to `text` plus `offset`.
 */
export function splitAddress(text: string, offset = 0): AddressParts {
  let i = 0;
  let prefixText = '';
  const transport = /^(stream|dgram|quic)\+/.exec(text);
  if (transport) {
    prefixText = transport[0];
    i = transport[0].length;
  }
  let family: AddressFamily = 'ip';
  const at = /^([a-z0-9]+@)/.exec(text.slice(i));
  if (at) {
    const known = ADDRESS_PREFIXES.get(at[1]);
    family = known ?? 'other';
    prefixText += at[1];
    i += at[1].length;
  } else if (text[i] === '/') {
    family = 'unix';
  }
  const prefix = prefixText ? { text: prefixText, start: offset, end: offset + prefixText.length } : undefined;
  if (family !== 'ip' && family !== 'ipv4' && family !== 'ipv6') return { prefix, family };
  const rest = text.slice(i);
  // Like HAProxy, walk back from the end and stop at the first ':' or ']' (the first
  // character counts too: ':443').
  let k = rest.length - 1;
  while (k > 0 && rest[k] !== ']' && rest[k] !== ':') k--;
  const sep = rest[k] === ':' ? k : -1;
  const hostText = sep >= 0 ? rest.slice(0, sep) : rest;
  const host = { text: hostText, start: offset + i, end: offset + i + hostText.length };
  const port = sep >= 0 ? { text: rest.slice(sep + 1), start: offset + i + sep + 1, end: offset + text.length } : undefined;
  return { prefix, family, host, port };
}

export interface AddressRules {
  /** A port must be given (bind, peer, nameserver, ...). */
  portRequired: boolean;
  /** Port 0 is accepted (server lines: "same port as the client"). */
  zeroPort: boolean;
  /** `low-high` ranges are accepted. */
  range: boolean;
  /** `+N` / `-N` offsets are accepted. */
  offset: boolean;
  /** A port may be written at all. */
  port: boolean;
}

/** Checks the host part of an IP address (brackets allowed). Issues use document offsets. */
export function checkAddressHost(parts: AddressParts, whole: Span): ValueIssue[] {
  const host = parts.host;
  if (!host) return [];
  const err = (start: number, end: number, message: string): ValueIssue[] => [{ start, end, message, severity: 'error' }];
  let text = host.text;
  let start = host.start;
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) {
      return err(host.start, whole.end, `'${whole.text}' opens a '[' that is never closed`);
    }
    text = text.slice(1, -1);
    start += 1;
    if (text === '') return err(host.start, host.end, 'the brackets hold no address');
  } else if (text.endsWith(']')) {
    return err(host.start, host.end, `'${text}' closes a bracket that was never opened`);
  }
  if (text === '' || text === '*' || text === '::') return familyMismatch(parts, text === '::' ? 'ipv6' : 'any', host);
  if (text.includes(':')) {
    const issue = checkIpv6(text);
    if (issue && /^\d+(\.\d+)+:/.test(text)) {
      return err(host.start, host.end, `'${text}' is not an address: only one ':' may separate an IPv4 address from its port`);
    }
    if (issue) {
      // `::1` without brackets: the last group was taken as the port.
      const full = whole.text.slice(parts.prefix ? parts.prefix.text.length : 0);
      if (!host.text.startsWith('[') && parts.port && !checkIpv6(full)) {
        return err(
          host.start,
          whole.end,
          `HAProxy takes the part after the last ':' of '${full}' as the port: write the IPv6 address in brackets ([${full}])`,
        );
      }
      return [{ ...issue, start: start + issue.start, end: start + issue.end }];
    }
    return familyMismatch(parts, 'ipv6', host);
  }
  if (/^[0-9.]+$/.test(text)) {
    const r = readIpv4(text);
    if (!r.ok) return [{ ...r.issue, start: start + r.issue.start, end: start + r.issue.end }];
    const warnings = octalWarnings(r.ipv4).map((w) => ({ ...w, start: start + w.start, end: start + w.end }));
    return [...familyMismatch(parts, 'ipv4', host), ...warnings];
  }
  if (looksLikeHostName(text)) return [];
  if (WILDCARD_IPV4.test(text)) {
    return err(host.start, host.end, `'${text}' is not an address: HAProxy has no '*' wildcard here (use * alone for every address)`);
  }
  return err(host.start, host.end, `'${text}' is neither an IPv4/IPv6 address nor a host name`);
}

function familyMismatch(parts: AddressParts, kind: 'ipv4' | 'ipv6' | 'any', host: Span): ValueIssue[] {
  if (kind === 'any' || !parts.prefix) return [];
  if (parts.family === 'ipv4' && kind === 'ipv6') {
    return [{ start: host.start, end: host.end, message: `'${parts.prefix.text}' asks for IPv4 but '${host.text}' is an IPv6 address`, severity: 'error' }];
  }
  if (parts.family === 'ipv6' && kind === 'ipv4') {
    return [{ start: host.start, end: host.end, message: `'${parts.prefix.text}' asks for IPv6 but '${host.text}' is an IPv4 address`, severity: 'error' }];
  }
  return [];
}

export interface PortReading {
  kind: 'single' | 'range' | 'offset';
  low: number;
  high: number;
}

/**
 * Reads a port, a `low-high` range or a `+N`/`-N` offset against the rules of the line it
 * is on. `port` is the text after the separator (undefined when there was no `:`); `whole`
 * is the complete address, which a missing port points at. Offsets are document offsets.
 */
export function checkPort(
  port: Span | undefined,
  rules: AddressRules,
  whole: Span,
): { reading?: PortReading; issues: ValueIssue[] } {
  const err = (start: number, end: number, message: string) => ({
    issues: [{ start, end, message, severity: 'error' as const }],
  });
  if (!port || port.text === '') {
    if (rules.portRequired) return err(whole.start, whole.end, `'${whole.text}' has no port: write address:port`);
    return { issues: [] };
  }
  if (!rules.port) return err(port.start, port.end, `a port is not accepted here ('${port.text}')`);
  const text = port.text;
  if (text[0] === '+' || text[0] === '-') {
    if (!rules.offset) {
      return err(port.start, port.end, `'${text}' is a port offset, which is only accepted on server lines`);
    }
    const digits = text.slice(1);
    if (!/^\d+$/.test(digits)) return err(port.start, port.end, `'${text}' is not a port offset (+N or -N)`);
    const n = Number(digits);
    if (n > 65535) {
      return {
        issues: [{ start: port.start + 1, end: port.end, message: `the port offset ${digits} is larger than any port (65535)`, severity: 'warning' as const }],
      };
    }
    return { reading: { kind: 'offset', low: text[0] === '-' ? -n : n, high: text[0] === '-' ? -n : n }, issues: [] };
  }
  if (!isDigit(text[0])) {
    return err(port.start, port.end, `'${text}' is not a port number (HAProxy takes digits only, no service names)`);
  }
  const dash = text.indexOf('-');
  const pieces =
    dash >= 0
      ? [
          { text: text.slice(0, dash), start: port.start },
          { text: text.slice(dash + 1), start: port.start + dash + 1 },
        ]
      : [{ text, start: port.start }];
  if (dash >= 0 && !rules.range) {
    return err(port.start, port.end, `'${text}' is a port range, which is not accepted here`);
  }
  const issues: ValueIssue[] = [];
  const values: number[] = [];
  const min = rules.zeroPort ? 0 : 1;
  for (const p of pieces) {
    if (p.text === '') {
      issues.push({ start: port.start, end: port.end, message: `the port range '${text}' is missing a bound`, severity: 'error' });
      return { issues };
    }
    if (!/^\d+$/.test(p.text)) {
      issues.push({
        start: p.start,
        end: p.start + p.text.length,
        message: `'${p.text}' is not a decimal port number: HAProxy 2.6 silently keeps only the leading digits, and later versions refuse it`,
        severity: 'error',
      });
      return { issues };
    }
    const n = Number(p.text);
    values.push(n);
    if (n > 65535) {
      issues.push({ start: p.start, end: p.start + p.text.length, message: `port ${p.text} is out of range (the highest port is 65535)`, severity: 'error' });
    } else if (n < min) {
      issues.push({ start: p.start, end: p.start + p.text.length, message: `port 0 is not accepted here (ports go from 1 to 65535)`, severity: 'error' });
    }
  }
  if (issues.length) return { issues };
  if (values.length === 2 && values[0] > values[1]) {
    return err(port.start, port.end, `the port range '${text}' goes downwards: write the lower port first`);
  }
  return {
    reading: { kind: values.length === 2 ? 'range' : 'single', low: values[0], high: values[values.length - 1] },
    issues: [],
  };
}

/** Reads a standalone port number (server `port`/`agent-port` options). */
export function checkPortNumber(text: string, offset: number): ValueIssue[] {
  const err = (message: string, severity: 'error' | 'warning' = 'error'): ValueIssue[] => [
    { start: offset, end: offset + text.length, message, severity },
  ];
  if (!/^[+-]?\d/.test(text)) return err(`'${text}' is not a port number: HAProxy ignores it`);
  const m = /^([+-]?)(\d+)(.*)$/.exec(text)!;
  if (m[1] === '-') return err(`'${text}' is negative: ports go from 1 to 65535`);
  const n = Number(m[2]);
  if (n > 65535) return err(`port ${m[2]} is out of range (the highest port is 65535): HAProxy keeps only its low 16 bits`);
  if (m[3] !== '') return err(`'${text}' is not a port number: HAProxy reads ${n} and ignores '${m[3]}'`, 'warning');
  if (n === 0) return err(`port 0 sets no port, so HAProxy uses the server's own port`, 'warning');
  return [];
}

// ---------------------------------------------------------------------------------------
// Where addresses and ports appear
// ---------------------------------------------------------------------------------------

/** Server options that take one argument (2.4 to 3.x); used to walk a server line. */
export const SERVER_OPTIONS_WITH_ARGUMENT: ReadonlySet<string> = new Set([
  'addr', 'agent-addr', 'agent-inter', 'agent-port', 'agent-send', 'alpn', 'ca-file', 'check-alpn',
  'check-pool-conn-name', 'check-proto', 'check-sni', 'ciphers', 'ciphersuites', 'client-sigalgs', 'cookie',
  'crl-file', 'crt', 'curves', 'downinter', 'error-limit', 'fall', 'fastinter', 'guid', 'hash-key',
  'id', 'idle-ping', 'init-addr', 'init-state', 'inter', 'log-bufsize', 'log-proto', 'max-reuse',
  'maxconn', 'maxqueue', 'minconn', 'namespace', 'npn', 'observe', 'on-error', 'on-marked-down',
  'on-marked-up', 'pool-conn-name', 'pool-low-conn', 'pool-max-conn', 'pool-purge-delay', 'port', 'proto',
  'proxy-v2-options', 'redir', 'resolve-net', 'resolve-opts', 'resolve-prefer', 'resolvers', 'rise',
  'shard', 'sigalgs', 'slowstart', 'sni', 'socks4', 'ssl-max-ver', 'ssl-min-ver', 'tcp-ut', 'track',
  'usesrc', 'interface', 'verify', 'verifyhost', 'weight', 'ws',
]);

/** Bind options that take one argument (2.4 to 3.x); used to walk a bind line. */
export const BIND_OPTIONS_WITH_ARGUMENT: ReadonlySet<string> = new Set([
  'accept-netscaler-cip', 'alpn', 'backlog', 'ca-file', 'ca-ignore-err', 'ca-sign-file', 'ca-sign-pass',
  'ca-verify-file', 'ciphers', 'ciphersuites', 'client-sigalgs', 'crl-file', 'crt', 'crt-ignore-err',
  'crt-list', 'curves', 'default-crt', 'ecdhe', 'expose-fd', 'gid', 'group', 'guid-prefix', 'id',
  'idle-ping', 'interface', 'label', 'level', 'maxconn', 'mode', 'mss', 'name', 'namespace', 'nbconn',
  'nice', 'npn', 'process', 'proto', 'quic-cc-algo', 'quic-socket', 'severity-output', 'shards',
  'sigalgs', 'ssl-max-ver', 'ssl-min-ver', 'tcp-md5sig', 'tcp-ut', 'thread', 'tls-ticket-keys', 'uid',
  'user', 'verify',
]);

export interface OptionValue {
  option: Word;
  value?: Word;
}

/**
 * The options of a server-like line from word `from` on, each with its argument when it
 * takes one. `source` is followed by its address and optional `usesrc`/`interface`.
 */
export function lineOptions(words: Word[], from: number, withArgument: ReadonlySet<string>): OptionValue[] {
  const out: OptionValue[] = [];
  let i = from;
  while (i < words.length) {
    const option = words[i];
    if (optionTakesArgument(option.text, withArgument)) {
      out.push({ option, value: words[i + 1] });
      i += 2;
    } else {
      out.push({ option });
      i += 1;
    }
  }
  return out;
}

/**
 * Whether lineOptions() reads the word after this option as its argument. Rules on hot
 * paths walk the words with it instead of building the list: `i += takes ? 2 : 1`.
 */
export function optionTakesArgument(name: string, withArgument: ReadonlySet<string>): boolean {
  return name === 'source' || withArgument.has(name) || name.startsWith('set-proxy-v2-tlv-fmt(');
}

export interface AddressSlot {
  word: Word;
  rules: AddressRules;
  /** The statement keyword (`bind`, `server`, `source`, ...), for messages. */
  keyword: string;
  /** Several comma-separated addresses are accepted (bind). */
  list: boolean;
}

const LISTENER: AddressRules = { portRequired: true, zeroPort: false, range: true, offset: false, port: true };
const SERVER: AddressRules = { portRequired: false, zeroPort: true, range: false, offset: true, port: true };
const PEER: AddressRules = { portRequired: true, zeroPort: false, range: false, offset: false, port: true };
const SOURCE: AddressRules = { portRequired: false, zeroPort: true, range: false, offset: false, port: true };
const SERVER_SOURCE: AddressRules = { portRequired: false, zeroPort: true, range: true, offset: false, port: true };
const LOG_TARGET: AddressRules = { portRequired: false, zeroPort: true, range: false, offset: false, port: true };
const HOST_ONLY: AddressRules = { portRequired: false, zeroPort: true, range: false, offset: false, port: false };

const PROXY_KINDS = new Set(['defaults', 'frontend', 'backend', 'listen']);

/** True for words whose value HAProxy only learns at run time (`$VAR`, `${VAR}`), or that we cannot read. */
export function isDynamic(word: Word): boolean {
  return word.hasVariable || word.text.includes('$');
}

/** Statement keywords that can hold an address (see forEachAddressSlot). */
export const ADDRESS_KEYWORDS: ReadonlySet<string> = new Set([
  'bind', 'dgram-bind', 'server', 'server-template', 'default-server', 'peer', 'nameserver', 'mailer', 'dispatch',
  'source', 'log', 'stats', 'tcp-check', 'http-check',
]);

/** Receives one address slot (see AddressSlot). */
export type AddressSlotVisitor = (word: Word, rules: AddressRules, keyword: string, list: boolean) => void;

/**
 * Where the address that starts at `start` in a slot's text ends: at the next comma for a
 * list (`bind`), else at the end of the text. Rules walk a slot with
 * `for (let start = 0, end = 0; start <= text.length; start = end + 1)`.
 */
export function addressEnd(text: string, start: number, list: boolean): number {
  if (!list) return text.length;
  const comma = text.indexOf(',', start);
  return comma < 0 ? text.length : comma;
}

function visitSlot(visit: AddressSlotVisitor, word: Word | undefined, rules: AddressRules, keyword: string, list = false): void {
  if (word && !isDynamic(word) && word.text !== '') visit(word, rules, keyword, list);
}

/** The address options of a server line from word `from` on. */
function serverOptionSlots(visit: AddressSlotVisitor, words: Word[], from: number): void {
  for (let i = from; i < words.length; ) {
    const name = words[i].text;
    const takes = optionTakesArgument(name, SERVER_OPTIONS_WITH_ARGUMENT);
    const value = takes ? words[i + 1] : undefined;
    i += takes ? 2 : 1;
    switch (name) {
      case 'addr':
        visitSlot(visit, value, SOURCE, 'addr');
        break;
      case 'agent-addr':
        visitSlot(visit, value, HOST_ONLY, 'agent-addr');
        break;
      case 'socks4':
        visitSlot(visit, value, PEER, 'socks4');
        break;
      case 'source':
        visitSlot(visit, value, SERVER_SOURCE, 'source');
        break;
      case 'usesrc':
        if (value && !isUsesrcKeyword(value.text)) visitSlot(visit, value, SOURCE, 'usesrc');
        break;
    }
  }
}

/**
 * The addresses in one statement and the rules their ports follow: `bind`, `dgram-bind`,
 * `server`, `server-template`, `peer`, `nameserver`, `mailer`, `dispatch`, `source`,
 * `log`, global `stats socket`, and the `addr`, `agent-addr`, `source`, `usesrc` and
 * `socks4` server options, and `addr` of `tcp-check`/`http-check connect`.
 */
export function addressSlots(statement: Statement): AddressSlot[] {
  const out: AddressSlot[] = [];
  forEachAddressSlot(statement, (word, rules, keyword, list) => out.push({ word, rules, keyword, list }));
  return out;
}

/** addressSlots() one at a time, in the same order, without building the list: rules run this on every statement. */
export function forEachAddressSlot(statement: Statement, visit: AddressSlotVisitor): void {
  const words = statement.words;
  const first = words[0];
  if (!first || !ADDRESS_KEYWORDS.has(first.text) || first.quoted) return;
  const kind = statement.section?.kind;
  if (!kind) return;
  const keyword = first.text;
  switch (keyword) {
    case 'bind':
      if (kind === 'frontend' || kind === 'listen' || kind === 'peers' || kind === 'log-forward') {
        visitSlot(visit, words[1], LISTENER, 'bind', true);
      }
      break;
    case 'dgram-bind':
      if (kind === 'log-forward') visitSlot(visit, words[1], LISTENER, 'dgram-bind', true);
      break;
    case 'server':
      if (kind === 'backend' || kind === 'listen' || kind === 'ring' || kind === 'peers') {
        const addr = words[2];
        if (addr && !(kind === 'peers' && SERVER_OPTIONS_WITH_ARGUMENT.has(addr.text))) {
          visitSlot(visit, addr, SERVER, 'server');
          serverOptionSlots(visit, words, 3);
        }
      }
      break;
    case 'server-template':
      if (kind === 'backend' || kind === 'listen') {
        visitSlot(visit, words[3], SERVER, 'server-template');
        serverOptionSlots(visit, words, 4);
      }
      break;
    case 'default-server':
      serverOptionSlots(visit, words, 1);
      break;
    case 'peer':
      if (kind === 'peers') visitSlot(visit, words[2], PEER, 'peer');
      break;
    case 'nameserver':
      if (kind === 'resolvers') visitSlot(visit, words[2], PEER, 'nameserver');
      break;
    case 'mailer':
      if (kind === 'mailers') visitSlot(visit, words[2], PEER, 'mailer');
      break;
    case 'dispatch':
      if (PROXY_KINDS.has(kind)) visitSlot(visit, words[1], PEER, 'dispatch');
      break;
    case 'source':
      if (PROXY_KINDS.has(kind)) {
        visitSlot(visit, words[1], SOURCE, 'source');
        const usesrc = words.findIndex((w, k) => k > 1 && w.text === 'usesrc');
        if (usesrc > 0 && words[usesrc + 1] && !isUsesrcKeyword(words[usesrc + 1].text)) {
          visitSlot(visit, words[usesrc + 1], SOURCE, 'usesrc');
        }
      }
      break;
    case 'log': {
      const target = words[1];
      if (target && target.text !== 'global' && (kind === 'global' || PROXY_KINDS.has(kind) || kind === 'log-forward')) {
        if (!/^(stdout|stderr)$/.test(target.text) && !target.text.startsWith('ring@')) visitSlot(visit, target, LOG_TARGET, 'log');
      }
      break;
    }
    case 'stats':
      if (kind === 'global' && words[1]?.text === 'socket') visitSlot(visit, words[2], LISTENER, 'stats socket');
      break;
    case 'tcp-check':
    case 'http-check':
      if (words[1]?.text === 'connect') {
        const addr = words.findIndex((w, k) => k > 1 && w.text === 'addr');
        if (addr > 0) visitSlot(visit, words[addr + 1], SOURCE, `${keyword} connect addr`);
      }
      break;
  }
}

function isUsesrcKeyword(text: string): boolean {
  return text === 'client' || text === 'clientip' || /^hdr_ip\(/.test(text);
}

/** The `option forwardfor except <net>` / `option originalto except <net>` network word. */
export function exceptNetwork(statement: Statement): Word | undefined {
  const w = statement.words;
  if (w[0]?.text !== 'option' || (w[1]?.text !== 'forwardfor' && w[1]?.text !== 'originalto')) return undefined;
  const k = w.findIndex((x, i) => i > 1 && x.text === 'except');
  return k > 0 ? w[k + 1] : undefined;
}

/**
 * Where splitAddress() puts the port separator of text[start..end), for addresses that
 * start like a plain IP address (a digit, ':', '*' or '[') and hold no '@': those have no
 * prefix, so the family is 'ip' and the host runs from `start` to the separator. Returns
 * the separator's offset in `text`, -1 without one, or -2 when the address may have a
 * prefix or be a path and only splitAddress() can tell. Allocates nothing.
 */
export function plainAddressSeparator(text: string, start: number, end: number): number {
  if (start >= end) return -2;
  const c = text.charCodeAt(start);
  if (!((c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2a || c === 0x5b)) return -2;
  const at = text.indexOf('@', start);
  if (at >= 0 && at < end) return -2;
  let k = end - 1;
  while (k > start) {
    const d = text.charCodeAt(k);
    if (d === 0x5d || d === 0x3a) break;
    k--;
  }
  return text.charCodeAt(k) === 0x3a ? k : -1;
}

/**
 * True when checkAddressHost() has nothing to say about text[start..end) as the host of an
 * address without a prefix: empty, '*', or a plain four-part IPv4 address.
 */
export function isQuietHost(text: string, start: number, end: number): boolean {
  if (end === start) return true;
  if (end === start + 1 && text.charCodeAt(start) === 0x2a) return true;
  return isStrictIpv4At(text, start, end);
}

/**
 * True when checkPort() accepts the port text[start..end) under `rules` without an issue:
 * an empty or missing port (start > end) where none is required, or a plain decimal port
 * in range. False means that checkPort() has to look.
 */
export function isQuietPort(text: string, start: number, end: number, rules: AddressRules): boolean {
  if (start >= end) return !rules.portRequired;
  if (!rules.port || end - start > 5) return false;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
    n = n * 10 + (c - 0x30);
  }
  return n <= 65535 && n >= (rules.zeroPort ? 0 : 1);
}

/** Splits a bind address list on commas, with offsets relative to the word text. */
export function splitAddressList(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const piece of text.split(',')) {
    out.push({ text: piece, start, end: start + piece.length });
    start += piece.length + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Mapping offsets inside a word to the document
// ---------------------------------------------------------------------------------------

/**
 * Document offsets of `[start, end)` taken in `word.text`. Exact when the word is written
 * plainly or wholly quoted; otherwise (escapes, partial quotes) the whole word.
 */
export function wordSubRange(word: Word, start: number, end: number): { start: number; end: number } {
  if (word.raw === word.text) return { start: word.start + start, end: word.start + end };
  const q = word.raw[0];
  if ((q === '"' || q === "'") && word.raw.length === word.text.length + 2 && word.raw.endsWith(q) && word.raw.slice(1, -1) === word.text) {
    return { start: word.start + 1 + start, end: word.start + 1 + end };
  }
  return { start: word.start, end: word.end };
}

/** Where `word.text` starts in the document when its characters map one to one onto the
 * source (no escapes or quotes in between), else undefined. */
export function exactTextStart(word: Word): number | undefined {
  const whole = wordSubRange(word, 0, word.text.length);
  if (whole.start === word.start && whole.end === word.end && word.raw !== word.text) return undefined;
  return whole.start;
}
