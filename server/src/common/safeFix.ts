/**
 * Which fix of a finding may be applied without a person choosing: the one `--fix` and the
 * editor's "fix all" action apply. It is the fix the rule marks as preferred, or the only
 * fix of a finding when the rule does not mark it as not preferred; never a fix that only
 * adds an ignore comment (silencing is a person's decision) and never one that also edits
 * another file.
 */
import type { Finding, Fix } from './types';
import { IGNORE_MARKER } from './meta';

const IGNORE_COMMENT = new RegExp(`${IGNORE_MARKER}\\s+(?:global\\s+)?ignore\\s*=`);

/** The safe fix of a finding, or undefined when none is safe. */
export function safeFix(finding: Finding): Fix | undefined {
  const fixes = finding.fixes;
  const fix = fixes.find((f) => f.preferred === true) ?? (fixes.length === 1 && fixes[0].preferred !== false ? fixes[0] : undefined);
  if (!fix || fix.edits.length === 0) return undefined;
  // --fix rewrites one file at a time: a fix that also changes another file is left to a person.
  if (fix.edits.some((e) => e.uri !== undefined)) return undefined;
  if (fix.edits.some((e) => IGNORE_COMMENT.test(e.newText))) return undefined;
  return fix;
}
