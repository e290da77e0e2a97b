/**
 * Helpers for reading and editing values of bitbucket.properties entries: mapping parts
 * of a decoded value back to document ranges, writing text back in properties syntax,
 * and understanding context paths and base URLs.
 */
import type { SourceText } from '../common/source';
import type { TextEdit } from '../common/types';
import type { PropertyEntry } from './ast';

/** Document offset just past the raw text of decoded value character `index`. */
export function valueCharEnd(source: SourceText, entry: PropertyEntry, index: number): number {
  const next = index + 1 < entry.value.length ? entry.valueOffsets[index + 1] : entry.valueEnd;
  const start = entry.valueOffsets[index];
  const text = source.text;
  if (text.charCodeAt(start) !== 0x5c) return start + 1;
  if (text.charCodeAt(start + 1) === 0x75 && /^[0-9a-fA-F]{4}$/.test(text.slice(start + 2, start + 6))) {
    return Math.min(start + 6, next);
  }
  return Math.min(start + 2, next);
}

/** Document offsets [start, end) of the raw text of decoded value characters [from, to). */
export function valueSpan(source: SourceText, entry: PropertyEntry, from: number, to: number): [number, number] {
  const start = entry.valueOffsets[from];
  if (to <= from) return [start, start];
  const end = to >= entry.value.length ? entry.valueEnd : valueCharEnd(source, entry, to - 1);
  return [start, end];
}

/** An edit that replaces decoded value characters [from, to) with `text` (already escaped). */
export function editValue(source: SourceText, entry: PropertyEntry, from: number, to: number, text: string): TextEdit {
  const [start, end] = valueSpan(source, entry, from, to);
  return { range: source.range(start, end), newText: text };
}

/**
 * An edit that replaces the whole value as written with `text` (already escaped). An
 * empty value is replaced together with the blanks after it (Java would otherwise keep
 * them after the new text), and gets an '=' when the key has no separator.
 */
export function replaceValue(source: SourceText, entry: PropertyEntry, text: string): TextEdit {
  if (entry.value !== '') return { range: source.range(entry.valueStart, entry.valueEnd), newText: text };
  const end = Math.max(entry.valueStart, source.lineEnd(entry.lastLine));
  const sep = entry.separator === '' && text !== '' ? '=' : '';
  return { range: source.range(entry.valueStart, end), newText: sep + text };
}

/**
 * Writes `value` so that Java's properties loader reads it back unchanged when it
 * follows a separator: backslashes and control characters are escaped, and so is a
 * leading blank (which the loader would otherwise skip).
 */
export function escapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    switch (c) {
      case '\\':
        out += '\\\\';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\f':
        out += '\\f';
        break;
      case ' ':
        out += i === 0 ? '\\ ' : ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** The whole logical line of `entry` with its line break, as document offsets [start, end). */
export function entryLineSpan(source: SourceText, entry: PropertyEntry): [number, number] {
  const start = source.lineStarts[entry.line];
  const end = entry.lastLine + 1 < source.lineCount ? source.lineStarts[entry.lastLine + 1] : source.text.length;
  return [start, end];
}

/** The line break to use for a line inserted next to `line`: that line's own break,
 * or the document's usual one when `line` is the last line. */
export function lineBreakNear(source: SourceText, line: number): string {
  return source.lineBreak(line) || source.eol;
}

/**
 * True when the value holds a template or environment placeholder that is replaced
 * before Bitbucket reads the file, or that Spring resolves at run time:
 * `${name}`, `{{ name }}`, `<name>`, `%name%`.
 */
export function hasPlaceholder(value: string): boolean {
  return /\$\{[^}]*\}|\{\{[^}]*\}\}|\{%[^%]*%\}|<[^<>\s][^<>]*>|%[A-Za-z_][A-Za-z0-9_]{2,}%/.test(value);
}

/** Whitespace as a context path or URL sees it. */
const WHITESPACE = /\s/;

export function containsWhitespace(value: string): boolean {
  return WHITESPACE.test(value);
}

/** A value that asks for the root context written as slashes: '/', '//', ... */
export function isSlashRoot(value: string): boolean {
  return /^\/+$/.test(value.replace(/\s+$/, ''));
}

/**
 * The context path `value` means once the usual mistakes are corrected: '' for the root
 * (empty, or only slashes), otherwise one leading '/' and no trailing '/'. Undefined when
 * the value cannot be a context path (whitespace inside it, or a placeholder).
 */
export function normaliseContextPath(value: string): string | undefined {
  const trimmed = value.trim();
  if (hasPlaceholder(trimmed) || containsWhitespace(trimmed)) return undefined;
  const inner = trimmed.replace(/^\/+/, '').replace(/\/+$/, '');
  return inner === '' ? '' : `/${inner}`;
}

export interface BaseUrlPath {
  /** The path as a context path: '' for the root, else '/x' without a trailing slash. */
  path: string;
  /** Indexes in the decoded value of the path as written (from its first '/', or the
   * place where it would start, to the start of '?', '#' or the end). */
  start: number;
  end: number;
}

/**
 * Reads the path of a base URL such as `https://git.example.com/bitbucket`. Undefined
 * unless the value is an absolute http or https URL without placeholders.
 */
export function baseUrlPath(value: string): BaseUrlPath | undefined {
  const trimmed = value.replace(/\s+$/, '');
  if (trimmed === '' || hasPlaceholder(trimmed) || containsWhitespace(trimmed)) return undefined;
  const scheme = /^(https?):\/\//i.exec(trimmed);
  if (!scheme) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '') return undefined;
  const authorityStart = scheme[0].length;
  let start = trimmed.length;
  for (let i = authorityStart; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '/' || c === '?' || c === '#') {
      start = i;
      break;
    }
  }
  let end = start;
  while (end < trimmed.length && trimmed[end] !== '?' && trimmed[end] !== '#') end++;
  const written = trimmed.slice(start, end).replace(/\/+$/, '');
  let path = written;
  try {
    path = decodeURI(written);
  } catch {
    // Keep the path as written when it has a stray '%'.
  }
  return { path, start, end };
}
