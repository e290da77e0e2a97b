/**
 * Fixtures for editor-feature tables. A fixture is the file text with markers that are
 * removed before the feature runs:
 *
 *     frontend fe
 *         default_backend b|e_app
 *     backend «be_app»
 *
 * - `|` is the cursor. Only a lone `|` counts: `||` (HAProxy's "or") is left as it is.
 * - `«...»` marks an expected range (a definition, a reference, the range to format).
 *
 * Positions are LSP positions in the text without the markers.
 */
import type { Position, Range } from '../../server/src/common/types';
import { SourceText } from '../../server/src/common/source';

export interface Fixture {
  code: string;
  cursor?: Position;
  ranges: Range[];
}

export function parseMarkers(fixture: string): Fixture {
  let code = '';
  let cursorOffset: number | undefined;
  const opens: number[] = [];
  const spans: [number, number][] = [];
  for (let i = 0; i < fixture.length; i++) {
    const c = fixture[i];
    if (c === '|' && fixture[i - 1] !== '|' && fixture[i + 1] !== '|') {
      if (cursorOffset !== undefined) throw new Error('a fixture has at most one | cursor');
      cursorOffset = code.length;
    } else if (c === '«') {
      opens.push(code.length);
    } else if (c === '»') {
      const start = opens.pop();
      if (start === undefined) throw new Error('» without «');
      spans.push([start, code.length]);
    } else {
      code += c;
    }
  }
  if (opens.length) throw new Error('« without »');
  const src = new SourceText(code);
  spans.sort((a, b) => a[0] - b[0]);
  return {
    code,
    cursor: cursorOffset === undefined ? undefined : src.positionAt(cursorOffset),
    ranges: spans.map(([a, b]) => src.range(a, b)),
  };
}

/** `line:col-line:col` for readable assertion messages. */
export function showRange(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function sortRanges(ranges: Range[]): Range[] {
  return [...ranges].sort(
    (a, b) => a.start.line - b.start.line || a.start.character - b.start.character || a.end.line - b.end.line || a.end.character - b.end.character,
  );
}
