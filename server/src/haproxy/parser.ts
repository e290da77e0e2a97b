import { SourceText } from '../common/source';
import type { Range } from '../common/types';
import type {
  Comment,
  Directive,
  DirectiveKind,
  HaproxyConfig,
  ParseError,
  Section,
  SectionKind,
  Statement,
  Word,
} from './ast';

/** Section keywords and whether they take a name. */
export const SECTION_KEYWORDS: ReadonlyMap<string, 'none' | 'optional' | 'required'> = new Map([
  ['global', 'none'],
  ['defaults', 'optional'],
  ['frontend', 'required'],
  ['backend', 'required'],
  ['listen', 'required'],
  ['userlist', 'required'],
  ['peers', 'required'],
  ['resolvers', 'required'],
  ['mailers', 'required'],
  ['cache', 'required'],
  ['http-errors', 'required'],
  ['ring', 'required'],
  ['program', 'required'],
  ['fcgi-app', 'required'],
  ['log-forward', 'required'],
  ['crt-store', 'optional'],
  ['traces', 'none'],
  ['acme', 'required'],
  ['dynamic-update', 'none'],
  ['log-profile', 'required'],
  ['healthcheck', 'required'],
] as [string, 'none' | 'optional' | 'required'][]);

/** HAProxy refuses lines with more words than this (MAX_LINE_ARGS). */
export const MAX_WORDS = 64;

const DIRECTIVES = new Set(['.if', '.elif', '.else', '.endif', '.diag', '.notice', '.warning', '.alert']);

interface LineTokens {
  words: Word[];
  comment?: Comment;
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/** Bits of ParsedWord.flags. */
const WORD_QUOTED = 1;
const WORD_HAS_VARIABLE = 2;

/**
 * A word as the parser makes it. Its range is computed from the offsets when it is asked
 * for, so a big file does not hold four extra objects per word; every read returns a new
 * range object. `line` and `lineStart` locate the line the word sits on. The end offset
 * follows from the raw text and the two booleans share one number, which keeps each of the
 * 400,000 words of a 100k-line file 16 bytes smaller.
 */
class ParsedWord implements Word {
  constructor(
    public text: string,
    public raw: string,
    public start: number,
    public flags: number,
    public line: number,
    public lineStart: number,
  ) {}

  get end(): number {
    return this.start + this.raw.length;
  }

  get quoted(): boolean {
    return (this.flags & WORD_QUOTED) !== 0;
  }

  get hasVariable(): boolean {
    return (this.flags & WORD_HAS_VARIABLE) !== 0;
  }

  get range(): Range {
    return {
      start: { line: this.line, character: this.start - this.lineStart },
      end: { line: this.line, character: this.start + this.raw.length - this.lineStart },
    };
  }
}

/** A comment as the parser makes it (the range is computed on demand, as for words). */
class ParsedComment implements Comment {
  constructor(
    public text: string,
    public start: number,
    public end: number,
    public line: number,
    public ownLine: boolean,
    public lineStart: number,
  ) {}

  get range(): Range {
    return {
      start: { line: this.line, character: this.start - this.lineStart },
      end: { line: this.line, character: this.end - this.lineStart },
    };
  }
}

/** A statement as the parser makes it: its line and range come from its words. */
class ParsedStatement implements Statement {
  declare section?: Section;

  constructor(
    public words: Word[],
    public conditionalDepth: number,
  ) {}

  get line(): number {
    return (this.words[0] as ParsedWord).line;
  }

  get range(): Range {
    const first = this.words[0] as ParsedWord;
    const last = this.words[this.words.length - 1] as ParsedWord;
    return {
      start: { line: first.line, character: first.start - first.lineStart },
      end: { line: last.line, character: last.end - last.lineStart },
    };
  }
}

/** Characters that end a plain word or need the careful path: blanks, '#', quotes, '\\' and NUL. */
function isPlainWordChar(c: number): boolean {
  return c !== 0x20 && c !== 0x09 && c !== 0x0c && c !== 0x0b && c !== 0x23 && c !== 0x22 && c !== 0x27 && c !== 0x5c && c !== 0;
}

/**
 * Splits one line into words the way HAProxy's parse_line() does: whitespace separates
 * words outside quotes, `#` outside quotes starts a comment, `'...'` quotes everything,
 * `"..."` quotes but still honours backslash escapes and `$VAR`/`${VAR}`, and a backslash
 * outside single quotes escapes the next character. There is no line continuation.
 */
export function tokenizeLine(
  src: SourceText,
  line: number,
  errors: ParseError[],
): LineTokens {
  const text = src.text;
  const lineStart = src.lineStarts[line];
  const lineEnd = src.lineEnd(line);
  const words: Word[] = [];
  let comment: Comment | undefined;
  let i = lineStart;
  if (line === 0 && text.charCodeAt(0) === 0xfeff) i++; // byte order mark

  while (i < lineEnd) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#') {
      const ownLine = words.length === 0;
      comment = new ParsedComment(text.slice(i + 1, lineEnd), i, lineEnd, line, ownLine, lineStart);
      break;
    }
    // A word starts here.
    const start = i;
    // Most words have no quotes or escapes: their value is the text as written.
    let j = i;
    while (j < lineEnd && isPlainWordChar(text.charCodeAt(j))) j++;
    const stop = text[j];
    if (j === lineEnd || stop === ' ' || stop === '\t' || stop === '\f' || stop === '\v' || stop === '#') {
      const raw = text.slice(start, j);
      words.push(new ParsedWord(raw, raw, start, 0, line, lineStart));
      i = j;
      continue;
    }
    let value = '';
    let quoted = false;
    let hasVariable = false;
    let squote = false;
    let dquote = false;
    let quoteStart = -1;
    while (i < lineEnd) {
      const ch = text[i];
      if (squote) {
        if (ch === "'") {
          squote = false;
          i++;
        } else {
          value += ch;
          i++;
        }
        continue;
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (i + 1 >= lineEnd) {
          // A trailing backslash: HAProxy has no line continuation, it stays a literal.
          value += '\\';
          i++;
          errors.push({
            message:
              'A backslash at the end of a line does not continue it in HAProxy: the next line is a new statement.',
            range: src.range(i - 1, i),
            severity: 'warning',
          });
          continue;
        }
        if (next === '\\' || next === ' ' || next === '\t' || next === '#' || next === '"' || next === "'" || next === '$') {
          value += next;
          i += 2;
        } else if (next === 'r') {
          value += '\r';
          i += 2;
        } else if (next === 'n') {
          value += '\n';
          i += 2;
        } else if (next === 't') {
          value += '\t';
          i += 2;
        } else if (next === 'x') {
          const h1 = text[i + 2] ?? '';
          const h2 = text[i + 3] ?? '';
          if (i + 3 < lineEnd && isHex(h1) && isHex(h2)) {
            value += String.fromCharCode(parseInt(h1 + h2, 16));
            i += 4;
          } else {
            errors.push({
              message: 'Truncated or invalid hexadecimal escape: write \\x followed by two hex digits.',
              range: src.range(i, Math.min(i + 4, lineEnd)),
              severity: 'error',
            });
            value += '\\x';
            i += 2;
          }
        } else {
          // Unknown escape: HAProxy keeps the backslash.
          value += '\\';
          i++;
        }
        continue;
      }
      if (ch === "'" && !dquote) {
        squote = true;
        quoted = true;
        quoteStart = i;
        i++;
        continue;
      }
      if (ch === '"') {
        dquote = !dquote;
        quoted = true;
        if (dquote) quoteStart = i;
        i++;
        continue;
      }
      if (ch === '$' && dquote) {
        const m = /^\$(\{[A-Za-z_][A-Za-z0-9_.]*(?:\[[^\]]*\])?(?:-[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(
          text.slice(i, Math.min(lineEnd, i + 512)),
        );
        if (m) {
          hasVariable = true;
          value += m[0];
          i += m[0].length;
          continue;
        }
        if (text[i + 1] === '{') {
          errors.push({
            message: 'Unterminated or invalid environment variable reference: write ${NAME}.',
            range: src.range(i, Math.min(i + 2, lineEnd)),
            severity: 'error',
          });
        }
        value += ch;
        i++;
        continue;
      }
      if (!dquote && (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v')) break;
      if (!dquote && ch === '#') break;
      if (ch === '\0') {
        errors.push({
          message: 'NUL byte in the line: HAProxy cannot read binary data in a configuration file.',
          range: src.range(i, i + 1),
          severity: 'error',
        });
      }
      value += ch;
      i++;
    }
    if (squote || dquote) {
      errors.push({
        message: `Unmatched ${squote ? 'single' : 'double'} quote: the quote opened here is never closed on this line.`,
        range: src.range(quoteStart, quoteStart + 1),
        severity: 'error',
      });
    }
    words.push(new ParsedWord(value, text.slice(start, i), start, (quoted ? WORD_QUOTED : 0) | (hasVariable ? WORD_HAS_VARIABLE : 0), line, lineStart));
  }
  return { words, comment };
}

function statementRange(words: Word[]): Range {
  const first = words[0] as ParsedWord;
  const last = words[words.length - 1] as ParsedWord;
  return {
    start: { line: first.line, character: first.start - first.lineStart },
    end: { line: last.line, character: last.end - last.lineStart },
  };
}

/**
 * What the parser keeps of one line: its words, its comment, the problems found while
 * splitting it, and the statement made of it. An edit re-reads only the lines it touches
 * and keeps the others (see incremental.ts).
 */
export interface ParsedLine {
  words: Word[];
  comment?: Comment;
  errors: readonly ParseError[];
  /** What the line is (LINE_* below), worked out once so assembling does not read the words again. */
  role: number;
  /** The statement of the line, once assembled (not set for directives). */
  statement?: Statement;
  /** For a section header: its section, once assembled. */
  section?: Section;
}

/** Filled in by assembleHaproxy() for incremental.ts. */
export interface AssembleChanges {
  /** Last line of a statement assembled before whose context changed: its section, whether
   * it is the header, its `.if` depth or its header's. -1 when none did. */
  lastContextChange: number;
}

const LINE_EMPTY = 0;
const LINE_DIRECTIVE = 1;
const LINE_HEADER = 2;
const LINE_STATEMENT = 3;
/** Added to the role of a line with more than MAX_WORDS words. */
const LINE_TOO_LONG = 4;

const NO_ERRORS: readonly ParseError[] = Object.freeze([]);
const EMPTY_LINE: ParsedLine = Object.freeze({ words: [], comment: undefined, errors: NO_ERRORS, role: LINE_EMPTY, statement: undefined, section: undefined });
const scratchErrors: ParseError[] = [];

/** Reads line `line` of `src` on its own. */
export function parseLine(src: SourceText, line: number): ParsedLine {
  scratchErrors.length = 0;
  const { words, comment } = tokenizeLine(src, line, scratchErrors);
  if (words.length === 0 && !comment && scratchErrors.length === 0) return EMPTY_LINE;
  let role = LINE_EMPTY;
  if (words.length > 0) {
    const first = words[0].text;
    if (DIRECTIVES.has(first) && !words[0].quoted) role = LINE_DIRECTIVE;
    else role = SECTION_KEYWORDS.has(first) ? LINE_HEADER : LINE_STATEMENT;
    if (words.length > MAX_WORDS) role += LINE_TOO_LONG;
  }
  // A copy of exactly the right size: the array `push` grew keeps room for 17 words, which
  // for 100,000 lines is about 9 MB of empty slots.
  return { words: words.slice(), comment, errors: scratchErrors.length > 0 ? scratchErrors.slice() : NO_ERRORS, role, statement: undefined, section: undefined };
}

/** The lines each parsed document was built from, for incremental.ts. */
const linesOf = new WeakMap<HaproxyConfig, ParsedLine[]>();

/** Hands over the lines `config` was built from, once: a second call returns undefined. */
export function takeParsedLines(config: HaproxyConfig): ParsedLine[] | undefined {
  const lines = linesOf.get(config);
  linesOf.delete(config);
  return lines;
}

/** Parses a whole haproxy.cfg. Never throws; problems are returned in `errors`. */
export function parseHaproxy(text: string): HaproxyConfig {
  const src = new SourceText(text);
  const lines = new Array<ParsedLine>(src.lineCount);
  for (let line = 0; line < src.lineCount; line++) lines[line] = parseLine(src, line);
  return assembleHaproxy(src, lines);
}

/**
 * Builds the document from its lines (one ParsedLine per line of `src`, in order):
 * sections, `.if` blocks and the problems that span lines. Statements already made for a
 * line are reused and updated.
 */
export function assembleHaproxy(src: SourceText, lines: ParsedLine[], changes?: AssembleChanges): HaproxyConfig {
  const text = src.text;
  const errors: ParseError[] = [];
  const sections: Section[] = [];
  const orphans: Statement[] = [];
  const statements: Statement[] = [];
  const comments: Comment[] = [];
  const directives: Directive[] = [];
  const ifStack: { directive: Directive; sawElse: boolean }[] = [];
  let current: Section | undefined;
  /** The current section is new, or its header's context changed. */
  let currentChanged = false;
  let lastContentLine = -1;

  const closeSection = (endLine: number) => {
    if (!current) return;
    const last = Math.max(current.header.line, endLine);
    current.lastLine = last;
    current.range = { start: current.header.range.start, end: src.positionAt(src.lineEnd(last)) };
  };

  for (let line = 0; line < src.lineCount; line++) {
    const parsed = lines[line];
    const lineErrors = parsed.errors;
    for (let k = 0; k < lineErrors.length; k++) errors.push(lineErrors[k]);
    const comment = parsed.comment;
    if (comment) comments.push(comment);
    let role = parsed.role;
    if (role === LINE_EMPTY) continue;
    const words = parsed.words;
    if (role > LINE_TOO_LONG) {
      role -= LINE_TOO_LONG;
      errors.push({
        message: `Too many words on one line: HAProxy reads at most ${MAX_WORDS} and stops with an error.`,
        range: src.range(words[MAX_WORDS].start, words[words.length - 1].end),
        severity: 'error',
      });
    }
    if (role === LINE_STATEMENT && parsed.statement && current) {
      // The common case, kept short: a statement inside a section, made before.
      const statement = parsed.statement;
      if (changes && (currentChanged || statement.section !== current || statement.conditionalDepth !== ifStack.length)) {
        changes.lastContextChange = line;
      }
      statement.conditionalDepth = ifStack.length;
      statement.section = current;
      statements.push(statement);
      current.statements.push(statement);
      lastContentLine = line;
      continue;
    }
    const first = words[0].text;

    if (role === LINE_DIRECTIVE) {
      const kind = first as DirectiveKind;
      const range = statementRange(words);
      const directive: Directive = { kind, words, line, range, depth: ifStack.length };
      directives.push(directive);
      if (kind === '.if') {
        if (words.length < 2) {
          errors.push({ message: '.if needs a condition.', range, severity: 'error' });
        }
        ifStack.push({ directive, sawElse: false });
      } else if (kind === '.elif' || kind === '.else') {
        const top = ifStack[ifStack.length - 1];
        if (!top) {
          errors.push({ message: `${kind} without a matching .if.`, range, severity: 'error' });
        } else if (top.sawElse) {
          errors.push({ message: `${kind} after .else in the same .if block.`, range, severity: 'error' });
        } else if (kind === '.else') {
          top.sawElse = true;
        }
        directive.depth = Math.max(0, ifStack.length - 1);
      } else if (kind === '.endif') {
        if (!ifStack.pop()) {
          errors.push({ message: '.endif without a matching .if.', range, severity: 'error' });
        }
        directive.depth = ifStack.length;
      }
      continue;
    }

    let statement = parsed.statement;
    const reused = statement !== undefined;
    const depthChanged = reused && statement!.conditionalDepth !== ifStack.length;
    if (statement) statement.conditionalDepth = ifStack.length;
    else parsed.statement = statement = new ParsedStatement(words, ifStack.length);
    statements.push(statement);
    // HAProxy compares the unquoted word, so `"defaults"` opens a section too.
    const sectionArity = role === LINE_HEADER ? SECTION_KEYWORDS.get(first) : undefined;
    if (sectionArity !== undefined) {
      closeSection(lastContentLine);
      const kind = first as SectionKind;
      let section = parsed.section;
      if (section) {
        // The header is unchanged: so are the section's kind, name and `from`.
        section.statements = [];
        section.range = statementRange(words);
        section.lastLine = line;
      } else {
        section = { kind, header: statement, statements: [], range: statementRange(words), lastLine: line };
        if (sectionArity !== 'none' && words.length > 1 && words[1].text !== 'from') section.name = words[1];
        const fromIndex = words.findIndex((w, idx) => idx > 0 && w.text === 'from');
        if (fromIndex > 0 && words[fromIndex + 1]) section.from = words[fromIndex + 1];
        parsed.section = section;
      }
      if (sectionArity === 'required' && !section.name) {
        errors.push({ message: `'${kind}' needs a name.`, range: words[0].range, severity: 'error' });
      }
      currentChanged = !reused || depthChanged || statement.section !== section;
      if (changes && reused && currentChanged) changes.lastContextChange = line;
      statement.section = section;
      sections.push(section);
      current = section;
    } else {
      if (changes && reused && (depthChanged || statement.section !== current || (current !== undefined && currentChanged))) {
        changes.lastContextChange = line;
      }
      if (current) {
        statement.section = current;
        current.statements.push(statement);
      } else {
        statement.section = undefined;
        orphans.push(statement);
      }
    }
    lastContentLine = line;
  }
  // Trailing comments and blank lines after the last statement stay in the last section.
  closeSection(Math.max(lastContentLine, src.lineCount - 1));

  // HAProxy 2.6 refuses a file whose last line has no line break (it may be truncated).
  const last = src.lineCount - 1;
  if (src.lineText(last) !== '' && src.lineBreak(last) === '') {
    const end = text.length;
    errors.push({
      message: 'The last line has no line break: HAProxy refuses the file as possibly truncated. Add a newline at the end.',
      range: src.range(end - 1, end),
      severity: 'error',
    });
  }

  for (const open of ifStack) {
    errors.push({ message: '.if block is never closed with .endif.', range: open.directive.range, severity: 'error' });
  }
  const config: HaproxyConfig = { source: src, sections, orphans, statements, comments, directives, errors };
  linesOf.set(config, lines);
  return config;
}
