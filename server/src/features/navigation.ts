/**
 * The symbol index of a haproxy.cfg: every named thing that is defined in one place and
 * used in others, with the exact range of each definition and each use. Go to definition,
 * find references, rename, and the rules undefined-acl, unused-acl and unused-backend are
 * all answered from it.
 *
 * What is indexed, and where HAProxy looks each name up:
 * - proxies (`frontend`, `backend`, `listen`): `use_backend`, `default_backend`, the
 *   backend part of `track <backend>/<server>`, stick-table names (`table <name>`) and the
 *   arguments of sample fetches and converters that name a backend, a frontend, a server
 *   or a table (`nbsrv(<backend>)`, `srv_is_up(<backend>/<server>)`, `table_cnt(<table>)`…),
 *   and `stats scope <proxy>`;
 * - servers of a backend: `use-server`, `track [<backend>/]<server>`, server arguments of
 *   sample fetches; names made by `server-template` are found but only the template
 *   prefix can be renamed;
 * - named ACLs: the conditions after `if`/`unless` in the same section (negated with `!`,
 *   joined with `||`/`or`) and the `acl(<name>,...)` sample fetch. ACLs are local to their section: a `defaults` section does not
 *   pass its ACLs on, not even to proxies naming it with `from`;
 * - `defaults` sections: `from <name>` in section headers;
 * - `userlist` (`http_auth(<list>)`, `http_auth_group(<list>)`), `peers`
 *   (`stick-table ... peers <name>`, `table <peers>/<table>`), `resolvers`
 *   (`server ... resolvers <name>`, `do-resolve(<var>,<resolvers>)`), `cache`
 *   (`http-request cache-use`, `http-response cache-store`, `filter cache`), `http-errors`
 *   (`errorfiles <name>`, the `errorfiles` argument of return/deny/tarpit and `http-error`),
 *   `mailers` (`email-alert mailers`), `fcgi-app` (`use-fcgi-app`, `filter fcgi-app`) and
 *   `ring` (`log ring@<name>`); `log backend@<name>` names a backend too.
 *
 * Names built at run time (`%[...]` expressions, `"${VAR}"`) are never indexed.
 */
import type { Position, Range, TextEdit } from '../common/types';
import type { SourceText } from '../common/source';
import type { HaproxyConfig, Section, SectionKind, Statement, Word } from '../haproxy/ast';
import { forEachNamedAclTerm } from '../haproxy/conditions';
import { previousParse } from '../incremental';
import { defaultsFor, optionStart } from '../haproxy/query';
import dump from '../facts/data/haproxy-dump-2.6.json';
import type { ParsedDocument } from '../service';

/** ACL names HAProxy 2.6 knows without an `acl` line (checked with `haproxy -c`). */
export const PREDEFINED_ACLS: ReadonlySet<string> = new Set([
  'TRUE',
  'FALSE',
  'HTTP',
  'HTTP_1.0',
  'HTTP_1.1',
  'HTTP_2.0',
  'HTTP_CONTENT',
  'HTTP_URL_ABS',
  'HTTP_URL_SLASH',
  'HTTP_URL_STAR',
  'LOCALHOST',
  'METH_CONNECT',
  'METH_DELETE',
  'METH_GET',
  'METH_HEAD',
  'METH_OPTIONS',
  'METH_POST',
  'METH_PUT',
  'METH_TRACE',
  'RDP_COOKIE',
  'REQ_CONTENT',
  'WAIT_END',
]);

/** Characters HAProxy accepts in proxy, server, ACL and other section names. */
export const VALID_NAME = /^[A-Za-z0-9_.:-]+$/;

/** Keywords whose statements may end in an `if`/`unless` condition made of ACLs. */
export const CONDITION_KEYWORDS: ReadonlySet<string> = new Set([
  'http-request',
  'http-response',
  'http-after-response',
  'tcp-request',
  'tcp-response',
  'quic-initial',
  'use_backend',
  'use-server',
  'redirect',
  'block',
  'monitor',
  'stick',
  'force-persist',
  'ignore-persist',
  'stats',
  'force-be-switch',
  // fcgi-app sections.
  'set-param',
  'pass-header',
  // Removed in HAProxy 2.1, still found in old files.
  'reqadd',
  'reqdel',
  'reqrep',
  'reqirep',
  'reqallow',
  'reqdeny',
  'reqtarpit',
  'rspadd',
  'rspdel',
  'rsprep',
  'rspdeny',
]);

/** What a reference points at. */
export type ReferenceRole =
  | 'backend'
  | 'frontend'
  | 'proxy'
  | 'table'
  | 'server'
  | 'acl'
  | 'defaults'
  | 'userlist'
  | 'peers'
  | 'resolvers'
  | 'cache'
  | 'http-errors'
  | 'mailers'
  | 'fcgi-app'
  | 'ring';

/** Roles that name a section of one kind. */
const SECTION_ROLES: Partial<Record<ReferenceRole, SectionKind>> = {
  userlist: 'userlist',
  peers: 'peers',
  resolvers: 'resolvers',
  cache: 'cache',
  'http-errors': 'http-errors',
  mailers: 'mailers',
  'fcgi-app': 'fcgi-app',
  ring: 'ring',
};

export interface Occurrence {
  /** The name as HAProxy reads it. */
  name: string;
  /** Offsets and range of the text to replace when renaming (the name only, without `!`, `be/` or `fetch(`). */
  start: number;
  end: number;
  range: Range;
  statement: Statement;
}

export type SymbolKind = 'section' | 'server' | 'acl';

export interface NamedSymbol {
  /** Unique in the document. */
  readonly id: string;
  kind: SymbolKind;
  /** For sections: the section kind; for servers and ACLs: the kind of the section they live in. */
  sectionKind: SectionKind;
  name: string;
  /** The section itself (sections) or the section the server or ACL belongs to. */
  section: Section;
  /** Where the name is defined: the section name, the `server` name, every `acl` line of that name. */
  definitions: Occurrence[];
  references: Reference[];
  /** Names generated by `server-template <prefix>`: the definition is the prefix. */
  template?: boolean;
}

export interface Reference extends Occurrence {
  role: ReferenceRole;
  /** The section the name is looked up in (servers and ACLs). */
  scope?: Section;
  /** The symbol the name resolves to; undefined when nothing in the file defines it. */
  symbol?: NamedSymbol;
  /** An ACL built into HAProxy (`TRUE`, `METH_GET`...) that no `acl` line overrides. */
  builtin?: boolean;
}

export interface SymbolIndex {
  symbols: NamedSymbol[];
  references: Reference[];
  /** Names the index could see but not locate exactly (escapes inside a word): rename refuses these symbols. */
  unlocatable: { symbol?: NamedSymbol; role: ReferenceRole; name: string; statement: Statement }[];
  /** Statements that name a backend only at run time (`use_backend be_%[...]`), with the fixed prefix of the name. */
  dynamicBackends: { statement: Statement; prefix: string }[];
}

const PROXY_KINDS = new Set<SectionKind>(['frontend', 'backend', 'listen']);
const isBackendCapable = (s: Section) => s.kind === 'backend' || s.kind === 'listen';
const isFrontendCapable = (s: Section) => s.kind === 'frontend' || s.kind === 'listen';

/** A name only known at run time. */
export function isDynamicWord(word: Word): boolean {
  return word.hasVariable || word.text.includes('%[') || word.text.includes('%{');
}

/** Sample fetches and converters with arguments that name something, from the keyword dump. */
const NAMED_ARGUMENTS: ReadonlyMap<string, (ReferenceRole | undefined)[]> = (() => {
  const roles: Record<string, ReferenceRole> = {
    backend: 'backend',
    frontend: 'frontend',
    server: 'server',
    table: 'table',
    'user list': 'userlist',
  };
  const out = new Map<string, (ReferenceRole | undefined)[]>();
  const all = [...(dump as { fetches: { name: string; args: string }[] }).fetches, ...(dump as { converters: { name: string; args: string }[] }).converters];
  for (const f of all) {
    const types = f.args.replace(/[[\]]/g, '').split(',').map((t) => roles[t.trim()]);
    if (types.some((t) => t !== undefined)) out.set(f.name, types);
  }
  return out;
})();

const FETCH_CALL = /(?<![A-Za-z0-9_.])([a-z][a-z0-9_.]*)\(/g;

/**
 * For each character of `word.text`, the document offset of the single source character
 * it comes from, or -1 for characters produced by an escape sequence. Undefined when the
 * word cannot be mapped (it should not happen for a word the parser produced).
 */
export function textOffsets(word: Word): number[] | undefined {
  const raw = word.raw;
  const out: number[] = [];
  let squote = false;
  let dquote = false;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (squote) {
      if (c === "'") squote = false;
      else out.push(word.start + i);
      i++;
      continue;
    }
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === undefined) {
        out.push(-1);
        i++;
      } else if ('\\ \t#"\'$rnt'.includes(next)) {
        out.push(-1);
        i += 2;
      } else if (next === 'x') {
        if (/^[0-9a-fA-F]{2}$/.test(raw.slice(i + 2, i + 4))) {
          out.push(-1);
          i += 4;
        } else {
          out.push(-1, -1);
          i += 2;
        }
      } else {
        out.push(word.start + i);
        i++;
      }
      continue;
    }
    if (c === "'" && !dquote) {
      squote = true;
      i++;
      continue;
    }
    if (c === '"') {
      dquote = !dquote;
      i++;
      continue;
    }
    out.push(word.start + i);
    i++;
  }
  return out.length === word.text.length ? out : undefined;
}

/**
 * The offsets of a name that is a whole word: inside its quotes when the quotes only wrap
 * plain characters (`"be_app"`), so a rename keeps them; else the whole word.
 */
function nameSpan(word: Word): { start: number; end: number } {
  // Written as read (no quotes, no escapes): the name is the whole word.
  if (word.raw === word.text && !word.raw.includes('\\')) return { start: word.start, end: word.end };
  const map = textOffsets(word);
  if (map && map.length > 0 && map.every((o, k) => o >= 0 && (k === 0 || o === map[k - 1] + 1))) {
    return { start: map[0], end: map[map.length - 1] + 1 };
  }
  return { start: word.start, end: word.end };
}

interface Pending {
  role: ReferenceRole;
  name: string;
  statement: Statement;
  /** Document offsets of the name, when they could be worked out. */
  start?: number;
  end?: number;
  scope?: Section;
  /** For `<backend>/<server>`: the backend the server is looked up in. */
  backendName?: string;
}

/**
 * A symbol of the index. Its id is made when asked for (few are): from the position of its
 * section, and its name, or for a server-template the line it is on now.
 */
/** Shared by every symbol nothing refers to (most server names): never written to. */
const NO_REFERENCES: Reference[] = Object.freeze([]) as unknown as Reference[];

class IndexedSymbol implements NamedSymbol {
  references: Reference[] = NO_REFERENCES;
  template?: boolean;
  constructor(
    public kind: SymbolKind,
    public sectionKind: SectionKind,
    public name: string,
    public section: Section,
    public definitions: Occurrence[],
    private readonly sectionPosition: number,
    template: boolean,
  ) {
    if (template) this.template = true;
  }

  get id(): string {
    if (this.template) return `template:${this.sectionPosition}:${this.definitions[0].statement.line}`;
    if (this.kind === 'section') return `section:${this.sectionPosition}`;
    return `${this.kind}:${this.sectionPosition}:${this.name}`;
  }
}

/**
 * The symbols of one kind in one section, by name. Most sections define a handful of ACLs
 * or servers: a short list is searched, and a map made only for long ones (a map per
 * section cost about 1 MB on a 50k-line file).
 */
class NameTable {
  private list: NamedSymbol[] | undefined;
  private map: Map<string, NamedSymbol> | undefined;

  get(name: string): NamedSymbol | undefined {
    if (this.map) return this.map.get(name);
    const list = this.list;
    if (list) for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
    return undefined;
  }

  /** Adds a symbol whose name is not in the table yet. */
  add(symbol: NamedSymbol): void {
    if (this.map) this.map.set(symbol.name, symbol);
    else if (!this.list) this.list = [symbol];
    else if (this.list.length < 8) this.list.push(symbol);
    else {
      this.map = new Map(this.list.map((s) => [s.name, s]));
      this.map.set(symbol.name, symbol);
      this.list = undefined;
    }
  }
}

class Collector {
  readonly pending: Pending[] = [];
  readonly dynamicBackends: { statement: Statement; prefix: string }[] = [];

  /** A reference that is a whole word. */
  word(role: ReferenceRole, word: Word | undefined, statement: Statement, scope?: Section): void {
    if (!word || word.text === '' || isDynamicWord(word)) return;
    const { start, end } = nameSpan(word);
    this.pending.push({ role, name: word.text, statement, start, end, scope });
  }

  /** A reference that is the part `[from, to)` of a word's text. */
  part(role: ReferenceRole, word: Word, from: number, to: number, statement: Statement, scope?: Section, backendName?: string): void {
    const name = word.text.slice(from, to);
    if (name === '' || word.hasVariable) return;
    let start: number | undefined;
    let end: number | undefined;
    if (word.raw === word.text && !word.raw.includes('\\')) {
      // Written as read: each character of the text is the character at the same place in the file.
      this.pending.push({ role, name, statement, start: word.start + from, end: word.start + to, scope, backendName });
      return;
    }
    const map = textOffsets(word);
    if (map) {
      const slice = map.slice(from, to);
      if (slice.every((o, k) => o >= 0 && (k === 0 || o === slice[k - 1] + 1))) {
        start = slice[0];
        end = slice[slice.length - 1] + 1;
      }
    }
    this.pending.push({ role, name, statement, start, end, scope, backendName });
  }

  /** `[<backend>/]<server>` in the word's text range `[from, to)`; without a backend, the server is looked up in `current`. */
  serverPath(word: Word, from: number, to: number, statement: Statement, current: Section | undefined): void {
    const text = word.text.slice(from, to);
    const slash = text.indexOf('/');
    if (slash < 0) {
      this.part('server', word, from, to, statement, current);
      return;
    }
    this.part('backend', word, from, from + slash, statement);
    this.part('server', word, from + slash + 1, to, statement, undefined, text.slice(0, slash));
  }
}

/** Splits `a,b(c,d),e` at top-level commas; returns [start, end) pairs relative to the string. */
function splitArgs(text: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, text.length]);
  return out;
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Named arguments of sample fetches and converters anywhere in a word. */
function collectFetchArguments(c: Collector, word: Word, statement: Statement, section: Section | undefined): void {
  const text = word.text;
  if (!text.includes('(')) return;
  FETCH_CALL.lastIndex = 0;
  for (let m = FETCH_CALL.exec(text); m; m = FETCH_CALL.exec(text)) {
    const isAcl = m[1] === 'acl';
    const roles = NAMED_ARGUMENTS.get(m[1]);
    if (!roles && !isAcl) continue;
    const open = m.index + m[0].length - 1;
    const close = closingParen(text, open);
    if (close < 0) continue;
    const inner = text.slice(open + 1, close);
    if (isAcl) {
      // acl(<name>[,<name>...]) (newer HAProxy versions): named ACLs of the section, each may be negated with `!`.
      for (const [a, b] of splitArgs(inner)) {
        const bangs = /^!*/.exec(inner.slice(a, b))![0].length;
        c.part('acl', word, open + 1 + a + bangs, open + 1 + b, statement, section);
      }
      continue;
    }
    splitArgs(inner).forEach(([a, b], k) => {
      const role = roles![k];
      if (!role) return;
      const from = open + 1 + a;
      const to = open + 1 + b;
      const arg = text.slice(from, to);
      if (arg === '' || /["'\s%$]/.test(arg)) return;
      if (role === 'server') c.serverPath(word, from, to, statement, section);
      else if (role === 'table') tableName(c, word, from, to, statement);
      else c.part(role, word, from, to, statement);
    });
  }
}

/** A stick-table name: a proxy name, or `<peers>/<table>` for tables declared in a peers section. */
function tableName(c: Collector, word: Word, from: number, to: number, statement: Statement): void {
  const slash = word.text.slice(from, to).indexOf('/');
  if (slash >= 0) c.part('peers', word, from, from + slash, statement);
  else c.part('table', word, from, to, statement);
}

function collectStatement(c: Collector, statement: Statement, section: Section | undefined): void {
  const w = statement.words;
  const kw = w[0]?.quoted ? undefined : w[0]?.text;
  if (kw === undefined) return;
  if (section && statement === section.header) {
    if (section.from) c.word('defaults', section.from, statement);
    return;
  }
  switch (kw) {
    case 'use_backend':
    case 'default_backend':
      if (w[1] && isDynamicWord(w[1])) {
        c.dynamicBackends.push({ statement, prefix: w[1].hasVariable ? '' : w[1].text.slice(0, w[1].text.search(/%[[{]/)) });
      } else c.word('backend', w[1], statement);
      break;
    case 'use-server':
      c.word('server', w[1], statement, section);
      break;
    case 'errorfiles':
      c.word('http-errors', w[1], statement);
      break;
    case 'use-fcgi-app':
      c.word('fcgi-app', w[1], statement);
      break;
    case 'email-alert':
      if (w[1]?.text === 'mailers') c.word('mailers', w[2], statement);
      break;
    case 'filter':
      if (w[1]?.text === 'cache') c.word('cache', w[2], statement);
      else if (w[1]?.text === 'fcgi-app') c.word('fcgi-app', w[2], statement);
      break;
    case 'log': {
      const target = w[1];
      if (target && target.text.startsWith('ring@')) c.part('ring', target, 5, target.text.length, statement);
      else if (target && target.text.startsWith('backend@')) c.part('backend', target, 8, target.text.length, statement);
      break;
    }
    case 'stats':
      if (w[1]?.text === 'scope' && w[2]?.text !== '.') c.word('proxy', w[2], statement);
      break;
    case 'stick-table':
      for (let i = 1; i < w.length - 1; i++) if (w[i].text === 'peers') c.word('peers', w[i + 1], statement);
      break;
    case 'http-request':
    case 'http-response':
    case 'http-after-response':
    case 'http-error':
    case 'tcp-request':
    case 'tcp-response':
    case 'stick':
      for (let i = 1; i < w.length; i++) {
        const t = w[i].text;
        const next = w[i + 1];
        if (t === 'cache-use' || t === 'cache-store') {
          if (i === 1) c.word('cache', next, statement);
        } else if (t === 'errorfiles' && next) {
          c.word('http-errors', next, statement);
        } else if (t === 'table' && next && !isDynamicWord(next) && !next.quoted) {
          tableName(c, next, 0, next.text.length, statement);
        } else if (t.startsWith('do-resolve(') && !w[i].hasVariable) {
          const close = closingParen(t, 10);
          const args = splitArgs(t.slice(11, close < 0 ? t.length : close));
          if (args[1]) c.part('resolvers', w[i], 11 + args[1][0], 11 + args[1][1], statement);
        }
      }
      break;
    default:
      break;
  }
  const opts = kw === 'server' || kw === 'default-server' || kw === 'server-template' ? optionStart(statement) : undefined;
  if (opts !== undefined) {
    for (let i = opts; i < w.length - 1; i++) {
      const t = w[i].text;
      if (t === 'resolvers') c.word('resolvers', w[i + 1], statement);
      else if (t === 'track' && !isDynamicWord(w[i + 1])) c.serverPath(w[i + 1], 0, w[i + 1].text.length, statement, section);
    }
  }
  // ACL names in the condition.
  if (CONDITION_KEYWORDS.has(kw)) {
    forEachNamedAclTerm(statement, (word, bangs) => {
      if (!isDynamicWord(word)) c.part('acl', word, bangs, word.text.length, statement, section);
    });
  }
  // Named arguments of sample fetches and converters, wherever they appear.
  const startAt = kw === 'acl' ? 2 : 1;
  for (let i = startAt; i < w.length; i++) collectFetchArguments(c, w[i], statement, section);
}

const cache = new WeakMap<HaproxyConfig, SymbolIndex>();

/** The document an index describes now: an index can carry over to the next version of it. */
interface IndexOwner {
  source: SourceText;
}
const owners = new WeakMap<SymbolIndex, IndexOwner>();

/** The symbol index of a parsed configuration (computed once per parse). */
export function indexConfig(config: HaproxyConfig): SymbolIndex {
  const cached = cache.get(config);
  if (cached) return cached;
  const index = carriedOver(config) ?? buildIndex(config);
  cache.set(config, index);
  return index;
}

/** Keywords whose lines define names or change how references resolve. */
const DEFINING_KEYWORDS: ReadonlySet<string> = new Set(['acl', 'server', 'server-template', 'stick-table']);

/** Whether a statement adds nothing to the index: it defines no name and names nothing. */
function indexIgnores(statement: Statement): boolean {
  const first = statement.words[0];
  if (!first || DEFINING_KEYWORDS.has(first.text)) return false;
  const section = statement.section;
  if (section && section.header === statement) return false;
  const c = new Collector();
  collectStatement(c, statement, section);
  return c.pending.length === 0 && c.dynamicBackends.length === 0;
}

/**
 * The index of the document `config` was re-parsed from, when the edit between them can
 * not change it: the same sections (so the same names), and every statement the edit
 * removed or added defines and names nothing. Occurrences follow the words they were found
 * in, so their offsets and ranges stay right when the edit moved lines.
 */
function carriedOver(config: HaproxyConfig): SymbolIndex | undefined {
  const previous = previousParse(config);
  if (!previous) return undefined;
  const index = cache.get(previous);
  const owner = index && owners.get(index);
  if (!index || !owner) return undefined;
  const oldSections = previous.sections;
  const newSections = config.sections;
  if (oldSections.length !== newSections.length) return undefined;
  for (let i = 0; i < newSections.length; i++) if (oldSections[i] !== newSections[i]) return undefined;
  const a = previous.statements;
  const b = config.statements;
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  for (let i = head; i < a.length - tail; i++) if (!indexIgnores(a[i])) return undefined;
  for (let i = head; i < b.length - tail; i++) if (!indexIgnores(b[i])) return undefined;
  owner.source = config.source;
  owners.set(index, owner);
  return index;
}

/**
 * An occurrence whose range is worked out when first read: most are never shown, and a
 * range is three objects and a line search each. Offsets are kept relative to the first
 * word of the statement, which an edit elsewhere moves with its line.
 */
class LazyOccurrence implements Occurrence {
  readonly #owner: IndexOwner;
  readonly #anchor: Word;
  readonly #start: number;
  readonly #end: number;
  #range: Range | undefined;
  #rangeSource: SourceText | undefined;
  constructor(
    owner: IndexOwner,
    public name: string,
    start: number,
    end: number,
    public statement: Statement,
  ) {
    this.#owner = owner;
    this.#anchor = statement.words[0];
    this.#start = start - this.#anchor.start;
    this.#end = end - this.#anchor.start;
  }
  get start(): number {
    return this.#anchor.start + this.#start;
  }
  get end(): number {
    return this.#anchor.start + this.#end;
  }
  get range(): Range {
    const source = this.#owner.source;
    if (this.#range === undefined || this.#rangeSource !== source) {
      this.#range = source.range(this.start, this.end);
      this.#rangeSource = source;
    }
    return this.#range;
  }
}

class LazyReference extends LazyOccurrence implements Reference {
  builtin?: boolean;
  constructor(
    owner: IndexOwner,
    name: string,
    start: number,
    end: number,
    statement: Statement,
    public role: ReferenceRole,
    public scope: Section | undefined,
    public symbol: NamedSymbol | undefined,
    builtin: boolean,
  ) {
    super(owner, name, start, end, statement);
    if (builtin) this.builtin = builtin;
  }
}

function buildIndex(config: HaproxyConfig): SymbolIndex {
  const owner: IndexOwner = { source: config.source };
  const occurrence = (word: Word, statement: Statement): Occurrence => {
    const { start, end } = nameSpan(word);
    return new LazyOccurrence(owner, word.text, start, end, statement);
  };
  const symbols: NamedSymbol[] = [];
  const sectionSymbols = new Map<Section, NamedSymbol>();
  const aclSymbols = new Map<Section, NameTable>();
  const serverSymbols = new Map<Section, NameTable>();
  const templates = new Map<Section, { prefix: string; from: number; to: number; symbol: NamedSymbol }[]>();

  // One walk over the statements: the names each defines and the names each uses. The
  // statements before the first section come first, as in config.statements.
  const collector = new Collector();
  for (const st of config.orphans) collectStatement(collector, st, st.section);
  config.sections.forEach((section, i) => {
    collectStatement(collector, section.header, section);
    if (section.name && !isDynamicWord(section.name)) {
      const symbol = new IndexedSymbol('section', section.kind, section.name.text, section, [occurrence(section.name, section.header)], i, false);
      symbols.push(symbol);
      sectionSymbols.set(section, symbol);
    }
    // The tables are made when a section first needs them: most sections have no ACLs or servers.
    let acls: NameTable | undefined;
    let servers: NameTable | undefined;
    let sectionTemplates: { prefix: string; from: number; to: number; symbol: NamedSymbol }[] | undefined;
    for (const st of section.statements) {
      collectStatement(collector, st, section);
      const w = st.words;
      const kw = w[0].text;
      // Only acl, server and server-template lines define names: look no further at the others.
      if ((kw !== 'acl' && kw !== 'server' && kw !== 'server-template') || w[0].quoted || !w[1] || isDynamicWord(w[1])) continue;
      if ((kw === 'acl' && w.length >= 3) || (kw === 'server' && isBackendCapable(section))) {
        let table: NameTable;
        if (kw === 'acl') {
          if (!acls) aclSymbols.set(section, (acls = new NameTable()));
          table = acls;
        } else {
          if (!servers) serverSymbols.set(section, (servers = new NameTable()));
          table = servers;
        }
        const symbol = table.get(w[1].text);
        // Most names are defined once: a list of exactly one definition until a second comes.
        if (symbol) symbol.definitions.push(occurrence(w[1], st));
        else {
          const created = new IndexedSymbol(kw, section.kind, w[1].text, section, [occurrence(w[1], st)], i, false);
          table.add(created);
          symbols.push(created);
        }
      } else if (kw === 'server-template' && isBackendCapable(section)) {
        const m = /^(\d+)(?:-(\d+))?$/.exec(w[2]?.text ?? '');
        if (!m) continue;
        const from = m[2] === undefined ? 1 : Number(m[1]);
        const to = m[2] === undefined ? Number(m[1]) : Number(m[2]);
        const symbol = new IndexedSymbol('server', section.kind, w[1].text, section, [occurrence(w[1], st)], i, true);
        symbols.push(symbol);
        if (!sectionTemplates) templates.set(section, (sectionTemplates = []));
        sectionTemplates.push({ prefix: w[1].text, from, to, symbol });
      }
    }
  });


  // Sections by name, in document order: references are resolved without scanning every section.
  // A name is almost always used by one section: a list only for names used again.
  const sectionsByName = new Map<string, Section | Section[]>();
  for (const s of config.sections) {
    if (!s.name) continue;
    const known = sectionsByName.get(s.name.text);
    if (known === undefined) sectionsByName.set(s.name.text, s);
    else if (Array.isArray(known)) known.push(s);
    else sectionsByName.set(s.name.text, [known, s]);
  }
  const firstSection = (pred: (s: Section) => boolean, name: string): Section | undefined => {
    const known = sectionsByName.get(name);
    if (known === undefined) return undefined;
    if (!Array.isArray(known)) return pred(known) ? known : undefined;
    return known.find(pred);
  };

  const backendNamed = (name: string) => firstSection(isBackendCapable, name);

  const resolveServer = (name: string, scope: Section | undefined): NamedSymbol | undefined => {
    if (!scope) return undefined;
    const exact = serverSymbols.get(scope)?.get(name);
    if (exact) return exact;
    for (const t of templates.get(scope) ?? []) {
      if (!name.startsWith(t.prefix)) continue;
      const rest = name.slice(t.prefix.length);
      if (/^\d+$/.test(rest) && Number(rest) >= t.from && Number(rest) <= t.to && String(Number(rest)) === rest) return t.symbol;
    }
    return undefined;
  };

  const references: Reference[] = [];
  const unlocatable: SymbolIndex['unlocatable'] = [];
  for (const p of collector.pending) {
    let symbol: NamedSymbol | undefined;
    let builtin = false;
    let scope = p.scope;
    const section = p.statement.section;
    switch (p.role) {
      case 'backend': {
        const s = backendNamed(p.name);
        symbol = s && sectionSymbols.get(s);
        break;
      }
      case 'frontend': {
        const s = firstSection(isFrontendCapable, p.name);
        symbol = s && sectionSymbols.get(s);
        break;
      }
      case 'proxy': {
        const s = firstSection((x) => PROXY_KINDS.has(x.kind), p.name);
        symbol = s && sectionSymbols.get(s);
        break;
      }
      case 'table': {
        const s =
          firstSection((x) => PROXY_KINDS.has(x.kind) && x.statements.some((st) => st.words[0].text === 'stick-table'), p.name) ??
          firstSection((x) => PROXY_KINDS.has(x.kind), p.name);
        symbol = s && sectionSymbols.get(s);
        break;
      }
      case 'server': {
        if (p.backendName !== undefined) scope = backendNamed(p.backendName);
        symbol = resolveServer(p.name, scope);
        break;
      }
      case 'acl': {
        symbol = scope ? aclSymbols.get(scope)?.get(p.name) : undefined;
        builtin = !symbol && PREDEFINED_ACLS.has(p.name);
        break;
      }
      case 'defaults': {
        const s = section ? defaultsFor(config, section) : undefined;
        symbol = s && sectionSymbols.get(s);
        break;
      }
      default: {
        const kind = SECTION_ROLES[p.role]!;
        const s = firstSection((x) => x.kind === kind, p.name);
        symbol = s && sectionSymbols.get(s);
        break;
      }
    }
    if (p.start === undefined || p.end === undefined) {
      unlocatable.push({ symbol, role: p.role, name: p.name, statement: p.statement });
      continue;
    }
    const ref: Reference = new LazyReference(owner, p.name, p.start, p.end, p.statement, p.role, scope, symbol, builtin);
    references.push(ref);
    if (symbol) {
      if (symbol.references === NO_REFERENCES) symbol.references = [ref];
      else symbol.references.push(ref);
    }
  }
  // An array grown by push keeps room for 17 entries, and most symbols have one or two:
  // copies of the right size save about 4 MB on a 100k-line file.
  for (const symbol of symbols) {
    if (symbol.definitions.length > 1) symbol.definitions = symbol.definitions.slice();
    if (symbol.references.length > 1) symbol.references = symbol.references.slice();
  }
  const index: SymbolIndex = { symbols, references, unlocatable, dynamicBackends: collector.dynamicBackends };
  owners.set(index, owner);
  return index;
}

export interface Target {
  /** The symbol under the cursor, when the name resolves to one. */
  symbol?: NamedSymbol;
  /** The reference under the cursor, when the cursor is on a use rather than a definition. */
  reference?: Reference;
  /** The range of the name under the cursor. */
  range: Range;
}

function contains(range: Range, position: Position): boolean {
  const { start, end } = range;
  if (position.line < start.line || position.line > end.line) return false;
  if (position.line === start.line && position.character < start.character) return false;
  if (position.line === end.line && position.character > end.character) return false;
  return true;
}

/** The definition or reference under the cursor. */
export function targetAt(config: HaproxyConfig, position: Position): Target | undefined {
  const index = indexConfig(config);
  // Names never span lines: only those around the cursor's offset can contain it.
  const at = config.source.offsetAt(position);
  const near = (o: Occurrence) => o.start <= at && at <= o.end && contains(o.range, position);
  for (const symbol of index.symbols) {
    for (const d of symbol.definitions) if (near(d)) return { symbol, range: d.range };
  }
  for (const r of index.references) if (near(r)) return { symbol: r.symbol, reference: r, range: r.range };
  return undefined;
}

/** Where the name under the cursor is defined. */
export function findDefinitions(doc: ParsedDocument, position: Position): Range[] {
  if (!doc.haproxy) return [];
  const target = targetAt(doc.haproxy, position);
  return target?.symbol ? target.symbol.definitions.map((d) => d.range) : [];
}

/** Every use of the name under the cursor, with its definitions when `includeDeclaration`. */
export function findReferences(doc: ParsedDocument, position: Position, includeDeclaration: boolean): Range[] {
  if (!doc.haproxy) return [];
  const target = targetAt(doc.haproxy, position);
  if (!target) return [];
  if (!target.symbol) {
    // An undefined or built-in name: its other uses in the same scope.
    const ref = target.reference!;
    return indexConfig(doc.haproxy)
      .references.filter((r) => !r.symbol && r.role === ref.role && r.name === ref.name && r.scope === ref.scope)
      .map((r) => r.range);
  }
  const ranges = target.symbol.references.map((r) => r.range);
  return includeDeclaration ? [...target.symbol.definitions.map((d) => d.range), ...ranges] : ranges;
}

/** Words that cannot serve as names: they would be read as keywords where the name is used. */
const RESERVED = new Set(['from', 'if', 'unless', 'or', '||']);

function describe(symbol: NamedSymbol): string {
  if (symbol.kind === 'acl') return `ACL '${symbol.name}'`;
  if (symbol.kind === 'server') return `server '${symbol.name}'`;
  return `${symbol.sectionKind} '${symbol.name}'`;
}

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };

/** What rename would change at the cursor: the name's range and text, or why it cannot. */
export function prepareRename(doc: ParsedDocument, position: Position): PrepareRenameResult {
  if (!doc.haproxy) return { error: 'Rename works on HAProxy names only.' };
  const target = targetAt(doc.haproxy, position);
  if (!target) {
    return {
      error:
        'Nothing to rename here. Place the cursor on the name of a backend, frontend, server, ACL, defaults section, ' +
        'userlist, peers, resolvers, cache, http-errors, mailers, fcgi-app or ring section, or on a use of one.',
    };
  }
  const { symbol, reference } = target;
  if (!symbol) {
    if (reference?.builtin) return { error: `'${reference.name}' is an ACL built into HAProxy; it has no definition to rename.` };
    return { error: `Nothing in this file defines '${reference!.name}', so there is nothing to rename.` };
  }
  if (symbol.template && reference) {
    const line = symbol.definitions[0].statement.line + 1;
    return {
      error: `'${reference.name}' is made by the server-template '${symbol.name}' on line ${line}; rename the template prefix there instead.`,
    };
  }
  const blocked = blockedReason(doc.haproxy, symbol);
  if (blocked) return { error: blocked };
  return { range: target.range, placeholder: reference ? reference.name : symbol.name };
}

function blockedReason(config: HaproxyConfig, symbol: NamedSymbol): string | undefined {
  const hidden = indexConfig(config).unlocatable.find((u) => u.symbol === symbol);
  if (hidden) {
    return (
      `${describe(symbol)} is also used on line ${hidden.statement.line + 1} inside a word with escape sequences, ` +
      'which rename cannot edit safely. Rewrite that word without escapes first.'
    );
  }
  return undefined;
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/** The edits that rename the symbol under the cursor to `newName`, or why they cannot be made. */
export function rename(doc: ParsedDocument, position: Position, newName: string): RenameResult {
  const prepared = prepareRename(doc, position);
  if ('error' in prepared) return prepared;
  const config = doc.haproxy!;
  const symbol = targetAt(config, position)!.symbol!;
  const problem = invalidName(config, symbol, newName);
  if (problem) return { error: problem };
  if (newName === symbol.name) return { edits: [] };
  const edits: TextEdit[] = [];
  for (const d of symbol.definitions) edits.push({ range: d.range, newText: newName });
  for (const r of symbol.references) {
    // Names made by a server-template keep their number.
    const suffix = symbol.template ? r.name.slice(symbol.name.length) : '';
    edits.push({ range: r.range, newText: newName + suffix });
  }
  return { edits };
}

/** Why `newName` cannot be the new name of `symbol`, or undefined when it can. */
export function invalidName(config: HaproxyConfig, symbol: NamedSymbol, newName: string): string | undefined {
  if (newName === '') return 'A name cannot be empty.';
  if (!VALID_NAME.test(newName)) {
    const bad = [...newName].find((ch) => !VALID_NAME.test(ch))!;
    const shown = bad === ' ' ? 'a space' : bad === '\t' ? 'a tab' : `'${bad}'`;
    return `'${newName}' is not a valid name: HAProxy allows only letters, digits, '-', '_', '.' and ':' (found ${shown}).`;
  }
  if (newName === symbol.name) return undefined;
  if (RESERVED.has(newName.toLowerCase())) return `'${newName}' would be read as a keyword where the name is used; choose another name.`;
  const index = indexConfig(config);
  if (symbol.kind === 'acl') {
    if (PREDEFINED_ACLS.has(newName)) return `'${newName}' is an ACL built into HAProxy; an acl line with that name would hide it.`;
    if (index.symbols.some((s) => s.kind === 'acl' && s.section === symbol.section && s.name === newName)) {
      return `The ${symbol.section.kind} already has an ACL named '${newName}'; the two would merge into one.`;
    }
    if (index.references.some((r) => r.role === 'acl' && r.scope === symbol.section && r.name === newName)) {
      return `A condition in this ${symbol.section.kind} already uses '${newName}'; it would start to use the renamed ACL.`;
    }
    return undefined;
  }
  if (symbol.kind === 'server') {
    const taken = index.symbols.find(
      (s) =>
        s.kind === 'server' &&
        s !== symbol &&
        s.section === symbol.section &&
        (s.template ? newName.startsWith(s.name) || s.name.startsWith(newName) : s.name === newName),
    );
    if (taken) return `${symbol.section.kind} '${symbol.section.name?.text ?? ''}' already has ${describe(taken)}.`;
    return undefined;
  }
  const clash = config.sections.find((s) => s !== symbol.section && s.name?.text === newName && sectionsClash(symbol.section, s));
  if (clash) return `There is already a ${clash.kind} section named '${newName}' on line ${clash.header.line + 1}.`;
  return undefined;
}

/** Two sections that could not share a name, or whose references would become ambiguous. */
function sectionsClash(a: Section, b: Section): boolean {
  if (PROXY_KINDS.has(a.kind) || a.kind === 'log-forward') {
    if (!(PROXY_KINDS.has(b.kind) || b.kind === 'log-forward')) return false;
    if (a.kind === 'log-forward' || b.kind === 'log-forward') return true;
    return (isBackendCapable(a) && isBackendCapable(b)) || (isFrontendCapable(a) && isFrontendCapable(b));
  }
  return a.kind === b.kind;
}

/**
 * An edit that deletes lines `first..last` with their line breaks. On a last line without
 * a line break, the break before `first` goes instead, so no empty line is left behind.
 */
export function removeLines(config: HaproxyConfig, first: number, last: number): TextEdit {
  const src = config.source;
  let start = src.lineStarts[first];
  if (first === 0 && src.text.charCodeAt(0) === 0xfeff) start = 1;
  if (last + 1 < src.lineCount) return { range: src.range(start, src.lineStarts[last + 1]), newText: '' };
  const end = src.text.length;
  if (first > 0) start = src.lineEnd(first - 1);
  return { range: src.range(start, end), newText: '' };
}

/**
 * An edit that deletes a whole section: its header, its statements and the `.endif` that
 * closes a block its last statement sits in, plus the blank lines after it when a blank
 * line (or the start of the file) already separates it from what comes before. Comments
 * after the last statement stay: they may describe the next section. Undefined when the
 * lines hold `.if` directives that do not balance, since removing them would break the
 * blocks around.
 */
export function removeSection(config: HaproxyConfig, section: Section): TextEdit | undefined {
  const src = config.source;
  const first = section.header.line;
  let last = first;
  for (const st of section.statements) last = Math.max(last, st.line);
  // A trailing .if block of the section ends at its .endif.
  let depth = 0;
  let closed = last;
  for (const d of config.directives) {
    if (d.line < first) continue;
    if (d.line > last && depth === 0) break;
    if (d.kind === '.if') depth++;
    else if (d.kind === '.endif') {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) closed = Math.max(closed, d.line);
    } else if ((d.kind === '.elif' || d.kind === '.else') && depth === 0) return undefined;
  }
  if (depth !== 0) return undefined;
  last = closed;
  const blankBefore = first === 0 || src.lineText(first - 1).trim() === '';
  if (blankBefore) {
    while (last + 1 < src.lineCount - 1 && src.lineText(last + 1).trim() === '' && src.lineBreak(last + 1) !== '') last++;
  }
  return removeLines(config, first, last);
}
