/**
 * Rewrites of the header-manipulation directives HAProxy 2.1 removed (`reqadd`, `reqrep`,
 * `rspdel`, `reqdeny`, ...) into the `http-request` / `http-response` rules that replace
 * them. A rewrite is offered only when the new line does what the old one did:
 *
 * - The old directives saw each header as one line, `name: value`; the new actions see the
 *   value alone. A regular expression is carried over only when it starts with `^Name:`,
 *   a literal header name, and the whitespace after the colon, so that what follows can be
 *   anchored at the start of the value.
 * - Old replacement strings were plain text, new ones are log-format strings: `%` is
 *   doubled. Back-references (`\1`) keep their numbers because the part that is dropped
 *   holds no group.
 * - The case-insensitive forms (`reqirep`, `rspidel`, ...) get `(?i)` or `-i`.
 * - The old directives ran after every `http-request` (`http-response`) rule of their
 *   section, and `reqadd`/`rspadd` after every other old directive. A rewritten line stays
 *   where it is, so no rewrite is offered when a rule that would then change places with
 *   it follows in the same section, or when an earlier `http-request allow` (which the old
 *   directives ignored) would now skip it.
 *
 * Everything else (request lines other than a path prefix swap, `reqallow`, `reqpass`,
 * patterns that are not anchored on a header name) gets no rewrite.
 */
import type { SectionKind, Statement } from './ast';
import { conditionStart, findCondition, type ConditionTerm } from './conditions';

export interface LegacyRewrite {
  /** The replacement for the statement's words (no indentation, no comment). */
  text: string;
  /** The rule it becomes, e.g. `http-request replace-header`. */
  becomes: string;
}

type Direction = 'request' | 'response';
type Kind = 'add' | 'del' | 'rep' | 'deny';

interface Legacy {
  direction: Direction;
  kind: Kind;
  /** Arguments before the optional condition. */
  args: number;
  /** Case-insensitive variant. */
  icase: boolean;
  /** The action of the new rule. */
  action: string;
}

function legacy(direction: Direction, kind: Kind, args: number, icase: boolean, action: string): Legacy {
  return { direction, kind, args, icase, action };
}

const LEGACY: ReadonlyMap<string, Legacy> = new Map([
  ['reqadd', legacy('request', 'add', 1, false, 'add-header')],
  ['rspadd', legacy('response', 'add', 1, false, 'add-header')],
  ['reqdel', legacy('request', 'del', 1, false, 'del-header')],
  ['reqidel', legacy('request', 'del', 1, true, 'del-header')],
  ['rspdel', legacy('response', 'del', 1, false, 'del-header')],
  ['rspidel', legacy('response', 'del', 1, true, 'del-header')],
  ['reqrep', legacy('request', 'rep', 2, false, 'replace-header')],
  ['reqirep', legacy('request', 'rep', 2, true, 'replace-header')],
  ['rsprep', legacy('response', 'rep', 2, false, 'replace-header')],
  ['rspirep', legacy('response', 'rep', 2, true, 'replace-header')],
  ['reqdeny', legacy('request', 'deny', 1, false, 'deny')],
  ['reqideny', legacy('request', 'deny', 1, true, 'deny')],
  ['reqtarpit', legacy('request', 'deny', 1, false, 'tarpit')],
  ['reqitarpit', legacy('request', 'deny', 1, true, 'tarpit')],
  ['rspdeny', legacy('response', 'deny', 1, false, 'deny')],
  ['rspideny', legacy('response', 'deny', 1, true, 'deny')],
]);

/** Old directives that were not `reqadd`/`rspadd`, per direction: they ran before those. */
const FILTERS: Record<Direction, ReadonlySet<string>> = {
  request: new Set([
    'reqrep', 'reqirep', 'reqdel', 'reqidel', 'reqdeny', 'reqideny', 'reqtarpit', 'reqitarpit',
    'reqallow', 'reqiallow', 'reqpass', 'reqipass', 'reqsetbe', 'reqisetbe',
  ]),
  response: new Set(['rsprep', 'rspirep', 'rspdel', 'rspidel', 'rspdeny', 'rspideny']),
};

/** Old directives that stopped later `reqdeny`/`reqtarpit` lines from acting. */
const DENY_STOPPERS: ReadonlySet<string> = new Set(['reqallow', 'reqiallow', 'reqpass', 'reqipass']);

const PROXY_SECTIONS: ReadonlySet<SectionKind> = new Set<SectionKind>(['frontend', 'listen', 'backend']);

/** Header names this rewrite accepts inside a pattern: letters, digits, '-' and '_' are literal in a regex. */
const NAME = /^[A-Za-z0-9_-]+$/;

/** Characters of an HTTP header name (RFC 9110 token). */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

// ---------------------------------------------------------------------------------------
// Writing words back

/** Characters that a backslash before them turns into something else when HAProxy reads a line. */
const ESCAPED_AFTER_BACKSLASH = new Set(['\\', ' ', '\t', '#', '"', "'", '$', 'r', 'n', 't', 'x']);

/**
 * Writes a value as one haproxy.cfg word that HAProxy reads back as exactly that value.
 * Values with blanks, '#' or quotes go in double quotes; a backslash stays single unless
 * what follows it would make an escape.
 */
export function encodeWord(value: string): string {
  const quote = value === '' || /[\s#'"]/.test(value);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      out += next === undefined || ESCAPED_AFTER_BACKSLASH.has(next) ? '\\\\' : '\\';
    } else if (c === '"') out += '\\"';
    else if (c === '$') out += quote ? '\\$' : '$';
    else if (c === '\r') out += '\\r';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return quote ? `"${out}"` : out;
}

/** Plain text as a log-format string: '%' starts a variable there. */
function logFormat(text: string): string {
  return text.replace(/%/g, '%%');
}

// ---------------------------------------------------------------------------------------
// Looking into regular expressions

/** Splits off the first atom of a regex with its quantifier; undefined when it cannot tell. */
function firstAtom(re: string): { atom: string; quantifier: string } | undefined {
  if (re === '') return undefined;
  let end: number;
  if (re[0] === '\\') end = 2;
  else if (re[0] === '[' || re[0] === '(') return undefined;
  else end = 1;
  if (end > re.length) return undefined;
  const q = /^(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?/.exec(re.slice(end));
  return { atom: re.slice(0, end), quantifier: q ? q[0] : '' };
}

/** The regex has a `|` outside any group or class: its leading `^` does not cover all of it. */
function hasTopLevelAlternation(re: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (re[i + 1] === '^') i++;
      if (re[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** Blank classes as written after `Name:` (a tab may be there as `\\t` or, decoded, as itself). */
const BLANK_CLASSES = [' ', '\\s', '[ \t]', '[ \\t]', '[\t ]', '[\\t ]'];
/** Blank patterns that may match nothing. */
const OPTIONAL_BLANKS = BLANK_CLASSES.flatMap((c) => [`${c}*`, `${c}?`]);
/** Every blank pattern accepted after `Name:`, longest first. */
const BLANKS = [...BLANK_CLASSES, ...BLANK_CLASSES.map((c) => `${c}+`), ...OPTIONAL_BLANKS].sort((a, b) => b.length - a.length);

/**
 * The value part of a header pattern `^Name:<blanks><value>`, as a regex anchored on the
 * start of the value, or undefined when the old pattern cannot be carried over exactly.
 * The old directives matched `name: value`, one blank after the colon; the new rules match
 * the value alone.
 */
function headerPattern(search: string): { name: string; value: string } | undefined {
  const m = /^\^([^:]*):/.exec(search);
  if (!m || !NAME.test(m[1])) return undefined;
  const after = search.slice(m[0].length);
  // The longest blank pattern that starts the rest.
  let blanks = '';
  for (const b of BLANKS) {
    if (after.startsWith(b)) {
      blanks = b;
      break;
    }
  }
  const value = after.slice(blanks.length);
  if (hasTopLevelAlternation(value) || value.startsWith('^')) return undefined;
  if (blanks === '' || OPTIONAL_BLANKS.includes(blanks)) {
    // The value pattern could then also match the blank itself, and the old directive
    // would have matched where the new rule does not. '.*' absorbs the blank either way;
    // after an optional blank, a first atom that never matches a blank and must match at
    // least once rules it out too.
    const start = value.includes('|') ? value : value.replace(/^\((?!\?)/, '');
    if (blanks === '') {
      if (value !== '' && !value.startsWith('.*')) return undefined;
    } else if (!start.startsWith('.*') && value !== '' && value !== '$') {
      const atom = firstAtom(start);
      if (!atom || !neverBlank(atom.atom)) return undefined;
      if (atom.quantifier !== '' && !atom.quantifier.startsWith('+') && !/^\{[1-9]/.test(atom.quantifier)) return undefined;
    }
  }
  return { name: m[1], value: `^${value}` };
}

/** A regex atom that cannot match a space or a tab. */
function neverBlank(atom: string): boolean {
  if (atom.length === 1) return /^[A-Za-z0-9/_=;,:@!%&'"<>#~-]$/.test(atom);
  if (atom.length === 2 && atom[0] === '\\') {
    const c = atom[1];
    // \S, \d and \w are classes without blanks; other letters and digits are classes or
    // back-references that might hold one; anything else is that character, literally.
    if (/[A-Za-z0-9]/.test(c)) return c === 'S' || c === 'd' || c === 'w';
    return c !== ' ' && c !== '\t';
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// The directives

interface Parts {
  info: Legacy;
  name: string;
  args: string[];
  /** The `if`/`unless` word and what follows, as written. */
  condition?: string;
}

function parts(statement: Statement): Parts | undefined {
  const words = statement.words;
  const name = words[0]?.text;
  const info = name ? LEGACY.get(name) : undefined;
  if (!info || words.some((w) => w.hasVariable)) return undefined;
  if (words.length < 1 + info.args) return undefined;
  const args = words.slice(1, 1 + info.args).map((w) => w.text);
  if (words.length === 1 + info.args) return { info, name: name!, args };
  // Something follows the arguments: it must be a condition, starting right there.
  if (conditionStart(statement) !== 1 + info.args || words.length < 3 + info.args) return undefined;
  const raw = words.slice(1 + info.args).map((w) => w.raw).join(' ');
  return { info, name: name!, args, condition: raw };
}

function prefix(info: Legacy): string {
  return info.direction === 'request' ? 'http-request' : 'http-response';
}

function withCondition(line: string, condition: string | undefined): string {
  return condition ? `${line} ${condition}` : line;
}

function rewriteAdd(p: Parts): string | undefined {
  const line = p.args[0];
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const header = line.slice(0, colon);
  const value = line.slice(colon + 1).replace(/^[ \t]+/, '');
  if (!TOKEN.test(header) || value === '' || /[\r\n]/.test(value)) return undefined;
  return withCondition(`${prefix(p.info)} add-header ${encodeWord(header)} ${encodeWord(logFormat(value))}`, p.condition);
}

function rewriteDel(p: Parts): string | undefined {
  const m = /^\^([^:]*):(?:\.\*\$?)?$/.exec(p.args[0]);
  if (!m || !NAME.test(m[1])) return undefined;
  return withCondition(`${prefix(p.info)} del-header ${m[1]}`, p.condition);
}

/** Literal path text in a request-line pattern: '/' first, no regex operators, '\.' for a dot. */
const PATH_PATTERN = /^\/(?:[A-Za-z0-9/_~,;=:@%&!-]|\\[./-])*$/;
/** Literal path text in a replacement. */
const PATH_TEXT = /^\/[A-Za-z0-9/_~,;=:@%&!.-]*$/;
/** The method group of a request-line pattern: it must not match a header name and its colon. */
const METHOD_GROUP = /^\^\((?:\[\^(?: |\\s):\]|\[\^:(?: |\\s)\]|\[A-Z\])[*+]\) /;

function rewriteRep(p: Parts): { text: string; becomes: string } | undefined {
  const [search, replace] = p.args;
  // '(?i)' only where there is a letter for it to act on.
  const icase = (pattern: string) => (p.info.icase && /[A-Za-z]/.test(pattern) ? '(?i)' : '');
  // A request line: `^([^ :]*) /old/(.*)` -> `\1 /new/\2` swaps a path prefix.
  const method = METHOD_GROUP.exec(search);
  if (method) {
    if (p.info.direction !== 'request') return undefined;
    const m = /^(.*)\(\.\*\)\$?$/.exec(search.slice(method[0].length));
    const r = /^\\1 (.*)\\2$/.exec(replace);
    if (!m || !r || !PATH_PATTERN.test(m[1]) || !PATH_TEXT.test(r[1])) return undefined;
    const line = `http-request replace-path ${encodeWord(`${icase(m[1])}^${m[1]}(.*)`)} ${encodeWord(`${logFormat(r[1])}\\1`)}`;
    return { text: withCondition(line, p.condition), becomes: 'http-request replace-path' };
  }
  // A header: `^Name:\ *(pattern)` -> `Name:\ replacement`.
  const header = headerPattern(search);
  if (!header) return undefined;
  const colon = replace.indexOf(':');
  if (colon <= 0 || replace.slice(0, colon).toLowerCase() !== header.name.toLowerCase()) return undefined;
  const value = replace.slice(colon + 1).replace(/^[ \t]+/, '');
  // '\0' was the whole old line, name included; the new rule has only the value.
  if (value === '' || /[ \t]$/.test(value) || /\\0/.test(value) || /[\r\n]/.test(value)) return undefined;
  const line = `${prefix(p.info)} replace-header ${header.name} ${encodeWord(icase(header.value) + header.value)} ${encodeWord(logFormat(value))}`;
  return { text: withCondition(line, p.condition), becomes: `${prefix(p.info)} replace-header` };
}

/** Writes a condition term back, negated or not. */
function termText(statement: Statement, term: ConditionTerm, negate: boolean): string | undefined {
  const negated = term.negated !== negate;
  const bang = negated ? '!' : '';
  if (term.aclName !== undefined) return `${bang}${term.aclName}`;
  const acl = term.anonymous;
  if (!acl?.open || !acl.close) return undefined;
  const words = statement.words;
  const from = words.indexOf(acl.open);
  const to = words.indexOf(acl.close);
  if (from < 0 || to <= from) return undefined;
  const inner = words.slice(from + 1, to).map((w) => w.raw).join(' ');
  return `${negated ? '! ' : ''}{ ${inner} }`;
}

/**
 * `if <match> AND <old condition>` as HAProxy alternatives: the match is repeated in each
 * alternative. `unless` is turned around where that stays one level deep.
 */
function combine(statement: Statement, match: string, condition: string | undefined): string | undefined {
  if (!condition) return `if ${match}`;
  const parsed = findCondition(statement);
  if (!parsed || parsed.unclosed || parsed.alternatives.some((a) => a.length === 0)) return undefined;
  const alternatives: string[][] = [];
  const text = (term: ConditionTerm, negate: boolean) => termText(statement, term, negate);
  if (parsed.keyword.text === 'if') {
    for (const alternative of parsed.alternatives) alternatives.push(alternative.map((t) => text(t, false)) as string[]);
  } else if (parsed.alternatives.length === 1) {
    // unless A B  ==  !A || !B
    for (const term of parsed.alternatives[0]) alternatives.push([text(term, true) as string]);
  } else if (parsed.alternatives.every((a) => a.length === 1)) {
    // unless A || B  ==  !A !B
    alternatives.push(parsed.alternatives.map((a) => text(a[0], true) as string));
  } else return undefined;
  if (alternatives.some((a) => a.some((t) => t === undefined))) return undefined;
  return `if ${alternatives.map((a) => [match, ...a].join(' ')).join(' || ')}`;
}

function rewriteDeny(statement: Statement, p: Parts): string | undefined {
  const header = headerPattern(p.args[0]);
  if (!header) return undefined;
  const fetch = p.info.direction === 'request' ? 'req.fhdr' : 'res.fhdr';
  // A pattern that any value matches only asks whether the header is there.
  const any = header.value === '^' || header.value === '^.*';
  const icase = p.info.icase && /[A-Za-z]/.test(header.value) ? ' -i' : '';
  const test = any ? '-m found' : `-m reg${icase} ${encodeWord(header.value)}`;
  const match = `{ ${fetch}(${header.name}) ${test} }`;
  const condition = combine(statement, match, p.condition);
  if (!condition) return undefined;
  return `${prefix(p.info)} ${p.info.action} ${condition}`;
}

/** The rewrite of the directive's own words, without looking at the lines around it. */
export function rewriteLegacyWords(statement: Statement): LegacyRewrite | undefined {
  const p = parts(statement);
  if (!p) return undefined;
  const becomes = `${prefix(p.info)} ${p.info.action}`;
  switch (p.info.kind) {
    case 'add': {
      const text = rewriteAdd(p);
      return text ? { text, becomes } : undefined;
    }
    case 'del': {
      const text = rewriteDel(p);
      return text ? { text, becomes } : undefined;
    }
    case 'rep':
      return rewriteRep(p);
    case 'deny': {
      const text = rewriteDeny(statement, p);
      return text ? { text, becomes } : undefined;
    }
  }
}

/**
 * Why rewriting the statement in place would change the order in which HAProxy applies it,
 * or undefined when it would not.
 */
export function orderConflict(statement: Statement): string | undefined {
  const name = statement.words[0]?.text;
  const info = name ? LEGACY.get(name) : undefined;
  const section = statement.section;
  if (!info || !section) return undefined;
  const rules = info.direction === 'request' ? 'http-request' : 'http-response';
  const index = section.statements.indexOf(statement);
  if (index < 0) return undefined;
  for (const before of section.statements.slice(0, index)) {
    const first = before.words[0]?.text;
    // 'allow' ended the new rules but the old directives still ran after it.
    if (first === rules && before.words[1]?.text === 'allow') return `an earlier '${rules} allow'`;
    if (info.kind === 'deny' && first && DENY_STOPPERS.has(first)) return `an earlier '${first}'`;
  }
  for (const after of section.statements.slice(index + 1)) {
    const first = after.words[0]?.text;
    if (!first) continue;
    if (first === rules || (info.direction === 'request' && first === 'block')) return `a later '${first}' rule`;
    if (info.kind === 'add' && FILTERS[info.direction].has(first)) return `a later '${first}'`;
  }
  return undefined;
}

/**
 * The replacement for a removed header directive, or undefined when no rewrite does the
 * same thing: in a frontend, listen or backend section, and only where the new rule keeps
 * its place among the rules around it.
 */
export function rewriteLegacy(statement: Statement): LegacyRewrite | undefined {
  const kind = statement.section?.kind;
  if (!kind || !PROXY_SECTIONS.has(kind)) return undefined;
  if (orderConflict(statement)) return undefined;
  return rewriteLegacyWords(statement);
}
