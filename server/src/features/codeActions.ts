import type { Finding, Fix, Range, TextEdit } from '../common/types';
import { rangesOverlap } from '../common/source';
import { IGNORE_MARKER } from '../common/meta';
import type { ParsedDocument } from '../service';

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
