import type { Finding, Fix, Range, TextEdit } from '../common/types';
import { rangesOverlap } from '../common/source';
import { IGNORE_MARKER } from '../common/meta';
import type { ParsedDocument } from '../service';
import { safeFix } from '../common/safeFix';

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  /** The finding the action resolves. */
  finding: Finding;
  edits: TextEdit[];
  preferred?: boolean;
}

/** Quick fixes for the findings that touch `range`, plus an "ignore" action for each. */
export function codeActions(doc: ParsedDocument, range: Range, findings: Finding[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const ignoreAdded = new Set<string>();
  for (const finding of findings) {
    if (!rangesOverlap(finding.range, range)) continue;
    finding.fixes.forEach((fix: Fix, i) => {
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        finding,
        edits: fix.edits,
        preferred: fix.preferred ?? (i === 0 && finding.fixes.length === 1),
      });
    });
    const key = `${finding.rule}:${finding.range.start.line}`;
    if (finding.rule !== 'syntax-error' && !ignoreAdded.has(key)) {
      ignoreAdded.add(key);
      actions.push({
        title: `Ignore '${finding.rule}' on this line`,
        kind: 'quickfix',
        finding,
        edits: [ignoreCommentEdit(doc, finding.range.start.line, finding.rule)],
      });
    }
  }
  return actions;
}

/** Inserts `# haproxy-bitbucket-lint ignore=<id>` above `line`, or adds the id to an
 * ignore comment that is already there. */
export function ignoreCommentEdit(doc: ParsedDocument, line: number, ruleId: string): TextEdit {
  const src = doc.source;
  const previous = line > 0 ? src.lineText(line - 1) : undefined;
  const existing = previous !== undefined ? new RegExp(`^(\\s*[#!]\\s*${IGNORE_MARKER}\\s+ignore\\s*=\\s*)([A-Za-z0-9*,\\s-]*?)\\s*$`).exec(previous) : null;
  if (existing && previous !== undefined) {
    const end = { line: line - 1, character: previous.length };
    const ids = existing[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.includes(ruleId)) ids.push(ruleId);
    return { range: { start: { line: line - 1, character: 0 }, end }, newText: `${existing[1]}${ids.join(',')}` };
  }
  const text = src.lineText(line);
  const indent = /^[ \t]*/.exec(text)![0];
  const eol = src.lineBreak(line) || src.eol;
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}# ${IGNORE_MARKER} ignore=${ruleId}${eol}`,
  };
}

export interface FixAll {
  /** Non-overlapping edits of every safe fix, ready for one workspace edit. */
  edits: TextEdit[];
  /** How many findings they fix. */
  fixed: number;
}

/**
 * The `source.fixAll` action: every safe fix of the document at once, with the same notion
 * of safe as `--fix` (a fix the rule prefers, or a finding's only fix unless the rule marks
 * it as not preferred; never an ignore comment). A fix whose edits overlap, or start where,
 * an edit already picked does is left for a later run, as are fixes with edits in other
 * documents.
 */
export function fixAll(doc: ParsedDocument, findings: Finding[]): FixAll {
  const src = doc.source;
  const taken: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  const seen = new Set<string>();
  let fixed = 0;
  for (const finding of findings) {
    const fix = safeFix(finding);
    if (!fix || fix.edits.some((e) => e.uri !== undefined)) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    const spans = fix.edits.map((e) => ({ start: src.offsetAt(e.range.start), end: src.offsetAt(e.range.end) }));
    const clash = (a: { start: number; end: number }, b: { start: number; end: number }) =>
      a.start === b.start || (a.start < b.end && b.start < a.end);
    if (spans.some((s, i) => taken.some((t) => clash(s, t)) || spans.some((o, j) => j !== i && clash(s, o)))) continue;
    seen.add(key);
    taken.push(...spans);
    edits.push(...fix.edits);
    fixed++;
  }
  return { edits, fixed };
}
