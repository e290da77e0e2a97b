import { SourceText } from '../common/source';
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
      comment = {
        text: text.slice(i + 1, lineEnd),
        start: i,
        end: lineEnd,
        range: src.range(i, lineEnd),
        line,
        ownLine,
      };
      break;
    }
    // A word starts here.
    const start = i;
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
    words.push({
      text: value,
      raw: text.slice(start, i),
      start,
      end: i,
      range: src.range(start, i),
      quoted,
      hasVariable,
    });
  }
  return { words, comment };
}

function statementRange(src: SourceText, words: Word[]) {
  return src.range(words[0].start, words[words.length - 1].end);
}

/** Parses a whole haproxy.cfg. Never throws; problems are returned in `errors`. */
export function parseHaproxy(text: string): HaproxyConfig {
  const src = new SourceText(text);
  const errors: ParseError[] = [];
  const sections: Section[] = [];
  const orphans: Statement[] = [];
  const statements: Statement[] = [];
  const comments: Comment[] = [];
  const directives: Directive[] = [];
  const ifStack: { directive: Directive; sawElse: boolean }[] = [];
  let current: Section | undefined;
  let lastContentLine = -1;

  const closeSection = (endLine: number) => {
    if (!current) return;
    const last = Math.max(current.header.line, endLine);
    current.lastLine = last;
    current.range = { start: current.header.range.start, end: src.positionAt(src.lineEnd(last)) };
  };

  for (let line = 0; line < src.lineCount; line++) {
    const { words, comment } = tokenizeLine(src, line, errors);
    if (comment) comments.push(comment);
    if (words.length === 0) continue;
    if (words.length > MAX_WORDS) {
      errors.push({
        message: `Too many words on one line: HAProxy reads at most ${MAX_WORDS} and stops with an error.`,
        range: src.range(words[MAX_WORDS].start, words[words.length - 1].end),
        severity: 'error',
      });
    }
    const first = words[0].text;
    const range = statementRange(src, words);

    if (DIRECTIVES.has(first) && !words[0].quoted) {
      const kind = first as DirectiveKind;
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

    const statement: Statement = { words, line, range, conditionalDepth: ifStack.length };
    statements.push(statement);
    // HAProxy compares the unquoted word, so `"defaults"` opens a section too.
    const sectionArity = SECTION_KEYWORDS.get(first);
    if (sectionArity !== undefined) {
      closeSection(lastContentLine);
      const kind = first as SectionKind;
      const section: Section = {
        kind,
        header: statement,
        statements: [],
        range,
        lastLine: line,
      };
      if (sectionArity !== 'none' && words.length > 1 && words[1].text !== 'from') section.name = words[1];
      const fromIndex = words.findIndex((w, idx) => idx > 0 && w.text === 'from');
      if (fromIndex > 0 && words[fromIndex + 1]) section.from = words[fromIndex + 1];
      if (sectionArity === 'required' && !section.name) {
        errors.push({ message: `'${kind}' needs a name.`, range: words[0].range, severity: 'error' });
      }
      statement.section = section;
      sections.push(section);
      current = section;
    } else if (current) {
      statement.section = current;
      current.statements.push(statement);
    } else {
      orphans.push(statement);
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
  return { source: src, sections, orphans, statements, comments, directives, errors };
}
