import { shiftRange, SourceText } from '../common/source';
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

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Bits of EscapedWord.flags. */
const WORD_QUOTED = 1;
const WORD_HAS_VARIABLE = 2;

/**
 * The statement of one line, as the parser makes it. It is also what the words of its line
 * hang on: a word keeps only its column, and its line and offsets come from here, so moving
 * a line after an edit updates this one object. A directive line has one too, which is not
 * listed among the statements.
 */
class ParsedStatement implements Statement {
  words: Word[];
  conditionalDepth: number;
  line: number;
  /** Offset of the first character of the line. */
  lineStart: number;
  section: Section | undefined;

  constructor(line: number, lineStart: number) {
    this.words = NO_WORDS;
    this.conditionalDepth = 0;
    this.line = line;
    this.lineStart = lineStart;
    this.section = undefined;
  }

  get range(): Range {
    return lineRange(this.line, this.words);
  }
}

const NO_WORDS: Word[] = [];

/**
 * A word as the parser makes it, when it is written without quotes or escapes: its value is
 * its raw text. It holds its value, the statement of its line and its column; offsets and
 * ranges are worked out when read (every read of `range` returns a new object). That keeps
 * each of the 400,000 words of a 100k-line file at three fields.
 */
class ParsedWord implements Word {
  text: string;
  owner: ParsedStatement;
  /** Offset of the word from the start of its line. */
  col: number;

  constructor(text: string, owner: ParsedStatement, col: number) {
    this.text = text;
    this.owner = owner;
    this.col = col;
  }

  get raw(): string {
    return this.text;
  }

  get start(): number {
    return this.owner.lineStart + this.col;
  }

  get end(): number {
    return this.owner.lineStart + this.col + this.raw.length;
  }

  get quoted(): boolean {
    return false;
  }

  get hasVariable(): boolean {
    return false;
  }

  get range(): Range {
    const line = this.owner.line;
    return { start: { line, character: this.col }, end: { line, character: this.col + this.raw.length } };
  }
}

/** A word whose value differs from what is written: quotes, escapes or variables. */
class EscapedWord extends ParsedWord {
  rawText: string;
  flags: number;

  constructor(text: string, raw: string, owner: ParsedStatement, col: number, flags: number) {
    super(text, owner, col);
    this.rawText = raw;
    this.flags = flags;
  }

  override get raw(): string {
    return this.rawText;
  }

  override get quoted(): boolean {
    return (this.flags & WORD_QUOTED) !== 0;
  }

  override get hasVariable(): boolean {
    return (this.flags & WORD_HAS_VARIABLE) !== 0;
  }
}

/** From the first word to the end of the last word of a line's words. */
function lineRange(line: number, words: Word[]): Range {
  const first = words[0] as ParsedWord;
  const last = words[words.length - 1] as ParsedWord;
  return { start: { line, character: first.col }, end: { line, character: last.col + last.raw.length } };
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

/** A directive: its words, line and range are those of its line's statement object. */
class ParsedDirective implements Directive {
  kind: DirectiveKind;
  anchor: ParsedStatement;
  depth: number;
  /** What is wrong with it where it stands (an `.endif` without `.if`...), if anything. */
  problem: ParseError | undefined;

  constructor(kind: DirectiveKind, anchor: ParsedStatement) {
    this.kind = kind;
    this.anchor = anchor;
    this.depth = 0;
    this.problem = undefined;
  }

  get words(): Word[] {
    return this.anchor.words;
  }

  get line(): number {
    return this.anchor.line;
  }

  get range(): Range {
    return this.anchor.range;
  }
}

/** The problems found on one line by itself (tokenizing, too many words, a missing section name). */
interface LineProblems {
  anchor: ParsedStatement;
  /** The line the ranges of `errors` were made for; the anchor moves when lines shift. */
  line: number;
  errors: ParseError[];
}

/** Characters that end a plain word or need the careful path: blanks, '#', quotes, '\\' and NUL. */
const STOPS = new Uint8Array(128);
for (const c of [0x20, 0x09, 0x0c, 0x0b, 0x23, 0x22, 0x27, 0x5c, 0]) STOPS[c] = 1;

/**
 * Word values seen recently, by a hash of their characters: keywords, option names and the
 * like repeat all over a file, and a word found here is neither sliced again nor kept twice.
 * Values of up to 12 characters are copies that hold nothing else alive and stay between
 * parses; longer ones are slices of the document's text, so they are dropped when the parse
 * that made them ends (see forgetLongValues).
 */
const INTERN_BITS = 13;
const INTERN_MASK = (1 << INTERN_BITS) - 1;
const interned: (string | undefined)[] = new Array<string | undefined>(INTERN_MASK + 1).fill(undefined);
const MAX_SHORT_VALUE = 12;
const MAX_INTERNED = 48;
const longSlots: number[] = [];

function forgetLongValues(): void {
  for (let k = 0; k < longSlots.length; k++) interned[longSlots[k]] = undefined;
  longSlots.length = 0;
}

/** Pieces of a value with quotes or escapes, joined once at the end (one flat string). */
const pieces: string[] = [];

/**
 * Splits lines into words the way HAProxy's parse_line() does: whitespace separates words
 * outside quotes, `#` outside quotes starts a comment, `'...'` quotes everything, `"..."`
 * quotes but still honours backslash escapes and `$VAR`/`${VAR}`, and a backslash outside
 * single quotes escapes the next character. There is no line continuation. One reader is
 * reused for every line; read() leaves its results in the fields.
 */
class LineReader {
  /** The words of the line: the first `count` entries (the array is reused from line to line). */
  readonly words: Word[] = [];
  count = 0;
  readonly errors: ParseError[] = [];
  comment: ParsedComment | undefined = undefined;
  /** The statement object of the line, made with its first word. */
  anchor: ParsedStatement | undefined = undefined;

  /** Lets go of the last line read. */
  clear(): void {
    this.words.length = 0;
    this.count = 0;
    this.errors.length = 0;
    this.comment = undefined;
    this.anchor = undefined;
  }

  read(src: SourceText, line: number, lineStart: number, lineEnd: number): void {
    const text = src.text;
    const words = this.words;
    let count = 0;
    if (this.errors.length > 0) this.errors.length = 0;
    this.comment = undefined;
    let anchor: ParsedStatement | undefined;
    let i = lineStart;
    if (line === 0 && text.charCodeAt(0) === 0xfeff) i++; // byte order mark

    while (i < lineEnd) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b) {
        i++;
        continue;
      }
      if (c === 0x23) {
        this.comment = new ParsedComment(text.slice(i + 1, lineEnd), i, lineEnd, line, count === 0, lineStart);
        break;
      }
      anchor ??= new ParsedStatement(line, lineStart);
      // A word starts here. Most have no quotes or escapes: their value is the text as written.
      const start = i;
      let j = i;
      let hash = 0;
      while (j < lineEnd) {
        const d = text.charCodeAt(j);
        if (d < 128 && STOPS[d] !== 0) break;
        hash = Math.imul(hash ^ d, 0x01000193);
        j++;
      }
      const stop = j < lineEnd ? text.charCodeAt(j) : 0x20;
      if (stop === 0x20 || stop === 0x09 || stop === 0x0c || stop === 0x0b || stop === 0x23) {
        words[count++] = new ParsedWord(plainValue(text, start, j, hash), anchor, start - lineStart);
        i = j;
        continue;
      }
      this.count = count;
      i = this.readEscaped(src, start, lineEnd, anchor, lineStart);
      count = this.count;
    }
    this.count = count;
    this.anchor = anchor;
  }

  /** Reads a word with quotes, escapes or NUL bytes from `start`; returns where it ends. */
  private readEscaped(src: SourceText, start: number, lineEnd: number, anchor: ParsedStatement, lineStart: number): number {
    const text = src.text;
    const errors = this.errors;
    let quoted = false;
    let hasVariable = false;
    let squote = false;
    let dquote = false;
    let quoteStart = -1;
    let i = start;
    /** Start of the characters not yet added to the value, which are taken as written. */
    let run = i;
    while (i < lineEnd) {
      const ch = text.charCodeAt(i);
      if (squote) {
        if (ch === 0x27) {
          if (i > run) pieces.push(text.slice(run, i));
          squote = false;
          run = ++i;
        } else {
          i++;
        }
        continue;
      }
      if (ch === 0x5c) {
        if (i + 1 >= lineEnd) {
          // A trailing backslash: HAProxy has no line continuation, it stays a literal.
          i++;
          errors.push({
            message:
              'A backslash at the end of a line does not continue it in HAProxy: the next line is a new statement.',
            range: src.range(i - 1, i),
            severity: 'warning',
          });
          continue;
        }
        const next = text.charCodeAt(i + 1);
        if (next === 0x5c || next === 0x20 || next === 0x09 || next === 0x23 || next === 0x22 || next === 0x27 || next === 0x24) {
          // The escaped character is taken as written.
          if (i > run) pieces.push(text.slice(run, i));
          run = i + 1;
          i += 2;
        } else if (next === 0x72 || next === 0x6e || next === 0x74) {
          if (i > run) pieces.push(text.slice(run, i));
          pieces.push(next === 0x72 ? '\r' : next === 0x6e ? '\n' : '\t');
          run = i += 2;
        } else if (next === 0x78) {
          if (i + 3 < lineEnd && isHex(text.charCodeAt(i + 2)) && isHex(text.charCodeAt(i + 3))) {
            if (i > run) pieces.push(text.slice(run, i));
            pieces.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16)));
            run = i += 4;
          } else {
            errors.push({
              message: 'Truncated or invalid hexadecimal escape: write \\x followed by two hex digits.',
              range: src.range(i, Math.min(i + 4, lineEnd)),
              severity: 'error',
            });
            // '\x' stays as written.
            i += 2;
          }
        } else {
          // Unknown escape: HAProxy keeps the backslash.
          i++;
        }
        continue;
      }
      if (ch === 0x27 && !dquote) {
        if (i > run) pieces.push(text.slice(run, i));
        squote = true;
        quoted = true;
        quoteStart = i;
        run = ++i;
        continue;
      }
      if (ch === 0x22) {
        if (i > run) pieces.push(text.slice(run, i));
        dquote = !dquote;
        quoted = true;
        if (dquote) quoteStart = i;
        run = ++i;
        continue;
      }
      if (ch === 0x24 && dquote) {
        const m = /^\$(\{[A-Za-z_][A-Za-z0-9_.]*(?:\[[^\]]*\])?(?:-[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(
          text.slice(i, Math.min(lineEnd, i + 512)),
        );
        if (m) {
          // The reference stays as written.
          hasVariable = true;
          i += m[0].length;
          continue;
        }
        if (text.charCodeAt(i + 1) === 0x7b) {
          errors.push({
            message: 'Unterminated or invalid environment variable reference: write ${NAME}.',
            range: src.range(i, Math.min(i + 2, lineEnd)),
            severity: 'error',
          });
        }
        i++;
        continue;
      }
      if (!dquote && (ch === 0x20 || ch === 0x09 || ch === 0x0c || ch === 0x0b || ch === 0x23)) break;
      if (ch === 0) {
        errors.push({
          message: 'NUL byte in the line: HAProxy cannot read binary data in a configuration file.',
          range: src.range(i, i + 1),
          severity: 'error',
        });
      }
      i++;
    }
    if (squote || dquote) {
      errors.push({
        message: `Unmatched ${squote ? 'single' : 'double'} quote: the quote opened here is never closed on this line.`,
        range: src.range(quoteStart, quoteStart + 1),
        severity: 'error',
      });
    }
    const raw = text.slice(start, i);
    let value: string;
    if (pieces.length === 0) {
      value = run === start ? raw : text.slice(run, i);
    } else {
      if (i > run) pieces.push(text.slice(run, i));
      value = pieces.length === 1 ? pieces[0] : pieces.join('');
      pieces.length = 0;
    }
    const flags = (quoted ? WORD_QUOTED : 0) | (hasVariable ? WORD_HAS_VARIABLE : 0);
    this.words[this.count++] = (
      flags === 0 && value === raw
        ? new ParsedWord(raw, anchor, start - lineStart)
        : new EscapedWord(value, raw, anchor, start - lineStart, flags)
    );
    return i;
  }
}

/** The value of the plain word text[start, end), shared with an equal value seen before when there is one. */
function plainValue(text: string, start: number, end: number, hash: number): string {
  const length = end - start;
  if (length > MAX_INTERNED) return text.slice(start, end);
  const slot = (hash ^ (hash >>> INTERN_BITS)) & INTERN_MASK;
  const known = interned[slot];
  if (known !== undefined && known.length === length) {
    let k = 0;
    while (k < length && known.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === length) return known;
  }
  const value = text.slice(start, end);
  interned[slot] = value;
  if (length > MAX_SHORT_VALUE) longSlots.push(slot);
  return value;
}

const reader = new LineReader();

/**
 * Splits one line into words the way HAProxy's parse_line() does (see LineReader); problems
 * are added to `errors`.
 */
export function tokenizeLine(src: SourceText, line: number, errors: ParseError[]): LineTokens {
  const words: Word[] = [];
  if (line < 0 || line >= src.lineCount) return { words, comment: undefined };
  reader.read(src, line, src.lineStarts[line], src.lineEnd(line));
  forgetLongValues();
  for (let k = 0; k < reader.count; k++) words.push(reader.words[k]);
  for (let k = 0; k < reader.errors.length; k++) errors.push(reader.errors[k]);
  if (reader.anchor) reader.anchor.words = words;
  const comment = reader.comment;
  reader.clear();
  return { words, comment };
}

/** What the parser keeps with a document so that an edit can re-read only the lines it touches. */
interface ParseState {
  lineCount: number;
  /** Problems found on single lines, in line order. */
  problems: LineProblems[];
  /** `.if` blocks still open at the end of the file. */
  open: ParsedDirective[];
}

const states = new WeakMap<HaproxyConfig, ParseState>();

/** What reparseRegion() changed, for incremental.ts. */
export interface Reparsed {
  config: HaproxyConfig;
  /** Last line (new numbering) of a kept statement whose context changed: its section, whether
   * it is the header, its `.if` depth or its header's. -1 when none did. */
  lastContextChange: number;
}

/** Lines of a document, read one after the other: what they hold, in line order. */
class LineList {
  statements: Statement[] = [];
  sections: Section[] = [];
  comments: Comment[] = [];
  directives: ParsedDirective[] = [];
  problems: LineProblems[] = [];

  /** Reads lines `from..to` of `src`. */
  readLines(src: SourceText, from: number, to: number): void {
    const starts = src.lineStarts;
    const count = src.lineCount;
    const text = src.text;
    for (let line = from; line <= to; line++) {
      const lineStart = starts[line];
      let lineEnd: number;
      if (line + 1 >= count) lineEnd = text.length;
      else {
        lineEnd = starts[line + 1];
        if (text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
        if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      }
      if (lineStart === lineEnd) continue;
      reader.read(src, line, lineStart, lineEnd);
      if (reader.comment) this.comments.push(reader.comment);
      const anchor = reader.anchor;
      if (anchor) this.addLine(src, anchor);
    }
    forgetLongValues();
    reader.clear();
  }

  private addLine(src: SourceText, anchor: ParsedStatement): void {
    const words = reader.words.slice(0, reader.count);
    anchor.words = words;
    let problems: ParseError[] | undefined = reader.errors.length > 0 ? reader.errors.slice() : undefined;
    if (words.length > MAX_WORDS) {
      (problems ??= []).push({
        message: `Too many words on one line: HAProxy reads at most ${MAX_WORDS} and stops with an error.`,
        range: src.range(words[MAX_WORDS].start, words[words.length - 1].end),
        severity: 'error',
      });
    }
    const first = words[0];
    const keyword = first.text;
    if (keyword.charCodeAt(0) === 0x2e && DIRECTIVES.has(keyword) && !first.quoted) {
      this.directives.push(new ParsedDirective(keyword as DirectiveKind, anchor));
    } else {
      // HAProxy compares the unquoted word, so `"defaults"` opens a section too.
      const arity = SECTION_KEYWORDS.get(keyword);
      if (arity !== undefined) {
        const kind = keyword as SectionKind;
        const section: Section = { kind, header: anchor, statements: NO_STATEMENTS, range: lineRange(anchor.line, words), lastLine: anchor.line };
        // As HAProxy reads a header: the word after the keyword is the name (`backend from`
        // is a backend named 'from'), except in `defaults from <name>`, an unnamed defaults
        // section that inherits from <name>.
        const unnamedFrom = kind === 'defaults' && words.length === 3 && words[1].text === 'from';
        if (arity !== 'none' && words.length > 1 && !unnamedFrom) section.name = words[1];
        for (let k = unnamedFrom || !section.name ? 1 : 2; k < words.length - 1; k++) {
          if (words[k].text === 'from') {
            section.from = words[k + 1];
            break;
          }
        }
        if (arity === 'required' && !section.name) {
          (problems ??= []).push({ message: `'${kind}' needs a name.`, range: first.range, severity: 'error' });
        }
        anchor.section = section;
        this.sections.push(section);
      }
      this.statements.push(anchor);
    }
    if (problems) this.problems.push({ anchor, line: anchor.line, errors: problems });
  }
}

const NO_STATEMENTS: Statement[] = [];

function isHeader(statement: Statement): boolean {
  const section = statement.section;
  return section !== undefined && section.header === statement;
}

interface OpenIf {
  directive: ParsedDirective;
  sawElse: boolean;
}

/**
 * Puts the lines together: sections, `.if` blocks and the problems that span lines. It walks
 * the statements and directives of the document in line order from some point on, with the
 * state the lines before that point left.
 */
class Assembler {
  current: Section | undefined = undefined;
  /** Index in `statements` of the first statement after the current section's header. */
  currentStart = 0;
  /** The current section is new, or its header's context changed. */
  currentChanged = false;
  lastContentLine = -1;
  lastContextChange = -1;
  readonly ifStack: OpenIf[] = [];

  constructor(
    readonly src: SourceText,
    readonly statements: Statement[],
    readonly directives: ParsedDirective[],
  ) {}

  private closeSection(endLine: number, endIndex: number): void {
    const current = this.current;
    if (!current) return;
    const last = Math.max(current.header.line, endLine);
    current.lastLine = last;
    const starts = this.src.lineStarts;
    current.range = {
      start: current.header.range.start,
      end: { line: last, character: this.src.lineEnd(last) - starts[last] },
    };
    current.statements = this.statements.slice(this.currentStart, endIndex);
  }

  private directive(d: ParsedDirective): void {
    const stack = this.ifStack;
    const kind = d.kind;
    d.depth = stack.length;
    d.problem = undefined;
    if (kind === '.if') {
      if (d.words.length < 2) d.problem = { message: '.if needs a condition.', range: d.range, severity: 'error' };
      stack.push({ directive: d, sawElse: false });
    } else if (kind === '.elif' || kind === '.else') {
      const top = stack[stack.length - 1];
      if (!top) {
        d.problem = { message: `${kind} without a matching .if.`, range: d.range, severity: 'error' };
      } else if (top.sawElse) {
        d.problem = { message: `${kind} after .else in the same .if block.`, range: d.range, severity: 'error' };
      } else if (kind === '.else') {
        top.sawElse = true;
      }
      d.depth = Math.max(0, stack.length - 1);
    } else if (kind === '.endif') {
      if (!stack.pop()) d.problem = { message: '.endif without a matching .if.', range: d.range, severity: 'error' };
      d.depth = stack.length;
    }
  }

  /** Replays directives[0..end) for the state they leave, without touching them. */
  replay(directives: readonly ParsedDirective[], end: number): void {
    const stack = this.ifStack;
    for (let k = 0; k < end; k++) {
      const kind = directives[k].kind;
      if (kind === '.if') stack.push({ directive: directives[k], sawElse: false });
      else if (kind === '.else') {
        const top = stack[stack.length - 1];
        if (top && !top.sawElse) top.sawElse = true;
      } else if (kind === '.endif') stack.pop();
    }
  }

  /**
   * Walks statements from index `s` and directives from index `d` in line order. Statements
   * from index `keptFrom` on are kept from an earlier parse: with `stopAtKeptHeader`, the walk
   * ends at the first kept header (what follows it is unchanged); otherwise it goes on to the
   * end, updating only `.if` depths past that header. Returns the index where it stopped.
   */
  walk(s: number, d: number, keptFrom: number, stopAtKeptHeader: boolean): number {
    const statements = this.statements;
    const directives = this.directives;
    const sn = statements.length;
    const dn = directives.length;
    const stack = this.ifStack;
    let nextDirectiveLine = d < dn ? directives[d].line : Infinity;
    let depthOnly = false;
    for (; s < sn; s++) {
      const statement = statements[s];
      const line = statement.line;
      while (nextDirectiveLine < line) {
        this.directive(directives[d++]);
        nextDirectiveLine = d < dn ? directives[d].line : Infinity;
      }
      const depth = stack.length;
      if (depthOnly) {
        const changed = statement.conditionalDepth !== depth;
        if (isHeader(statement)) this.currentChanged = changed;
        if (changed || this.currentChanged) this.lastContextChange = line;
        statement.conditionalDepth = depth;
        continue;
      }
      const kept = s >= keptFrom;
      const section = statement.section;
      if (section !== undefined && section.header === statement) {
        if (kept) {
          // Sections from here on have the same statements as before.
          this.closeSection(this.lastContentLine, s);
          this.current = undefined;
          if (stopAtKeptHeader) return s;
          depthOnly = true;
          s--;
          continue;
        }
        this.closeSection(this.lastContentLine, s);
        statement.conditionalDepth = depth;
        this.current = section;
        this.currentStart = s + 1;
        this.currentChanged = true;
      } else {
        const current = this.current;
        if (kept && (section !== current || statement.conditionalDepth !== depth || (current !== undefined && this.currentChanged))) {
          this.lastContextChange = line;
        }
        statement.conditionalDepth = depth;
        statement.section = current;
      }
      this.lastContentLine = line;
    }
    while (d < dn) this.directive(directives[d++]);
    if (!depthOnly) this.closeSection(Math.max(this.lastContentLine, this.src.lineCount - 1), sn);
    return sn;
  }
}

/** Problems of the whole document, in the order a full parse reports them. */
function collectErrors(src: SourceText, problems: LineProblems[], directives: readonly ParsedDirective[], open: readonly ParsedDirective[]): ParseError[] {
  const errors: ParseError[] = [];
  let d = 0;
  for (let p = 0; p <= problems.length; p++) {
    const entry = p < problems.length ? problems[p] : undefined;
    const line = entry ? entry.anchor.line : Infinity;
    // A directive's problem comes after those of its line.
    for (; d < directives.length && directives[d].line < line; d++) {
      const directive = directives[d];
      const problem = directive.problem;
      if (!problem) continue;
      if (problem.range.start.line !== directive.line) directive.problem = { ...problem, range: directive.range };
      errors.push(directive.problem!);
    }
    if (!entry) break;
    if (entry.line !== line) {
      // Problems hold plain ranges that may have been handed out: the moved line gets new ones.
      const delta = line - entry.line;
      entry.errors = entry.errors.map((e) => ({ ...e, range: shiftRange(e.range, delta) }));
      entry.line = line;
    }
    for (const e of entry.errors) errors.push(e);
    if (d < directives.length && directives[d].anchor === entry.anchor) {
      const directive = directives[d++];
      if (directive.problem) {
        if (directive.problem.range.start.line !== line) directive.problem = { ...directive.problem, range: directive.range };
        errors.push(directive.problem);
      }
    }
  }

  // HAProxy 2.6 refuses a file whose last line has no line break (it may be truncated).
  const last = src.lineCount - 1;
  if (src.lineText(last) !== '' && src.lineBreak(last) === '') {
    const end = src.text.length;
    errors.push({
      message: 'The last line has no line break: HAProxy refuses the file as possibly truncated. Add a newline at the end.',
      range: src.range(end - 1, end),
      severity: 'error',
    });
  }
  for (const directive of open) {
    errors.push({ message: '.if block is never closed with .endif.', range: directive.range, severity: 'error' });
  }
  return errors;
}

function makeConfig(
  src: SourceText,
  statements: Statement[],
  sections: Section[],
  comments: Comment[],
  directives: ParsedDirective[],
  problems: LineProblems[],
  open: ParsedDirective[],
): HaproxyConfig {
  // Statements before the first section header are orphans.
  let orphanCount = statements.length;
  if (sections.length > 0) {
    const firstHeader = sections[0].header;
    orphanCount = 0;
    while (statements[orphanCount] !== firstHeader) orphanCount++;
  }
  const orphans = statements.slice(0, orphanCount);
  const errors = collectErrors(src, problems, directives, open);
  const config: HaproxyConfig = { source: src, sections, orphans, statements, comments, directives, errors };
  states.set(config, { lineCount: src.lineCount, problems, open });
  return config;
}

/** Parses a whole haproxy.cfg. Never throws; problems are returned in `errors`. */
export function parseHaproxy(text: string): HaproxyConfig {
  const src = new SourceText(text);
  const lines = new LineList();
  lines.readLines(src, 0, src.lineCount - 1);
  // Exact copies: an array grown by push keeps room for half as many entries again.
  const statements = lines.statements.length > 64 ? lines.statements.slice() : lines.statements;
  const assembler = new Assembler(src, statements, lines.directives);
  assembler.walk(0, 0, statements.length, false);
  const open = assembler.ifStack.map((o) => o.directive);
  return makeConfig(src, statements, lines.sections, lines.comments, lines.directives, lines.problems, open);
}

/** First index in `list` whose line (as `lineOf` reads it) is >= `line`; lists are in line order. */
export function firstAtOrAfter<T>(list: readonly T[], line: number, lineOf: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lineOf(list[mid]) < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const lineOfStatement = (s: Statement) => s.line;
const lineOfDirective = (d: ParsedDirective) => d.anchor.line;
const lineOfComment = (c: Comment) => c.line;
const lineOfProblems = (p: LineProblems) => p.anchor.line;
const lineOfSection = (s: Section) => s.header.line;

/** `list` with list[from..to) replaced by `middle`, as a new array of exactly that size. */
function splice<T>(list: readonly T[], from: number, to: number, middle: readonly T[]): T[] {
  if (middle.length > 4096) return list.slice(0, from).concat(middle, list.slice(to));
  return (list as unknown as { toSpliced(start: number, count: number, ...items: T[]): T[] }).toSpliced(from, to - from, ...middle);
}

/**
 * Builds the document for `src`, the text of `previous` after an edit that replaced old lines
 * `first..oldLast` by new lines `first..newLast`; every character after them moved by
 * `offset`. Only the new lines are read. The statements, sections, words and comments of the
 * other lines are kept and updated in place (moved, given their new context), so `previous`
 * must not be used afterwards; its own lists stay as they were. Undefined when `previous`
 * was not made by this parser or was re-parsed already.
 */
export function reparseRegion(
  previous: HaproxyConfig,
  src: SourceText,
  first: number,
  oldLast: number,
  newLast: number,
  offset: number,
): Reparsed | undefined {
  const state = states.get(previous);
  if (!state || state.lineCount !== previous.source.lineCount) return undefined;
  states.delete(previous);
  const lineDelta = newLast - oldLast;
  const oldStatements = previous.statements;
  const oldDirectives = previous.directives as ParsedDirective[];
  const oldSections = previous.sections;
  const oldComments = previous.comments;
  const oldProblems = state.problems;

  // Where the edited lines sit in each list (old numbering).
  const sA = firstAtOrAfter(oldStatements, first, lineOfStatement);
  const sB = firstAtOrAfter(oldStatements, oldLast + 1, lineOfStatement);
  const dA = firstAtOrAfter(oldDirectives, first, lineOfDirective);
  const dB = firstAtOrAfter(oldDirectives, oldLast + 1, lineOfDirective);
  const cA = firstAtOrAfter(oldComments, first, lineOfComment);
  const cB = firstAtOrAfter(oldComments, oldLast + 1, lineOfComment);
  const pA = firstAtOrAfter(oldProblems, first, lineOfProblems);
  const pB = firstAtOrAfter(oldProblems, oldLast + 1, lineOfProblems);
  const secA = firstAtOrAfter(oldSections, first, lineOfSection);
  const secB = firstAtOrAfter(oldSections, oldLast + 1, lineOfSection);

  // Move what follows the edit.
  if (offset !== 0 || lineDelta !== 0) {
    for (let k = sB; k < oldStatements.length; k++) {
      const s = oldStatements[k] as ParsedStatement;
      s.line += lineDelta;
      s.lineStart += offset;
    }
    for (let k = dB; k < oldDirectives.length; k++) {
      const a = oldDirectives[k].anchor;
      a.line += lineDelta;
      a.lineStart += offset;
    }
    for (let k = cB; k < oldComments.length; k++) {
      const c = oldComments[k] as ParsedComment;
      c.line += lineDelta;
      c.start += offset;
      c.end += offset;
      c.lineStart += offset;
    }
  }
  if (lineDelta !== 0) {
    for (let k = secB; k < oldSections.length; k++) {
      const section = oldSections[k];
      section.lastLine += lineDelta;
      section.range = { start: section.header.range.start, end: { line: section.lastLine, character: section.range.end.character } };
    }
  }

  const lines = new LineList();
  lines.readLines(src, first, newLast);
  const statements = splice(oldStatements, sA, sB, lines.statements);
  const directives = splice(oldDirectives, dA, dB, lines.directives);
  const sections = splice(oldSections, secA, secB, lines.sections);
  const comments = splice(oldComments, cA, cB, lines.comments);
  const problems = pA === pB && lines.problems.length === 0 ? oldProblems : splice(oldProblems, pA, pB, lines.problems);

  // The state the lines before the edit leave: their section and their open `.if` blocks.
  const assembler = new Assembler(src, statements, directives);
  assembler.replay(directives, dA);
  if (secA > 0) {
    const current = oldSections[secA - 1];
    assembler.current = current;
    assembler.currentStart = firstAtOrAfter(statements, current.header.line, lineOfStatement) + 1;
  }
  assembler.lastContentLine = sA > 0 ? statements[sA - 1].line : -1;
  // Without directives among the edited lines, the `.if` blocks after them are the same as
  // before, and so is everything from the next kept section header on.
  const sameBlocks = dA === dB && lines.directives.length === 0;
  assembler.walk(sA, dA, sA + lines.statements.length, sameBlocks);
  const open = sameBlocks ? state.open : assembler.ifStack.map((o) => o.directive);
  const config = makeConfig(src, statements, sections, comments, directives, problems, open);
  return { config, lastContextChange: assembler.lastContextChange };
}
