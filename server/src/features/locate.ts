import type { Position } from '../common/types';
import type { Statement, Word } from '../haproxy/ast';
import type { HaproxyConfig, Section } from '../haproxy/ast';

/** The statement on a line (binary search over the document-ordered statements). */
export function statementAtLine(config: HaproxyConfig, line: number): Statement | undefined {
  const list = config.statements;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = list[mid].line;
    if (l === line) return list[mid];
    if (l < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The section whose lines include `line` (a line after a header and before the next one). */
export function sectionAtLine(config: HaproxyConfig, line: number): Section | undefined {
  const sections = config.sections;
  let lo = 0;
  let hi = sections.length - 1;
  let found: Section | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid].header.line <= line) {
      found = sections[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the word that contains the position (its end included), or -1. */
export function wordIndexAt(statement: Statement, position: Position): number {
  return statement.words.findIndex(
    (w) => w.range.start.character <= position.character && position.character <= w.range.end.character,
  );
}

export function wordAt(statement: Statement, position: Position): Word | undefined {
  const i = wordIndexAt(statement, position);
  return i >= 0 ? statement.words[i] : undefined;
}
