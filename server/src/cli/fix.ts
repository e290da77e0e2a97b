/**
 * `--fix`: applies the safe fixes of a document's findings, re-checking after each round.
 *
 * A fix is safe when the rule marks it as preferred (the first such fix of a finding), or
 * when it is the only fix of a finding and the rule does not mark it as not preferred. A fix
 * that only adds an ignore comment is never applied: silencing a finding is a decision for
 * a person. Fixes are applied in rounds: each round applies every safe fix that does not
 * touch the text of another one picked in the same round; the document is then checked
 * again and the next round starts from the new findings, so fixes that overlapped are
 * applied one after the other, each against up-to-date text.
 */
import type { Finding, Fix } from '../common/types';
import { SourceText } from '../common/source';
import { safeFix } from '../common/safeFix';

export { safeFix };

/** Rounds before giving up on a document whose fixes keep producing new fixes. */
export const MAX_ROUNDS = 10;

interface Span {
  start: number;
  end: number;
  newText: string;
}

function spansOf(source: SourceText, fix: Fix): Span[] | undefined {
  const spans = fix.edits
    .map((e) => ({ start: source.offsetAt(e.range.start), end: source.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].end < spans[i].start) return undefined;
    // Edits of one fix that overlap, or insert at the same place, have no defined order.
    if (i > 0 && conflict(spans[i - 1], spans[i])) return undefined;
  }
  return spans;
}

/** Two edits conflict when their ranges overlap or they start at the same offset (two
 * insertions there, or an insertion at the start of a replacement, have no defined order). */
function conflict(a: Span, b: Span): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

const sameEdits = (a: Span[], b: Span[]) =>
  a.length === b.length && a.every((s, i) => s.start === b[i].start && s.end === b[i].end && s.newText === b[i].newText);

/** Applies non-overlapping spans (any order) to `text`. */
export function applySpans(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

export interface FixResult {
  /** The text after every round. */
  text: string;
  /** How many fixes were applied. */
  applied: number;
  /** The findings of the final text. */
  findings: Finding[];
  /** The findings of the text before any fix. */
  initial: Finding[];
}

/**
 * Applies safe fixes to `text` until none is left (or `MAX_ROUNDS` rounds have run).
 * `lint` checks a text and returns its findings.
 */
export function fixText(text: string, lint: (text: string) => Finding[]): FixResult {
  let current = text;
  const initial = lint(current);
  let findings = initial;
  let applied = 0;
  const seen = new Set<string>([current]);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const source = new SourceText(current);
    const picked: Span[][] = [];
    const taken: Span[] = [];
    for (const finding of findings) {
      const fix = safeFix(finding);
      if (!fix) continue;
      const spans = spansOf(source, fix);
      if (!spans) continue;
      if (picked.some((p) => sameEdits(p, spans))) continue;
      if (spans.some((s) => taken.some((t) => conflict(s, t)))) continue;
      picked.push(spans);
      taken.push(...spans);
    }
    if (picked.length === 0) break;
    const next = applySpans(current, taken);
    // A round that changes nothing, or brings back an earlier text, would never settle.
    if (next === current || seen.has(next)) break;
    seen.add(next);
    current = next;
    applied += picked.length;
    findings = lint(current);
  }
  return { text: current, applied, findings, initial };
}
