import type { Word } from '../haproxy/ast';
import { firstWordBit, statementIndex } from '../facts/haproxy';
import {
  ADDRESS_KEYWORDS,
  SERVER_OPTIONS_WITH_ARGUMENT,
  addressEnd,
  forEachAddressSlot,
  checkPort,
  checkPortNumber,
  isDynamic,
  isQuietPort,
  optionTakesArgument,
  plainAddressSeparator,
  splitAddress,
  exactTextStart,
  type AddressRules,
  type AddressSlotVisitor,
} from '../haproxy/values';
import { defineRule, reportIssue, type RuleContext } from './rule';

/** First words of the statements this rule looks at: the others are skipped on that alone. */
const CANDIDATES = firstWordBit([...ADDRESS_KEYWORDS, 'server', 'server-template', 'default-server', 'tcp-check', 'http-check']);

/** Server-line options that hold a bare port number. */
const PORT_OPTIONS = new Set(['port', 'agent-port']);

function checkPortOptions(ctx: RuleContext, words: Word[], from: number): void {
  for (let i = from; i < words.length; ) {
    const option = words[i];
    const takes = optionTakesArgument(option.text, SERVER_OPTIONS_WITH_ARGUMENT);
    const value = takes ? words[i + 1] : undefined;
    i += takes ? 2 : 1;
    if (!PORT_OPTIONS.has(option.text) || !value || isDynamic(value)) continue;
    const start = exactTextStart(value);
    for (const issue of checkPortNumber(value.text, start ?? 0)) {
      const placed = start === undefined ? { ...issue, start: value.start, end: value.end } : issue;
      reportIssue(ctx, placed, `In '${option.text} ${value.text}'`);
    }
  }
}

/** `tcp-check connect port <n>` / `http-check connect port <n>`: 1-65535, or a sample expression. */
function checkCheckConnect(ctx: RuleContext, words: Word[]): void {
  const k = words.findIndex((w, i) => i > 1 && w.text === 'port');
  const value = k > 0 ? words[k + 1] : undefined;
  if (!value || isDynamic(value) || !/^\d+$/.test(value.text)) return;
  const n = Number(value.text);
  if (n >= 1 && n <= 65535) return;
  ctx.report({
    range: value.range,
    message: `In '${words[0].text} connect port ${value.text}': ${n === 0 ? 'port 0 is not accepted here' : `port ${value.text} is out of range`}; HAProxy wants a port from 1 to 65535.`,
  });
}

/** Checks the port of one address of a slot (see forEachAddressSlot): `word.text` from `start` to `end`. */
function checkAddress(ctx: RuleContext, word: Word, rules: AddressRules, keyword: string, start: number, end: number): void {
  const text = word.text;
  // `10.0.0.1:80`, `*:443`, `:80`: a plain port in range needs no closer look.
  const sep = plainAddressSeparator(text, start, end);
  if (sep !== -2 && isQuietPort(text, sep < 0 ? end + 1 : sep + 1, end, rules)) return;
  const pieceText = text.slice(start, end);
  const base = exactTextStart(word);
  const offset = (base ?? 0) + start;
  const parts = splitAddress(pieceText, offset);
  if (parts.family !== 'ip' && parts.family !== 'ipv4' && parts.family !== 'ipv6') return;
  const whole = { text: pieceText, start: offset, end: offset + pieceText.length };
  const { issues } = checkPort(parts.port, rules, whole);
  for (const issue of issues) {
    const placed = base === undefined ? { ...issue, start: word.start, end: word.end } : issue;
    reportIssue(ctx, placed, `In '${keyword} ${pieceText}'`);
  }
}

export default defineRule({
  meta: {
    id: 'port-range',
    description: "Ports must be between 1 and 65535.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check(ctx) {
    if (!ctx.haproxy) return;
    const visitSlot: AddressSlotVisitor = (word, rules, keyword, list) => {
      if (!rules.port) return;
      // The address, or each address between the commas of a bind list (empty ones are skipped).
      const text = word.text;
      for (let start = 0, end = 0; start <= text.length; start = end + 1) {
        end = addressEnd(text, start, list);
        if (end > start) checkAddress(ctx, word, rules, keyword, start, end);
      }
    };
    const { statements, flags } = statementIndex(ctx.haproxy);
    for (let k = 0; k < statements.length; k++) {
      if ((flags[k] & CANDIDATES) === 0) continue;
      const statement = statements[k];
      forEachAddressSlot(statement, visitSlot);
      const w = statement.words;
      const kind = statement.section?.kind;
      if (!kind) continue;
      switch (w[0]?.text) {
        case 'server':
          if (kind === 'backend' || kind === 'listen' || kind === 'peers' || kind === 'ring') checkPortOptions(ctx, w, 3);
          break;
        case 'server-template':
          checkPortOptions(ctx, w, 4);
          break;
        case 'default-server':
          checkPortOptions(ctx, w, 1);
          break;
        case 'tcp-check':
        case 'http-check':
          if (w[1]?.text === 'connect') checkCheckConnect(ctx, w);
          break;
      }
    }
  },
});
