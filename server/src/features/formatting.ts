/**
 * Formatting of haproxy.cfg. Only the whitespace HAProxy ignores changes; every word is
 * written back exactly as it was (quotes, escapes and variables included), so the
 * formatted file means the same to HAProxy.
 *
 * - Section headers start in column 0.
 * - Statements inside a section are indented one level (`tabSize` spaces, or a tab when
 *   `insertSpaces` is false); statements before the first section stay in column 0.
 * - `.if`/`.elif`/`.else`/`.endif` (and `.diag`, `.notice`, `.warning`, `.alert`) are
 *   indented like the statements around them, and each `.if` block opened inside a section
 *   adds one level to the lines it holds. A block that encloses a section header does not
 *   indent that section: headers always stay in column 0.
 * - Words are separated by a single space; spaces at the end of a line go away.
 * - A trailing comment gets exactly one space before its `#`; its text is kept as is.
 * - An own-line comment is indented like a statement at the same place, except comments
 *   written in column 0 directly above a section header (no blank line between): they
 *   describe the section and stay in column 0.
 * - Blank lines stay, emptied of spaces. Line breaks (LF, CRLF or CR) and a byte order
 *   mark are never touched.
 * - A line HAProxy cannot read (an unclosed quote, a bad escape) is left exactly as it is.
 *
 * bitbucket.properties files are not formatted: a Java properties file's whitespace can be
 * part of a value (continuation lines, escaped spaces).
 */
import type { Range, TextEdit } from '../common/types';
import type { HaproxyConfig } from '../haproxy/ast';
import type { ParseError } from '../haproxy/ast';
import { tokenizeLine } from '../haproxy/parser';
import type { ParsedDocument } from '../service';

export interface FormattingOptions {
  /** Spaces per indentation level (default 4). */
  tabSize?: number;
  /** Indent with spaces (default) or with one tab per level. */
  insertSpaces?: boolean;
}

type LineKind = 'blank' | 'comment' | 'header' | 'statement' | 'directive';

interface LinePlan {
  kind: LineKind;
  /** Indentation level. */
  level: number;
  /** The line's content without indentation. */
  content: string;
  /** The line cannot be read by HAProxy: leave it alone. */
  keep: boolean;
}

function indentUnit(options: FormattingOptions): string {
  const size = Number.isInteger(options.tabSize) && options.tabSize! > 0 ? Math.min(options.tabSize!, 16) : 4;
  return options.insertSpaces === false ? '\t' : ' '.repeat(size);
}

/** Works out, line by line, what the formatted file holds. */
function plan(config: HaproxyConfig): LinePlan[] {
  const src = config.source;
  const headers = new Set(config.sections.map((s) => s.header.line));
  const directives = new Map(config.directives.map((d) => [d.line, d]));
  const plans: LinePlan[] = [];
  for (let line = 0; line < src.lineCount; line++) {
    const errors: ParseError[] = [];
    const { words, comment } = tokenizeLine(src, line, errors);
    const keep = errors.some((e) => e.severity === 'error');
    let kind: LineKind;
    if (words.length === 0) kind = comment ? 'comment' : 'blank';
    else if (headers.has(line)) kind = 'header';
    else if (directives.has(line)) kind = 'directive';
    else kind = 'statement';
    let content = words.map((w) => w.raw).join(' ');
    if (comment) content += `${words.length > 0 ? ' ' : ''}#${comment.text}`;
    plans.push({ kind, level: 0, content, keep });
  }

  // Indentation levels. `blocks` holds the open `.if` blocks, each marked with whether it
  // was opened inside the current section.
  const blocks: boolean[] = [];
  let inSection = false;
  const localDepth = () => blocks.filter((local) => local).length;
  for (let line = 0; line < plans.length; line++) {
    const p = plans[line];
    const base = inSection ? 1 : 0;
    switch (p.kind) {
      case 'header':
        p.level = 0;
        inSection = true;
        blocks.fill(false);
        break;
      case 'statement':
        p.level = base + localDepth();
        break;
      case 'directive': {
        const kind = directives.get(line)!.kind;
        if (kind === '.if') {
          p.level = base + localDepth();
          blocks.push(true);
        } else if (kind === '.elif' || kind === '.else') {
          const own = blocks.length > 0 && blocks[blocks.length - 1] ? 1 : 0;
          p.level = base + localDepth() - own;
        } else if (kind === '.endif') {
          blocks.pop();
          p.level = base + localDepth();
        } else {
          p.level = base + localDepth();
        }
        break;
      }
      case 'comment': {
        p.level = base + localDepth();
        const text = src.lineText(line);
        const startsInColumn0 = text.replace(/^\ufeff/, '').startsWith('#');
        if (startsInColumn0) {
          let next = line + 1;
          while (next < plans.length && plans[next].kind === 'comment') next++;
          if (next < plans.length && plans[next].kind === 'header') p.level = 0;
        }
        break;
      }
      default:
        p.level = 0;
    }
  }
  return plans;
}

/** The lines `range` covers; a range ending in column 0 does not include that line. */
function lineSpan(range: Range | undefined, lineCount: number): [number, number] {
  if (!range) return [0, lineCount - 1];
  let last = range.end.line;
  if (range.end.character === 0 && last > range.start.line) last--;
  return [Math.max(0, range.start.line), Math.min(lineCount - 1, last)];
}

/** Edits that format `config` (or only the lines `range` touches). One edit per changed line. */
export function formatHaproxy(config: HaproxyConfig, options: FormattingOptions = {}, range?: Range): TextEdit[] {
  const src = config.source;
  const unit = indentUnit(options);
  const plans = plan(config);
  const [first, last] = lineSpan(range, src.lineCount);
  const edits: TextEdit[] = [];
  for (let line = first; line <= last; line++) {
    const p = plans[line];
    if (p.keep) continue;
    let start = src.lineStarts[line];
    if (line === 0 && src.text.charCodeAt(0) === 0xfeff) start++;
    const end = src.lineEnd(line);
    const current = src.text.slice(start, end);
    let wanted = p.kind === 'blank' ? '' : unit.repeat(p.level) + p.content;
    // A U+FEFF at the very start of the file is a byte order mark, not text: a line that
    // begins with one as a word keeps a space before it, or it would stop being a word.
    if (start === 0 && wanted.charCodeAt(0) === 0xfeff) wanted = ' ' + wanted;
    if (current !== wanted) edits.push({ range: src.range(start, end), newText: wanted });
  }
  return edits;
}

/** Formatting edits for a parsed document; none for bitbucket.properties. */
export function formatDocument(doc: ParsedDocument, options: FormattingOptions = {}, range?: Range): TextEdit[] {
  return doc.haproxy ? formatHaproxy(doc.haproxy, options, range) : [];
}
