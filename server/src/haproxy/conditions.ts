/**
 * ACL expressions in haproxy.cfg statements: named ACLs (`acl <name> <fetch> [flags]
 * <patterns>...`) and the conditions after `if`/`unless`, with their anonymous ACLs
 * (`{ <fetch> [flags] <patterns>... }`). Mirrors HAProxy's `parse_acl_cond()` and
 * `parse_acl_expr()`: `!` negates (alone or glued to a name or to `{`), `||` and `or`
 * separate alternatives, braces must be words of their own.
 */
import type { Statement, Word } from './ast';

export interface AclFlag {
  /** `-i`, `-m`, `-f`, ... */
  flag: Word;
  /** The argument of `-m`, `-f` and `-u`. */
  argument?: Word;
}

export interface AclExpression {
  statement: Statement;
  /** `named` for an `acl` statement, `anonymous` for `{ ... }` in a condition. */
  kind: 'named' | 'anonymous';
  /** The ACL name of a named ACL. */
  name?: Word;
  /** The fetch with its arguments and converters, e.g. `hdr_ip(x-forwarded-for,-1)`. */
  fetch: Word;
  flags: AclFlag[];
  /** The `-m` method, when given. */
  match?: string;
  /** Pattern files given with `-f`. */
  files: Word[];
  /** The patterns written inline. */
  patterns: Word[];
  /** The braces of an anonymous ACL. */
  open?: Word;
  close?: Word;
}

export interface ConditionTerm {
  negated: boolean;
  /** A reference to a named ACL (without its `!`). */
  aclName?: string;
  aclWord?: Word;
  /** An anonymous ACL. */
  anonymous?: AclExpression;
}

export interface Condition {
  /** The `if` or `unless` word. */
  keyword: Word;
  /** Alternatives (separated by `||`/`or`), each a list of terms that must all hold. */
  alternatives: ConditionTerm[][];
  /** A `{` without its `}`. */
  unclosed?: Word;
}

/** ACL flags that take an argument. */
const FLAGS_WITH_ARGUMENT = new Set(['-m', '-f', '-u']);

/** Keywords whose arguments never hold a condition. */
const NO_CONDITION = new Set(['acl', 'log-format', 'log-format-sd', 'error-log-format', 'unique-id-format', 'description']);

/**
 * Splits `<fetch> [flags] <patterns>` starting at `words[from]` and stopping before
 * `words[to]`. Flags are read as HAProxy does: every word starting with `-` until `--`
 * or the first word that does not.
 */
function readExpression(
  statement: Statement,
  words: Word[],
  from: number,
  to: number,
  kind: AclExpression['kind'],
): AclExpression | undefined {
  const fetch = words[from];
  if (!fetch || from >= to) return undefined;
  const expr: AclExpression = { statement, kind, fetch, flags: [], files: [], patterns: [] };
  let i = from + 1;
  while (i < to && words[i].text.startsWith('-')) {
    const flag = words[i];
    if (flag.text === '--') {
      i++;
      break;
    }
    if (FLAGS_WITH_ARGUMENT.has(flag.text)) {
      const argument = i + 1 < to ? words[i + 1] : undefined;
      expr.flags.push({ flag, argument });
      if (flag.text === '-m' && argument) expr.match = argument.text;
      if (flag.text === '-f' && argument) expr.files.push(argument);
      i += 2;
    } else {
      expr.flags.push({ flag });
      i += 1;
    }
  }
  expr.patterns = words.slice(Math.min(i, to), to);
  return expr;
}

/** The expression of an `acl <name> <fetch> ...` statement. */
export function namedAcl(statement: Statement): AclExpression | undefined {
  const w = statement.words;
  if (w[0]?.text !== 'acl' || w[0].quoted || w.length < 3) return undefined;
  const expr = readExpression(statement, w, 2, w.length, 'named');
  if (expr) expr.name = w[1];
  return expr;
}

/** The index of the `if`/`unless` word that starts the statement's condition, or -1. */
export function conditionStart(statement: Statement): number {
  const w = statement.words;
  if (w.length < 2 || w[0].quoted || NO_CONDITION.has(w[0].text)) return -1;
  for (let i = 1; i < w.length; i++) {
    // Every word of every statement passes here: the length rules out most before comparing.
    const text = w[i].text;
    const length = text.length;
    if ((length === 2 ? text === 'if' : length === 6 && text === 'unless') && !w[i].quoted) return i;
  }
  return -1;
}

/** Parses the `if`/`unless` condition of a statement, if it has one. */
export function findCondition(statement: Statement): Condition | undefined {
  const start = conditionStart(statement);
  if (start < 0) return undefined;
  const w = statement.words;
  const condition: Condition = { keyword: w[start], alternatives: [[]] };
  let i = start + 1;
  let negated = false;
  while (i < w.length) {
    const text = w[i].text;
    // HAProxy matches the `or` operator in any case (`OR`, `Or`).
    if (text === '||' || text.toLowerCase() === 'or') {
      condition.alternatives.push([]);
      negated = false;
      i++;
      continue;
    }
    const bangs = /^!*/.exec(text)![0].length;
    if (bangs % 2 === 1) negated = !negated;
    if (bangs === text.length) {
      // A lone `!`: it negates the next term.
      i++;
      continue;
    }
    const term = readTerm(statement, w, i, negated);
    condition.alternatives[condition.alternatives.length - 1].push(term.term);
    if (term.unclosed) condition.unclosed = term.unclosed;
    i = term.next;
    negated = false;
  }
  return condition;
}

/**
 * Calls `visit` with each word of the statement's condition that names an ACL (as
 * findCondition() reads them: `!` prefixes included in the word, `{ ... }` blocks skipped),
 * without building the condition.
 */
export function forEachNamedAclTerm(statement: Statement, visit: (word: Word, bangs: number) => void): void {
  const start = conditionStart(statement);
  if (start < 0) return;
  const w = statement.words;
  let i = start + 1;
  while (i < w.length) {
    const text = w[i].text;
    if (text === '||' || (text.length === 2 && text.toLowerCase() === 'or')) {
      i++;
      continue;
    }
    let bangs = 0;
    while (bangs < text.length && text.charCodeAt(bangs) === 0x21) bangs++;
    if (bangs === text.length) {
      i++;
      continue;
    }
    if (text.length - bangs === 1 && text.charCodeAt(bangs) === 0x7b) {
      // An anonymous ACL: on to the word after its closing brace.
      let k = i + 1;
      while (k < w.length && w[k].text !== '}') k++;
      i = k + 1;
      continue;
    }
    visit(w[i], bangs);
    i++;
  }
}

function readTerm(
  statement: Statement,
  w: Word[],
  i: number,
  negated: boolean,
): { term: ConditionTerm; next: number; unclosed?: Word } {
  const word = w[i];
  const text = word.text.replace(/^!+/, '');
  if (text === '{') {
    let close = -1;
    for (let k = i + 1; k < w.length; k++) {
      if (w[k].text === '}') {
        close = k;
        break;
      }
    }
    const end = close < 0 ? w.length : close;
    const expr = readExpression(statement, w, i + 1, end, 'anonymous');
    if (expr) {
      expr.open = word;
      if (close >= 0) expr.close = w[close];
    }
    return {
      term: { negated, anonymous: expr },
      next: close < 0 ? w.length : close + 1,
      unclosed: close < 0 ? word : undefined,
    };
  }
  return { term: { negated, aclName: text, aclWord: word }, next: i + 1 };
}

/** Every ACL expression in a statement: its own (for `acl`) and the anonymous ones of its condition. */
export function aclExpressions(statement: Statement): AclExpression[] {
  const named = namedAcl(statement);
  if (named) return [named];
  const condition = findCondition(statement);
  if (!condition) return [];
  const out: AclExpression[] = [];
  for (const alternative of condition.alternatives) {
    for (const term of alternative) if (term.anonymous) out.push(term.anonymous);
  }
  return out;
}

/**
 * Receives one ACL expression by word indexes: the fetch is `words[fetch]`, the inline
 * patterns are `words[patterns]` up to (not including) `words[end]`, and `match` is the
 * argument of its `-m` flag, if any.
 */
export type AclExpressionVisitor = (words: Word[], fetch: number, patterns: number, end: number, match: string | undefined) => void;

/**
 * Calls `visit` for each expression aclExpressions() returns, in the same order, without
 * building them: rules that only read the fetch and the patterns use this on every
 * statement of a file.
 */
export function forEachAclExpression(statement: Statement, visit: AclExpressionVisitor): void {
  const w = statement.words;
  if (w.length < 2) return;
  if (w[0].text === 'acl') {
    // Not an ACL when quoted or too short, and then no condition either (see conditionStart).
    if (!w[0].quoted && w.length >= 3) visitExpression(w, 2, w.length, visit);
    return;
  }
  const start = conditionStart(statement);
  if (start < 0) return;
  // The walk of findCondition(), keeping only the anonymous ACLs.
  let i = start + 1;
  while (i < w.length) {
    const text = w[i].text;
    if (text === '||' || isOr(text)) {
      i++;
      continue;
    }
    let bangs = 0;
    while (bangs < text.length && text.charCodeAt(bangs) === 0x21) bangs++;
    if (bangs === text.length || text.length !== bangs + 1 || text.charCodeAt(bangs) !== 0x7b) {
      // A lone '!', or a named ACL.
      i++;
      continue;
    }
    let close = -1;
    for (let k = i + 1; k < w.length; k++) {
      if (w[k].text === '}') {
        close = k;
        break;
      }
    }
    visitExpression(w, i + 1, close < 0 ? w.length : close, visit);
    i = close < 0 ? w.length : close + 1;
  }
}

/** `text.toLowerCase() === 'or'`, without making the lower-case copy. */
function isOr(text: string): boolean {
  return text.length === 2 && (text.charCodeAt(0) | 0x20) === 0x6f && (text.charCodeAt(1) | 0x20) === 0x72;
}

/** readExpression() by indexes, for forEachAclExpression(). */
function visitExpression(words: Word[], from: number, to: number, visit: AclExpressionVisitor): void {
  if (!words[from] || from >= to) return;
  let match: string | undefined;
  let i = from + 1;
  while (i < to && words[i].text.startsWith('-')) {
    const flag = words[i].text;
    if (flag === '--') {
      i++;
      break;
    }
    if (FLAGS_WITH_ARGUMENT.has(flag)) {
      if (flag === '-m' && i + 1 < to) match = words[i + 1].text;
      i += 2;
    } else {
      i += 1;
    }
  }
  visit(words, from, Math.min(i, to), to, match);
}

export interface FetchParts {
  /** The fetch name (`hdr_ip`). */
  name: string;
  /** Its arguments as written between the parentheses, when any. */
  args?: string;
  /** The converter names applied after it, in order (`ipmask`, `lower`). */
  converters: string[];
}

/** Splits `fetch(args),conv1(args),conv2` at the commas that are outside parentheses. */
export function splitFetch(text: string): FetchParts {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  const nameOf = (piece: string) => {
    const p = piece.indexOf('(');
    return p < 0 ? piece : piece.slice(0, p);
  };
  const first = pieces[0];
  const paren = first.indexOf('(');
  return {
    name: nameOf(first),
    args: paren < 0 ? undefined : first.slice(paren + 1, first.endsWith(')') ? -1 : undefined),
    converters: pieces.slice(1).map(nameOf),
  };
}

/** Sample fetches whose output is an address, so that ACLs on them match IP patterns. */
export const IP_FETCHES: ReadonlySet<string> = new Set([
  'src', 'dst', 'fc_src', 'fc_dst', 'hdr_ip', 'req.hdr_ip', 'res.hdr_ip', 'shdr_ip', 'url_ip', 'ipv4', 'ipv6',
]);

/** Converters whose output is an address. */
function isIpConverter(name: string): boolean {
  return name === 'ipmask' || /^map_[a-z]+_ip$/.test(name);
}

/**
 * True when HAProxy matches the expression's patterns as IP addresses or networks: an
 * explicit `-m ip`, or no `-m` and a fetch (or last converter) that yields an address.
 */
export function matchesIp(expr: AclExpression): boolean {
  return fetchMatchesIp(expr.fetch.text, expr.match);
}

/** matchesIp() of an expression with this fetch and `-m` method. */
export function fetchMatchesIp(fetch: string, match: string | undefined): boolean {
  if (match !== undefined) return match === 'ip';
  if (fetch.indexOf(',') < 0) {
    // No converter: the fetch name alone decides.
    const paren = fetch.indexOf('(');
    return IP_FETCHES.has(paren < 0 ? fetch : fetch.slice(0, paren));
  }
  const parts = splitFetch(fetch);
  if (parts.converters.length > 0) return isIpConverter(parts.converters[parts.converters.length - 1]);
  return IP_FETCHES.has(parts.name);
}
