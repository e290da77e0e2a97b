import type { Position, Range } from './types';

/**
 * The text of one document with a line index. Offsets are UTF-16 code unit offsets into
 * the JavaScript string, which is exactly what LSP positions count, so a position is
 * (line, offset - lineStart). Lines end at "\n", "\r\n" or a lone "\r".
 */
export class SourceText {
  readonly text: string;
  /** Offset of the first character of each line (a typed array: half the memory of a
   * number array, and an edit can copy and shift it in one pass). */
  readonly lineStarts: Int32Array;
  /** Number of lines (lineStarts.length, kept as a field so hot loops read a plain value). */
  readonly lineCount: number;

  constructor(text: string, lineStarts?: Int32Array) {
    this.text = text;
    const starts = lineStarts ?? scanLineStarts(text);
    this.lineStarts = starts;
    this.lineCount = starts.length;
  }

  /** Offset just past the last content character of `line` (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.lineStarts[line]);
  }

  /** The content of `line` without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** The line break after `line` ('' on the last line). */
  lineBreak(line: number): string {
    if (line + 1 >= this.lineStarts.length) return '';
    return this.text.slice(this.lineEnd(line), this.lineStarts[line + 1]);
  }

  /** The document's dominant line break, for text we insert. */
  get eol(): string {
    const crlf = this.text.indexOf('\r\n');
    const lf = this.text.indexOf('\n');
    return crlf >= 0 && crlf + 1 === lf ? '\r\n' : '\n';
  }

  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    const character = Math.min(o, this.lineEnd(line)) - this.lineStarts[line];
    return { line, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** Line starts of `text`. Without any "\r" the line breaks are found with indexOf, which
 * runs in native code; otherwise every character is looked at. */
function scanLineStarts(text: string): Int32Array {
  let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
  let count = 1;
  const crlf = text.indexOf('\r') >= 0;
  let i = crlf ? 0 : text.indexOf('\n');
  while (i >= 0 && i < text.length) {
    let next = i + 1;
    if (crlf) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) next++;
      } else if (c !== 10) {
        i++;
        continue;
      }
    }
    if (count === starts.length) {
      const bigger = new Int32Array(count * 2);
      bigger.set(starts);
      starts = bigger;
    }
    starts[count++] = next;
    i = crlf ? next : text.indexOf('\n', next);
  }
  return starts.slice(0, count);
}

export function rangeContains(range: Range, pos: Position): boolean {
  if (pos.line < range.start.line || pos.line > range.end.line) return false;
  if (pos.line === range.start.line && pos.character < range.start.character) return false;
  if (pos.line === range.end.line && pos.character > range.end.character) return false;
  return true;
}

/** `range` moved down by `lines` lines (up when negative); the same object when `lines` is 0. */
export function shiftRange(range: Range, lines: number): Range {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return !(comparePos(a.end, b.start) < 0 || comparePos(b.end, a.start) < 0);
}

export function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
