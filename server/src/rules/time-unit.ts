import type { Fix, Range } from '../common/types';
import type { SourceText } from '../common/source';
import type { Statement, Word } from '../haproxy/ast';
import {
  BIND_OPTIONS_WITH_ARGUMENT,
  MAX_TIMER,
  SERVER_OPTIONS_WITH_ARGUMENT,
  TIME_UNIT_MICROS,
  describeDuration,
  formatHaproxyTime,
  humanDurationMicros,
  lineOptions,
  parseHaproxyTime,
  suggestHaproxyTime,
  unitName,
  wordSubRange,
  type TimeUnit,
} from '../haproxy/values';
import type { PropertyEntry } from '../properties/ast';
import { editValue, hasPlaceholder, valueSpan } from '../properties/values';
import { defineRule, type RuleContext } from './rule';

/** One duration argument found in a statement. */
interface TimeSlot {
  word: Word;
  /** How the argument is named in messages (`timeout client`, `inter`). */
  label: string;
  /** The unit of a number written without one. */
  base: TimeUnit;
  /** A limit tighter than HAProxy's usual 2^31 - 1, in `base`. */
  max?: number;
  /** HAProxy refuses 0 here. */
  positive?: boolean;
  /** Only part of the word is a duration (`http_req_rate(10s)`): offsets in `word.text`. */
  inner?: { start: number; end: number };
  /** The word after the argument, to spot `5 0s` and `5 s`. */
  next?: Word;
}

/** Global keywords whose first argument is a duration: unit of a bare number, and limit. */
const GLOBAL_TIMES: ReadonlyMap<string, { base: TimeUnit; max?: number }> = new Map([
  ['hard-stop-after', { base: 'ms' }],
  ['grace', { base: 'ms' }],
  ['close-spread-time', { base: 'ms' }],
  ['tune.lua.session-timeout', { base: 'ms' }],
  ['tune.lua.task-timeout', { base: 'ms' }],
  ['tune.lua.service-timeout', { base: 'ms' }],
  ['tune.lua.burst-timeout', { base: 'ms' }],
  ['tune.idletimer', { base: 'ms', max: 65535 }],
  ['tune.ssl.lifetime', { base: 's' }],
  ['tune.quic.frontend.max-idle-timeout', { base: 'ms' }],
  ['tune.quic.backend.max-idle-timeout', { base: 'ms' }],
  ['httpclient.timeout.connect', { base: 'ms' }],
] as [string, { base: TimeUnit; max?: number }][]);

/** Proxy keywords whose first argument is a duration (keep-alive probes count in seconds). */
const PROXY_TIMES: ReadonlyMap<string, TimeUnit> = new Map([
  ['clitcpka-idle', 's'],
  ['clitcpka-intvl', 's'],
  ['srvtcpka-idle', 's'],
  ['srvtcpka-intvl', 's'],
  ['grace', 'ms'],
] as [string, TimeUnit][]);

/** Server options that take a duration; those HAProxy refuses at 0 are marked. */
const SERVER_TIMES: ReadonlyMap<string, { positive: boolean }> = new Map([
  ['inter', { positive: true }],
  ['fastinter', { positive: true }],
  ['downinter', { positive: true }],
  ['agent-inter', { positive: true }],
  ['slowstart', { positive: false }],
  ['pool-purge-delay', { positive: false }],
  ['tcp-ut', { positive: false }],
]);

const PROXY_KINDS = new Set(['defaults', 'frontend', 'backend', 'listen']);
const UNIT_ALONE = /^(us|ms|s|m|h|d)$/;
const NUMBER_WITH_UNIT = /^\d+(us|ms|s|m|h|d)$/;

function slot(word: Word | undefined, label: string, base: TimeUnit, extra: Partial<TimeSlot> = {}): TimeSlot[] {
  return word ? [{ word, label, base, ...extra }] : [];
}

/** The value after a keyword word inside the statement (`expire 30s`). */
function after(words: Word[], from: number, keyword: string): { word: Word; next?: Word }[] {
  const out: { word: Word; next?: Word }[] = [];
  for (let i = from; i < words.length - 1; i++) {
    if (words[i].text === keyword && !words[i].quoted) out.push({ word: words[i + 1], next: words[i + 2] });
  }
  return out;
}

/** Rate counters in `store` lists carry their period in parentheses: `http_req_rate(10s)`. */
function storePeriods(words: Word[], from: number): TimeSlot[] {
  const out: TimeSlot[] = [];
  for (const { word } of after(words, from, 'store')) {
    const re = /(^|,)([a-z0-9_]+_rate)\(([^()]*)\)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(word.text))) {
      const start = m.index + m[1].length + m[2].length + 1;
      out.push({ word, label: `${m[2]} period`, base: 'ms', inner: { start, end: start + m[3].length } });
    }
  }
  return out;
}

function serverSlots(words: Word[], from: number): TimeSlot[] {
  const out: TimeSlot[] = [];
  const options = lineOptions(words, from, SERVER_OPTIONS_WITH_ARGUMENT);
  options.forEach(({ option, value }, k) => {
    const spec = SERVER_TIMES.get(option.text);
    if (spec && value) out.push({ word: value, label: option.text, base: 'ms', positive: spec.positive, next: options[k + 1]?.option });
  });
  return out;
}

/** Every duration argument of a statement, by section and keyword. */
function timeSlots(statement: Statement): TimeSlot[] {
  const w = statement.words;
  const kind = statement.section?.kind;
  const kw = w[0]?.text;
  if (!kind || !kw || statement.section?.header === statement) return [];
  if (kw === 'timeout' && w.length >= 3 && kind !== 'global') {
    return slot(w[2], `timeout ${w[1].text}`, 'ms', { next: w[3] });
  }
  if (kind === 'global') {
    const spec = GLOBAL_TIMES.get(kw);
    if (spec) return slot(w[1], kw, spec.base, { max: spec.max, next: w[2] });
    if (kw === 'stats' && w[1]?.text === 'timeout') return slot(w[2], 'stats timeout', 'ms', { positive: true, next: w[3] });
    return [];
  }
  if (PROXY_KINDS.has(kind)) {
    const base = PROXY_TIMES.get(kw);
    if (base) return slot(w[1], kw, base, { next: w[2] });
    switch (kw) {
      case 'tcp-request':
      case 'tcp-response':
        return w[1]?.text === 'inspect-delay' ? slot(w[2], `${kw} inspect-delay`, 'ms', { next: w[3] }) : [];
      case 'stats':
        return w[1]?.text === 'refresh' ? slot(w[2], 'stats refresh', 's', { next: w[3] }) : [];
      case 'stick-table':
        return [
          ...after(w, 1, 'expire').map(({ word, next }) => ({ word, next, label: 'expire', base: 'ms' as TimeUnit })),
          ...storePeriods(w, 1),
        ];
      case 'cookie':
        return [
          ...after(w, 2, 'maxidle').map(({ word, next }) => ({ word, next, label: 'maxidle', base: 's' as TimeUnit })),
          ...after(w, 2, 'maxlife').map(({ word, next }) => ({ word, next, label: 'maxlife', base: 's' as TimeUnit })),
        ];
      case 'http-request':
      case 'http-response': {
        const action = w[1]?.text;
        if (action === 'wait-for-body') {
          return after(w, 2, 'time').map(({ word, next }) => ({ word, next, label: `${kw} wait-for-body time`, base: 'ms' as TimeUnit }));
        }
        if (kw === 'http-request' && action === 'set-timeout' && w[3] && /^\d/.test(w[3].text)) {
          return slot(w[3], `set-timeout ${w[2].text}`, 'ms', { positive: true, next: w[4] });
        }
        return [];
      }
      case 'filter':
        if (/^bwlim-(in|out)$/.test(w[1]?.text ?? '')) {
          return [
            ...after(w, 3, 'period').map(({ word, next }) => ({ word, next, label: 'period', base: 'ms' as TimeUnit })),
            ...after(w, 3, 'default-period').map(({ word, next }) => ({ word, next, label: 'default-period', base: 'ms' as TimeUnit })),
          ];
        }
        return [];
      case 'bind':
        return lineOptions(w, 2, BIND_OPTIONS_WITH_ARGUMENT)
          .filter((o) => o.option.text === 'tcp-ut' && o.value)
          .map((o) => ({ word: o.value as Word, label: 'tcp-ut', base: 'ms' as TimeUnit }));
      case 'server':
        return serverSlots(w, 3);
      case 'server-template':
        return serverSlots(w, 4);
      case 'default-server':
        return serverSlots(w, 1);
    }
    return [];
  }
  switch (kind) {
    case 'resolvers':
      return kw === 'hold' ? slot(w[2], `hold ${w[1]?.text ?? ''}`.trim(), 'ms', { next: w[3] }) : [];
    case 'peers':
      if (kw === 'table') {
        return [
          ...after(w, 2, 'expire').map(({ word, next }) => ({ word, next, label: 'expire', base: 'ms' as TimeUnit })),
          ...storePeriods(w, 2),
        ];
      }
      if (kw === 'server') return serverSlots(w, 3);
      if (kw === 'default-server') return serverSlots(w, 1);
      return [];
    case 'ring':
      if (kw === 'server') return serverSlots(w, 3);
      return [];
  }
  return [];
}

/** Days with one decimal (24.8 for 2^31 - 1 ms). */
function roughDays(micros: number): string {
  return (Math.floor((micros / TIME_UNIT_MICROS.d) * 10) / 10).toString();
}

function replaceFix(source: SourceText, start: number, end: number, text: string, title: string): Fix {
  return { title, edits: [{ range: source.range(start, end), newText: text }], preferred: true };
}

function checkSlot(ctx: RuleContext, s: TimeSlot): void {
  const { word } = s;
  if (word.hasVariable) return;
  const src = ctx.source;
  const full = s.inner ? word.text.slice(s.inner.start, s.inner.end) : word.text;
  const base = s.inner ? s.inner.start : 0;
  const span = (a: number, b: number) => wordSubRange(word, base + a, base + b);
  const whole = span(0, full.length);
  const range = (a: number, b: number): Range => {
    const r = span(a, b);
    return src.range(r.start, r.end);
  };
  // Inside a word with escapes we cannot place a partial edit safely.
  const precise = !s.inner || whole.start !== word.start || whole.end !== word.end || word.raw === word.text;
  const fixTo = (text: string | undefined): Fix[] =>
    text === undefined || !precise ? [] : [replaceFix(src, whole.start, whole.end, text, `Write ${text}`)];
  const max = Math.min(s.max ?? MAX_TIMER, MAX_TIMER);
  const parsed = parseHaproxyTime(full, s.base, max);
  const issue = parsed.issue;

  if (issue) {
    switch (issue.kind) {
      case 'empty':
        ctx.report({ range: range(0, 0), message: `'${s.label}' needs a duration here, but the value is empty.` });
        return;
      case 'not-a-number': {
        if (!s.inner && /^\$\{?[A-Za-z_]/.test(full) && !word.quoted) {
          const quoted = `"${full}"`;
          ctx.report({
            range: range(0, full.length),
            message: `HAProxy only replaces environment variables inside double quotes, so it reads '${full}' literally: write ${quoted}.`,
            fixes: [replaceFix(src, word.start, word.end, quoted, `Write ${quoted}`)],
          });
          return;
        }
        if (full.includes('$')) return;
        const hint = suggestHaproxyTime(full.trim(), s.base, max);
        ctx.report({
          range: range(0, full.length),
          message: `'${full}' is not a duration for '${s.label}': HAProxy expects a whole number, optionally followed by us, ms, s, m, h or d.`,
          fixes: fixTo(hint),
        });
        return;
      }
      case 'decimal': {
        const hint = suggestHaproxyTime(full, s.base, max);
        ctx.report({
          range: range(0, full.length),
          message: `'${full}' has a decimal point: HAProxy durations are whole numbers${hint ? `, so write ${hint}` : ''}.`,
          fixes: fixTo(hint),
        });
        return;
      }
      case 'invalid-unit': {
        const unitText = full.slice(issue.start);
        const hint = suggestHaproxyTime(full, s.base, max);
        const upper = /^(US|MS|S|M|H|D|Us|Ms)$/.test(unitText);
        const minutes = unitText === 'M' ? ' (m for minutes)' : '';
        ctx.report({
          range: range(issue.start, issue.end),
          message: upper
            ? `'${full}' has an upper-case unit: HAProxy units are lower case: us, ms, s, m, h, d${minutes}${hint ? `; write ${hint}` : ''}.`
            : `'${unitText}' in '${full}' is not a time unit HAProxy knows: use us, ms, s, m, h or d${hint ? ` (write ${hint})` : ''}.`,
          fixes: fixTo(hint),
        });
        return;
      }
      case 'overflow': {
        const limit =
          max < MAX_TIMER
            ? `${max} ${unitName(s.base)}`
            : `${MAX_TIMER} ${unitName(s.base)} (about ${roughDays(MAX_TIMER * TIME_UNIT_MICROS[s.base])} days)`;
        ctx.report({
          range: range(0, full.length),
          message: `'${full}' is too large for '${s.label}': HAProxy accepts at most ${limit}.`,
        });
        return;
      }
      case 'trailing': {
        const read = full.slice(0, parsed.time!.end);
        const hint = suggestHaproxyTime(full, s.base, max);
        ctx.report({
          range: range(issue.start, issue.end),
          severity: 'warning',
          message: `HAProxy 2.6 reads '${full}' as ${read} and ignores '${full.slice(parsed.time!.end)}', with a warning that later versions may refuse it${hint ? `; write ${hint}` : ''}.`,
          fixes: fixTo(hint),
        });
        return;
      }
    }
  }
  const time = parsed.time!;
  if (s.positive && time.value === 0) {
    ctx.report({ range: range(0, full.length), message: `'${s.label}' needs a duration above zero; HAProxy refuses 0.` });
    return;
  }
  if (!s.inner && time.unit === undefined && s.next && !s.next.quoted) {
    if (UNIT_ALONE.test(s.next.text)) {
      const joined = `${full}${s.next.text}`;
      ctx.report({
        range: src.range(word.start, s.next.end),
        message: `A space splits '${joined}': HAProxy reads ${full} ${unitName(s.base)} and then trips over '${s.next.text}'. Write ${joined}.`,
        fixes: [replaceFix(src, word.start, s.next.end, joined, `Write ${joined}`)],
      });
      return;
    }
    if (NUMBER_WITH_UNIT.test(s.next.text)) {
      ctx.report({
        range: src.range(word.start, s.next.end),
        message: `A space splits this duration: HAProxy reads '${full}' (${unitName(s.base)}) and then treats '${s.next.text}' as another argument. Remove the space.`,
      });
      return;
    }
  }
  if (time.unit === undefined && time.value > 0 && !s.inner) {
    const explicit = formatHaproxyTime(time.micros);
    ctx.report({
      range: range(0, full.length),
      severity: 'information',
      message: `${full} has no unit, so HAProxy reads it in ${unitName(s.base)} (${describeDuration(time.micros)}). Write ${explicit} to make that explicit.`,
      fixes: [replaceFix(src, whole.start, whole.end, explicit, `Write ${explicit}`)],
    });
  }
}

/** `max-age` in a `cache` section: HAProxy reads it with atoi(), in seconds. */
function checkCacheMaxAge(ctx: RuleContext, statement: Statement): void {
  const w = statement.words;
  if (statement.section?.kind !== 'cache' || w[0]?.text !== 'max-age' || !w[1]) return;
  const word = w[1];
  if (word.hasVariable || /^\d+$/.test(word.text)) return;
  const read = /^\d+/.exec(word.text)?.[0] ?? '0';
  const micros = humanDurationMicros(word.text, 's');
  const seconds = micros !== undefined && micros > 0 && micros % 1_000_000 === 0 ? String(micros / 1_000_000) : undefined;
  ctx.report({
    range: word.range,
    severity: 'warning',
    message: `'max-age' takes a plain number of seconds: HAProxy reads '${word.text}' as ${read}${seconds ? `. Write ${seconds}` : ''}.`,
    fixes: seconds ? [replaceFix(ctx.source, word.start, word.end, seconds, `Write ${seconds}`)] : [],
  });
}

// ---------------------------------------------------------------------------------------
// bitbucket.properties
// ---------------------------------------------------------------------------------------

type PropertyUnit = 's' | 'm' | 'h';

interface DurationKey {
  /** Unit of a plain number. */
  unit: PropertyUnit;
  /** Accepts a suffix among s, m, h, d (websudo). Other keys are documented as plain numbers. */
  suffixes: boolean;
}

/** Keys whose value is a duration, with the unit their documentation gives. */
const DURATION_KEYS: ReadonlyMap<string, DurationKey> = new Map([
  ['websudo.session.timeout', { unit: 'm', suffixes: true }],
  ['server.session.timeout', { unit: 's', suffixes: false }],
  ['server.session.cookie.max-age', { unit: 's', suffixes: false }],
  ['plugin.auth-crowd.sso.session.validationinterval', { unit: 'm', suffixes: false }],
  ['plugin.bitbucket-audit.cleanup.run.interval', { unit: 'h', suffixes: false }],
  ['plugin.stash-audit.cleanup.run.interval', { unit: 'h', suffixes: false }],
  ['process.timeout.execution', { unit: 's', suffixes: false }],
  ['plugin.data.pipeline.bitbucket.commit.queue.polling.timeout.seconds', { unit: 's', suffixes: false }],
  ['plugin.data.pipeline.bitbucket.commit.git.execution.timeout.seconds', { unit: 's', suffixes: false }],
] as [string, DurationKey][]);

/** The part of a value Bitbucket sees as the duration: trimmed, and without a trailing `# note`. */
function durationText(value: string): { text: string; start: number } | undefined {
  let end = value.length;
  const comment = /\s#/.exec(value);
  if (comment) end = comment.index;
  const slice = value.slice(0, end);
  const start = slice.length - slice.trimStart().length;
  const text = slice.trim();
  if (text === '' || hasPlaceholder(text) || /^["']/.test(text)) return undefined;
  return { text, start };
}

function checkProperty(ctx: RuleContext, entry: PropertyEntry, spec: DurationKey): void {
  const found = durationText(entry.value);
  if (!found) return;
  const { text, start } = found;
  const src = ctx.source;
  const [a, b] = valueSpan(src, entry, start, start + text.length);
  const range = src.range(a, b);
  const unitWord = unitName(spec.unit);
  const fix = (to: string): Fix[] => [{ title: `Write ${to}`, edits: [editValue(src, entry, start, start + text.length, to)], preferred: true }];

  if (spec.suffixes) {
    if (/^\d+[smhd]?$/.test(text)) return;
    if (/^\d+[SMHD]$/.test(text)) {
      const lower = text.toLowerCase();
      ctx.report({
        range,
        severity: 'warning',
        message: `'${text}' uses an upper-case suffix: the documented suffixes for '${entry.key}' are lower case s, m, h and d. Write ${lower}.`,
        fixes: fix(lower),
      });
      return;
    }
    const micros = humanDurationMicros(text, spec.unit);
    const hint = micros !== undefined && micros > 0 && micros % 1_000_000 === 0 ? formatHaproxyTime(micros) : undefined;
    ctx.report({
      range,
      message: `'${text}' is not a duration Bitbucket reads for '${entry.key}': write a whole number of ${unitWord}, or a whole number followed by s, m, h or d${hint ? ` (here ${hint})` : ''}.`,
      fixes: hint ? fix(hint) : [],
    });
    return;
  }

  if (/^[+-]?\d+$/.test(text)) return;
  const unitMicros = TIME_UNIT_MICROS[spec.unit];
  if (/^\d+(\.\d+)?\s*[A-Za-z]+$/.test(text)) {
    const micros = humanDurationMicros(text, spec.unit);
    const plain = micros !== undefined && micros % unitMicros === 0 ? String(micros / unitMicros) : undefined;
    ctx.report({
      range,
      severity: 'warning',
      message: `'${entry.key}' is documented as a plain number of ${unitWord}; Bitbucket may not understand the unit in '${text}'${plain ? `. Write ${plain}` : ''}.`,
      fixes: plain ? fix(plain) : [],
    });
    return;
  }
  ctx.report({
    range,
    message: `'${text}' is not a whole number of ${unitWord}, which is what '${entry.key}' takes.`,
  });
}

export default defineRule({
  meta: {
    id: 'time-unit',
    description: "Durations must be an integer with a unit HAProxy (or Bitbucket) understands.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  check(ctx) {
    if (ctx.haproxy) {
      for (const statement of ctx.haproxy.statements) {
        for (const s of timeSlots(statement)) checkSlot(ctx, s);
        checkCacheMaxAge(ctx, statement);
      }
    }
    if (ctx.properties) {
      for (const entry of ctx.properties.entries) {
        const spec = DURATION_KEYS.get(entry.key);
        if (spec) checkProperty(ctx, entry, spec);
      }
    }
  },
});
