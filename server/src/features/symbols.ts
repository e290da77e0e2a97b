import type { Range } from '../common/types';
import type { ParsedDocument } from '../service';

export type SymbolKind = 'section' | 'server' | 'acl' | 'bind' | 'property' | 'namespace';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

const CHILD_KEYWORDS: Record<string, SymbolKind> = { server: 'server', acl: 'acl', bind: 'bind' };

/** Outline: HAProxy sections with their servers, binds and ACLs; properties grouped by first key segment. */
export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  if (doc.haproxy) {
    return doc.haproxy.sections.map((section) => {
      const children: DocumentSymbol[] = [];
      for (const st of section.statements) {
        const kind = CHILD_KEYWORDS[st.words[0].text];
        if (!kind || st.words.length < 2) continue;
        const nameWord = st.words[1];
        children.push({
          name: kind === 'bind' ? `bind ${nameWord.text}` : nameWord.text,
          detail: kind === 'bind' ? undefined : st.words.slice(2).map((w) => w.text).join(' ').slice(0, 80),
          kind,
          range: st.range,
          selectionRange: nameWord.range,
          children: [],
        });
      }
      const header = section.header;
      return {
        name: section.name ? section.name.text : section.kind,
        detail: section.name ? section.kind : undefined,
        kind: 'section',
        // From the start of the header line, so the breadcrumb shows the section wherever the cursor is on it.
        range: { start: { line: header.line, character: 0 }, end: section.range.end },
        selectionRange: (section.name ?? header.words[0]).range,
        children,
      };
    });
  }
  // Consecutive keys with the same first segment form a group; a group that comes back
  // after other keys starts again, so sibling ranges never overlap (breadcrumbs need that).
  let group: DocumentSymbol | undefined;
  const result: DocumentSymbol[] = [];
  for (const entry of doc.properties!.entries) {
    const symbol: DocumentSymbol = {
      name: entry.key,
      detail: entry.value.length > 60 ? `${entry.value.slice(0, 60)}…` : entry.value,
      kind: 'property',
      range: entry.range,
      selectionRange: entry.keyRange,
      children: [],
    };
    const prefix = entry.key.includes('.') ? entry.key.slice(0, entry.key.indexOf('.')) : '';
    if (!prefix) {
      result.push(symbol);
      continue;
    }
    if (!group || group.name !== prefix || result[result.length - 1] !== group) {
      group = { name: prefix, kind: 'namespace', range: entry.range, selectionRange: entry.keyRange, children: [] };
      result.push(group);
    }
    group.children.push(symbol);
    if (entry.range.end.line > group.range.end.line) group.range = { start: group.range.start, end: entry.range.end };
    if (entry.range.start.line < group.range.start.line) group.range = { start: entry.range.start, end: group.range.end };
  }
  return result;
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** One fold per section (trailing blank lines excluded), per `.if` block, and per run of comment lines. */
export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const src = doc.source;
  if (doc.haproxy) {
    for (const section of doc.haproxy.sections) {
      let end = section.lastLine;
      while (end > section.header.line && src.lineText(end).trim() === '') end--;
      if (end > section.header.line) ranges.push({ startLine: section.header.line, endLine: end, kind: 'region' });
    }
    const stack: number[] = [];
    for (const d of doc.haproxy.directives) {
      if (d.kind === '.if') stack.push(d.line);
      else if (d.kind === '.endif') {
        const start = stack.pop();
        if (start !== undefined && d.line > start) ranges.push({ startLine: start, endLine: d.line, kind: 'region' });
      }
    }
  }
  const commentLines = doc.haproxy
    ? doc.haproxy.comments.filter((c) => c.ownLine).map((c) => c.line)
    : doc.properties!.comments.map((c) => c.line);
  let runStart = -1;
  let prev = -2;
  for (const line of [...commentLines, Number.MAX_SAFE_INTEGER]) {
    if (line !== prev + 1) {
      if (runStart >= 0 && prev > runStart) ranges.push({ startLine: runStart, endLine: prev, kind: 'comment' });
      runStart = line;
    }
    prev = line;
  }
  return ranges.sort((a, b) => a.startLine - b.startLine);
}
