import type { Fix, Range } from '../common/types';
import type { SourceText } from '../common/source';
import type { Statement } from '../haproxy/ast';
import {
  MAX_TIMER,
  TIME_UNIT_MICROS,
  describeDuration,
  durationValue,
  formatHaproxyTime,
  humanDurationMicros,
  parseHaproxyTime,
  suggestHaproxyTime,
  unitName,
  wordSubRange,
} from '../haproxy/values';
import type { PropertyEntry } from '../properties/ast';
import { editValue, hasPlaceholder, valueSpan } from '../properties/values';
import { defineRule, type RuleContext } from './rule';
import { TIME_KEYWORDS, forEachTimeSlot, type TimeSlot } from '../haproxy/times';
import { firstWordBit, statementIndex } from '../facts/haproxy';

/** First words of the statements this rule looks at (durations, and `max-age` of cache sections). */
const CANDIDATES = firstWordBit([...TIME_KEYWORDS, 'max-age']);

const UNIT_ALONE = /^(us|ms|s|m|h|d)$/;
const NUMBER_WITH_UNIT = /^\d+(us|ms|s|m|h|d)$/;

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
  const full = s.inner ? word.text.slice(s.inner.start, s.inner.end) : word.text;
  const max = Math.min(s.max ?? MAX_TIMER, MAX_TIMER);
  // Most durations are a number and a unit within the limit: nothing to say about them.
  const quick = durationValue(full, s.base);
  if (quick >= 0 && quick <= max && (quick !== 0 || !s.positive)) return;
  const src = ctx.source;
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
      const visit = (slot: TimeSlot) => checkSlot(ctx, slot);
      const { statements, flags } = statementIndex(ctx.haproxy);
      for (let k = 0; k < statements.length; k++) {
        if ((flags[k] & CANDIDATES) === 0) continue;
        const statement = statements[k];
        forEachTimeSlot(statement, visit);
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
