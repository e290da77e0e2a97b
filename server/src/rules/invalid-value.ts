import type { Fix } from '../common/types';
import type { PropertyEntry } from '../properties/ast';
import { lookupProperty, type PropertyInfo } from '../facts/bitbucket';
import { editDistance } from '../facts/haproxy';
import { hasPlaceholder, replaceValue } from '../properties/values';
import { defineRule, type RuleContext } from './rule';

/**
 * What Spring's number conversion accepts for an int or long: an optional sign and decimal
 * digits, or a hex number written 0x.../#... .
 */
const INTEGER = /^[+-]?(?:\d+|0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+)$/;
const MAX_INT = 2147483647;

/** The part of a value a rule can judge: trimmed; undefined when another rule owns the problem. */
function judgeable(entry: PropertyEntry): string | undefined {
  const text = entry.value.trim();
  if (text === '' || hasPlaceholder(text)) return undefined;
  // Quotes (quoted-value) and trailing comments (inline-comment) have rules of their own.
  if (/^["']/.test(text) || /\s[#!]/.test(entry.value)) return undefined;
  return text;
}

function setValue(ctx: RuleContext, entry: PropertyEntry, value: string): Fix {
  return { title: `Set ${entry.key} to ${value}`, edits: [replaceValue(ctx.source, entry, value)], preferred: true };
}

function parseInteger(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (/^0[xX]/.test(body)) return sign * parseInt(body.slice(2), 16);
  if (body.startsWith('#')) return sign * parseInt(body.slice(1), 16);
  return sign * Number(body);
}

const SIZE_WITH_UNIT = /^(\d+)\s*(B|KB|MB|GB|TB|K|M|G|kb|mb|gb|k|m|g)$/;
const UNIT_BYTES: Record<string, number> = { B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, TB: 1024 ** 4 };

function checkInteger(ctx: RuleContext, entry: PropertyEntry, info: PropertyInfo, text: string): void {
  const n = parseInteger(text);
  const unit = info.unit ? ` (${info.unit})` : '';
  if (n === undefined) {
    ctx.report({ range: entry.valueRange, message: `${entry.key} takes a whole number${unit}; Bitbucket cannot convert '${text}'.` });
    return;
  }
  if (Math.abs(n) > MAX_INT) {
    ctx.report({ range: entry.valueRange, message: `${text} is too large for ${entry.key}: the largest value it can hold is ${MAX_INT}.` });
  }
}

function checkPort(ctx: RuleContext, entry: PropertyEntry, text: string): void {
  const n = parseInteger(text);
  if (n === undefined) {
    ctx.report({ range: entry.valueRange, message: `${entry.key} takes a port number from 1 to 65535, not '${text}'.` });
    return;
  }
  if (n < 0 || n > 65535) {
    ctx.report({ range: entry.valueRange, message: `${text} is not a port: ${entry.key} takes a number from 1 to 65535.` });
    return;
  }
  if (n === 0) {
    ctx.report({
      range: entry.valueRange,
      severity: 'warning',
      message: `Port 0 for ${entry.key} makes the connector pick a random free port at each start, so a proxy in front of it cannot know where to connect.`,
    });
  }
}

function checkSize(ctx: RuleContext, entry: PropertyEntry, info: PropertyInfo, text: string): void {
  if (/^\d+$/.test(text)) {
    if (Number(text) > Number.MAX_SAFE_INTEGER) ctx.report({ range: entry.valueRange, message: `${text} is too large for ${entry.key}.` });
    return;
  }
  const m = SIZE_WITH_UNIT.exec(text);
  if (m) {
    const bytes = Number(m[1]) * UNIT_BYTES[m[2].toUpperCase()];
    ctx.report({
      range: entry.valueRange,
      severity: 'warning',
      message: `${entry.key} is documented as a plain number of ${info.unit ?? 'bytes'}; Bitbucket may not understand the unit in '${text}'. Write ${bytes}.`,
      fixes: [setValue(ctx, entry, String(bytes))],
    });
    return;
  }
  ctx.report({ range: entry.valueRange, message: `${entry.key} takes a number of ${info.unit ?? 'bytes'}, not '${text}'.` });
}

/** The URL schemes each kind of URL key expects. */
function expectedSchemes(key: string): string[] {
  if (key === 'jdbc.url') return ['jdbc'];
  if (key === 'plugin.ssh.baseurl') return ['ssh'];
  return ['http', 'https'];
}

function checkUrl(ctx: RuleContext, entry: PropertyEntry, text: string): void {
  const schemes = expectedSchemes(entry.key);
  if (/\s/.test(text)) {
    ctx.report({ range: entry.valueRange, message: `The URL in ${entry.key} contains a space; encode it as %20 or remove it.` });
    return;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1];
  if (!scheme) {
    const guess = schemes[0] === 'jdbc' ? undefined : `${schemes.includes('https') ? 'https' : schemes[0]}://${text.replace(/^\/+/, '')}`;
    ctx.report({
      range: entry.valueRange,
      message: `${entry.key} needs a full URL starting with ${schemes.map((s) => `${s}:`).join(' or ')}; '${text}' has no scheme.`,
      fixes: guess ? [{ ...setValue(ctx, entry, guess), title: `Write ${guess}` }] : [],
    });
    return;
  }
  if (!schemes.includes(scheme.toLowerCase())) {
    ctx.report({
      range: entry.valueRange,
      message: `${entry.key} expects a ${schemes.map((s) => `${s}:`).join(' or ')} URL, not a ${scheme}: one.`,
    });
    return;
  }
  if (scheme === 'jdbc') {
    if (!/^jdbc:[a-z0-9]+:/i.test(text)) {
      ctx.report({ range: entry.valueRange, message: `'${text}' is not a JDBC URL: it should read jdbc:<driver>:..., for example jdbc:postgresql://db:5432/bitbucket.` });
    }
    return;
  }
  try {
    new URL(text);
  } catch {
    ctx.report({ range: entry.valueRange, message: `'${text}' is not a valid URL for ${entry.key}: check the host name and the port.` });
  }
}

function checkEnum(ctx: RuleContext, entry: PropertyEntry, info: PropertyInfo, text: string): void {
  const allowed = info.allowed ?? [];
  if (allowed.length === 0 || allowed.includes(text)) return;
  const sameCase = allowed.find((v) => v.toLowerCase() === text.toLowerCase());
  if (sameCase) {
    ctx.report({
      range: entry.valueRange,
      severity: 'warning',
      message: `${entry.key} is documented with the value '${sameCase}'; whether '${text}' is understood depends on how the setting is read. Write '${sameCase}'.`,
      fixes: [setValue(ctx, entry, sameCase)],
    });
    return;
  }
  const close = allowed.filter((v) => editDistance(text.toLowerCase(), v.toLowerCase(), 2) <= 2);
  const guess = close.length === 1 ? close[0] : undefined;
  ctx.report({
    range: entry.valueRange,
    message: `'${text}' is not a value ${entry.key} accepts` + (guess ? `; did you mean '${guess}'?` : `: use ${allowed.map((v) => `'${v}'`).join(', ')}.`),
    fixes: guess ? [setValue(ctx, entry, guess)] : allowed.map((v) => ({ ...setValue(ctx, entry, v), preferred: false })),
  });
}

export default defineRule({
  meta: {
    id: 'invalid-value',
    description: 'Values that do not fit the type of a bitbucket.properties key: numbers, ports, sizes, URLs, fixed choices.',
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(ctx) {
    const props = ctx.properties;
    if (!props) return;
    for (const entry of props.entries) {
      const info = lookupProperty(entry.key);
      if (!info) continue;
      const text = judgeable(entry);
      if (text === undefined) continue;
      switch (info.type) {
        case 'integer':
          checkInteger(ctx, entry, info, text);
          break;
        case 'port':
          checkPort(ctx, entry, text);
          break;
        case 'size':
          checkSize(ctx, entry, info, text);
          break;
        case 'url':
          checkUrl(ctx, entry, text);
          break;
        case 'enum':
          checkEnum(ctx, entry, info, text);
          break;
      }
    }
  },
});
