/**
 * Where HAProxy expects a duration: every time-valued argument of a statement, with the
 * unit a bare number counts in. Shared by the time-unit rule and hover.
 */
import type { Statement, Word } from './ast';
import { BIND_OPTIONS_WITH_ARGUMENT, SERVER_OPTIONS_WITH_ARGUMENT, optionTakesArgument, type TimeUnit } from './values';

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

/** First words of the statements that can hold a duration (see forEachTimeSlot). */
export const TIME_KEYWORDS: ReadonlySet<string> = new Set([
  'timeout', 'stats', ...GLOBAL_TIMES.keys(), ...PROXY_TIMES.keys(), 'tcp-request', 'tcp-response', 'stick-table',
  'cookie', 'http-request', 'http-response', 'filter', 'bind', 'server', 'server-template', 'default-server', 'hold', 'table',
]);

type Visit = (slot: TimeSlot) => void;

/**
 * The slot forEachTimeSlot() hands to its visitor: one object, filled anew for each slot,
 * since nearly every statement with a duration has just one and nearly every duration is
 * fine. A visitor that keeps a slot copies it (see timeSlots). The label is only put
 * together when read, for a message.
 */
class VisitedSlot implements TimeSlot {
  word!: Word;
  base: TimeUnit = 'ms';
  max: number | undefined = undefined;
  positive: boolean | undefined = undefined;
  inner: { start: number; end: number } | undefined = undefined;
  next: Word | undefined = undefined;
  /** The label, or its first part when `labelWord` holds the second (`timeout` + `client`). */
  labelHead = '';
  labelWord: Word | undefined = undefined;

  get label(): string {
    return this.labelWord ? `${this.labelHead} ${this.labelWord.text}` : this.labelHead;
  }
}

/** The slot object of the last walk, free for the next one (a walk inside a visitor makes its own). */
let spare: VisitedSlot | undefined;

function emit(
  visit: Visit,
  slot: VisitedSlot,
  word: Word | undefined,
  base: TimeUnit,
  next: Word | undefined,
  labelHead: string,
  labelWord?: Word,
  positive?: boolean,
  max?: number,
  inner?: { start: number; end: number },
): void {
  if (!word) return;
  slot.word = word;
  slot.base = base;
  slot.next = next;
  slot.labelHead = labelHead;
  slot.labelWord = labelWord;
  slot.positive = positive;
  slot.max = max;
  slot.inner = inner;
  visit(slot);
}

/** The value after each `keyword` word inside the statement (`expire 30s`), as slots. */
function after(visit: Visit, slot: VisitedSlot, words: Word[], from: number, keyword: string, label: string, base: TimeUnit): void {
  for (let i = from; i < words.length - 1; i++) {
    if (words[i].text === keyword && !words[i].quoted) emit(visit, slot, words[i + 1], base, words[i + 2], label);
  }
}

/** Rate counters in `store` lists carry their period in parentheses: `http_req_rate(10s)`. */
function storePeriods(visit: Visit, slot: VisitedSlot, words: Word[], from: number): void {
  for (let i = from; i < words.length - 1; i++) {
    if (words[i].text !== 'store' || words[i].quoted) continue;
    const word = words[i + 1];
    if (!word.text.includes('_rate(')) continue;
    const re = /(^|,)([a-z0-9_]+_rate)\(([^()]*)\)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(word.text))) {
      const start = m.index + m[1].length + m[2].length + 1;
      emit(visit, slot, word, 'ms', undefined, `${m[2]} period`, undefined, undefined, undefined, { start, end: start + m[3].length });
    }
  }
}

function serverSlots(visit: Visit, slot: VisitedSlot, words: Word[], from: number): void {
  for (let i = from; i < words.length; ) {
    const option = words[i];
    const takes = optionTakesArgument(option.text, SERVER_OPTIONS_WITH_ARGUMENT);
    const value = takes ? words[i + 1] : undefined;
    i += takes ? 2 : 1;
    const spec = SERVER_TIMES.get(option.text);
    // `next` is the option after this one, as lineOptions() would list it.
    if (spec && value) emit(visit, slot, value, 'ms', words[i], option.text, undefined, spec.positive);
  }
}

/** Every duration argument of a statement, by section and keyword. */
export function timeSlots(statement: Statement): TimeSlot[] {
  const out: TimeSlot[] = [];
  forEachTimeSlot(statement, (s) => {
    const copy: TimeSlot = { word: s.word, label: s.label, base: s.base };
    if (s.max !== undefined) copy.max = s.max;
    if (s.positive !== undefined) copy.positive = s.positive;
    if (s.inner !== undefined) copy.inner = s.inner;
    if (s.next !== undefined) copy.next = s.next;
    out.push(copy);
  });
  return out;
}

/**
 * timeSlots() one at a time, in the same order, without building the list: rules run this
 * on every statement. The slot is only valid during the call (see VisitedSlot).
 */
export function forEachTimeSlot(statement: Statement, visit: (slot: TimeSlot) => void): void {
  const w = statement.words;
  const kw = w[0]?.text;
  if (kw === undefined || !TIME_KEYWORDS.has(kw)) return;
  const kind = statement.section?.kind;
  if (!kind || !kw || statement.section?.header === statement) return;
  const slot = spare ?? new VisitedSlot();
  spare = undefined;
  walkStatement(visit, slot, w, kw, kind);
  // The spare slot must not keep the document's words alive once the walk is over.
  slot.word = slot.next = slot.labelWord = undefined!;
  spare = slot;
}

function walkStatement(visit: Visit, slot: VisitedSlot, w: Word[], kw: string, kind: string): void {
  if (kw === 'timeout' && w.length >= 3 && kind !== 'global') {
    emit(visit, slot, w[2], 'ms', w[3], 'timeout', w[1]);
    return;
  }
  if (kind === 'global') {
    const spec = GLOBAL_TIMES.get(kw);
    if (spec) emit(visit, slot, w[1], spec.base, w[2], kw, undefined, undefined, spec.max);
    else if (kw === 'stats' && w[1]?.text === 'timeout') emit(visit, slot, w[2], 'ms', w[3], 'stats timeout', undefined, true);
    return;
  }
  if (PROXY_KINDS.has(kind)) {
    const base = PROXY_TIMES.get(kw);
    if (base) {
      emit(visit, slot, w[1], base, w[2], kw);
      return;
    }
    switch (kw) {
      case 'tcp-request':
      case 'tcp-response':
        if (w[1]?.text === 'inspect-delay') emit(visit, slot, w[2], 'ms', w[3], `${kw} inspect-delay`);
        return;
      case 'stats':
        if (w[1]?.text === 'refresh') emit(visit, slot, w[2], 's', w[3], 'stats refresh');
        return;
      case 'stick-table':
        after(visit, slot, w, 1, 'expire', 'expire', 'ms');
        storePeriods(visit, slot, w, 1);
        return;
      case 'cookie':
        after(visit, slot, w, 2, 'maxidle', 'maxidle', 's');
        after(visit, slot, w, 2, 'maxlife', 'maxlife', 's');
        return;
      case 'http-request':
      case 'http-response': {
        const action = w[1]?.text;
        if (action === 'wait-for-body') after(visit, slot, w, 2, 'time', `${kw} wait-for-body time`, 'ms');
        else if (kw === 'http-request' && action === 'set-timeout' && w[3] && /^\d/.test(w[3].text)) {
          emit(visit, slot, w[3], 'ms', w[4], 'set-timeout', w[2], true);
        }
        return;
      }
      case 'filter':
        if (/^bwlim-(in|out)$/.test(w[1]?.text ?? '')) {
          after(visit, slot, w, 3, 'period', 'period', 'ms');
          after(visit, slot, w, 3, 'default-period', 'default-period', 'ms');
        }
        return;
      case 'bind':
        for (let i = 2; i < w.length; ) {
          const option = w[i];
          const takes = optionTakesArgument(option.text, BIND_OPTIONS_WITH_ARGUMENT);
          const value = takes ? w[i + 1] : undefined;
          i += takes ? 2 : 1;
          if (option.text === 'tcp-ut' && value) emit(visit, slot, value, 'ms', undefined, 'tcp-ut');
        }
        return;
      case 'server':
        serverSlots(visit, slot, w, 3);
        return;
      case 'server-template':
        serverSlots(visit, slot, w, 4);
        return;
      case 'default-server':
        serverSlots(visit, slot, w, 1);
        return;
    }
    return;
  }
  switch (kind) {
    case 'resolvers':
      if (kw === 'hold') emit(visit, slot, w[2], 'ms', w[3], `hold ${w[1]?.text ?? ''}`.trim());
      return;
    case 'peers':
      if (kw === 'table') {
        after(visit, slot, w, 2, 'expire', 'expire', 'ms');
        storePeriods(visit, slot, w, 2);
      } else if (kw === 'server') serverSlots(visit, slot, w, 3);
      else if (kw === 'default-server') serverSlots(visit, slot, w, 1);
      return;
    case 'ring':
      if (kw === 'server') serverSlots(visit, slot, w, 3);
      return;
  }
}
