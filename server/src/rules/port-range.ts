import type { Word } from '../haproxy/ast';
import {
  SERVER_OPTIONS_WITH_ARGUMENT,
  addressSlots,
  checkPort,
  checkPortNumber,
  isDynamic,
  lineOptions,
  splitAddress,
  splitAddressList,
  exactTextStart,
} from '../haproxy/values';
import { defineRule, reportIssue, type RuleContext } from './rule';

/** Server-line options that hold a bare port number. */
const PORT_OPTIONS = new Set(['port', 'agent-port']);

function checkPortOptions(ctx: RuleContext, words: Word[], from: number): void {
  for (const { option, value } of lineOptions(words, from, SERVER_OPTIONS_WITH_ARGUMENT)) {
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
    for (const statement of ctx.haproxy.statements) {
      for (const slot of addressSlots(statement)) {
        if (!slot.rules.port) continue;
        const base = exactTextStart(slot.word);
        const pieces = slot.list ? splitAddressList(slot.word.text) : [{ text: slot.word.text, start: 0, end: slot.word.text.length }];
        for (const piece of pieces) {
          if (piece.text === '') continue;
          const offset = (base ?? 0) + piece.start;
          const parts = splitAddress(piece.text, offset);
          if (parts.family !== 'ip' && parts.family !== 'ipv4' && parts.family !== 'ipv6') continue;
          const whole = { text: piece.text, start: offset, end: offset + piece.text.length };
          const { issues } = checkPort(parts.port, slot.rules, whole);
          for (const issue of issues) {
            const placed = base === undefined ? { ...issue, start: slot.word.start, end: slot.word.end } : issue;
            reportIssue(ctx, placed, `In '${slot.keyword} ${piece.text}'`);
          }
        }
      }
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
