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
    if (!w[i].quoted && (w[i].text === 'if' || w[i].text === 'unless')) return i;
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
  if (expr.match !== undefined) return expr.match === 'ip';
  const parts = splitFetch(expr.fetch.text);
  if (parts.converters.length > 0) return isIpConverter(parts.converters[parts.converters.length - 1]);
  return IP_FETCHES.has(parts.name);
}
