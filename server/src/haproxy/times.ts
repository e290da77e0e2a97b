/**
 * Where HAProxy expects a duration: every time-valued argument of a statement, with the
 * unit a bare number counts in. Shared by the time-unit rule and hover.
 */
import type { Statement, Word } from './ast';
import { BIND_OPTIONS_WITH_ARGUMENT, SERVER_OPTIONS_WITH_ARGUMENT, lineOptions, type TimeUnit } from './values';

/** One duration argument found in a statement. */
export interface TimeSlot {
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
export function timeSlots(statement: Statement): TimeSlot[] {
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
