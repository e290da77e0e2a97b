/**
 * Read-only helpers over a parsed haproxy.cfg: finding statements and line options,
 * working out which `defaults` section a proxy inherits from, and computing where new
 * lines or sections go. Nothing here edits text; the helpers return offsets and edits.
 */
import type { TextEdit } from '../common/types';
import type { HaproxyConfig, Section, SectionKind, Statement, Word } from './ast';
import { previousParse } from '../incremental';

/** Sections that are proxies and can inherit from a `defaults` section. */
export const PROXY_KINDS: ReadonlySet<SectionKind> = new Set<SectionKind>(['frontend', 'backend', 'listen']);

/** Proxies that accept client connections. */
export function hasFrontendCapability(section: Section): boolean {
  return section.kind === 'frontend' || section.kind === 'listen';
}

/** Proxies that hold servers and can be the target of `use_backend`. */
export function hasBackendCapability(section: Section): boolean {
  return section.kind === 'backend' || section.kind === 'listen';
}

/** True when the statement's leading words are exactly `keywords`. HAProxy removes quotes
 * before it matches keywords, so `"timeout" client` counts too. */
export function statementIs(statement: Statement, ...keywords: string[]): boolean;
// Up to three keywords are taken as plain parameters: rules call this for every statement
// of big files, and a rest array per call would be most of the cost.
export function statementIs(statement: Statement, k0?: string, k1?: string, k2?: string, ...more: string[]): boolean {
  const words = statement.words;
  if (k0 === undefined) return true;
  if (words.length < 1 || words[0].text !== k0) return false;
  if (k1 === undefined) return true;
  if (words.length < 2 || words[1].text !== k1) return false;
  if (k2 === undefined) return true;
  if (words.length < 3 || words[2].text !== k2) return false;
  for (let i = 0; i < more.length; i++) if (words.length < 4 + i || words[3 + i].text !== more[i]) return false;
  return true;
}

/** Every statement of `section` (header excluded) whose leading words are `keywords`. */
export function findStatements(section: Section, ...keywords: string[]): Statement[] {
  const out: Statement[] = [];
  const first = keywords[0];
  for (const s of section.statements) {
    // Most statements differ in their first word: test that before anything else.
    if (s.words[0]?.text === first || first === undefined) {
      if (statementIs(s, ...keywords)) out.push(s);
    }
  }
  return out;
}

/** The last statement of `section` whose leading words are `keywords`: the one HAProxy keeps. */
export function lastStatement(section: Section, ...keywords: string[]): Statement | undefined {
  const all = findStatements(section, ...keywords);
  return all[all.length - 1];
}

/** Sections of the given kinds, in document order. */
export function sectionsOfKind(config: HaproxyConfig, ...kinds: SectionKind[]): Section[] {
  return config.sections.filter((s) => kinds.includes(s.kind));
}

/**
 * Index of the first option word of a line that carries options after fixed arguments:
 * `bind <addr> [opts]`, `server <name> <addr> [opts]`, `default-server [opts]`,
 * `server-template <prefix> <num> <addr> [opts]`, `peer <name> <addr> [opts]` and the
 * global `ssl-default-bind-options` / `ssl-default-server-options`. Undefined for other
 * statements.
 */
export function optionStart(statement: Statement): number | undefined {
  const words = statement.words;
  if (words.length === 0) return undefined;
  switch (words[0].text) {
    case 'bind':
      return 2;
    case 'default-server':
    case 'ssl-default-bind-options':
    case 'ssl-default-server-options':
      return 1;
    case 'peer':
    case 'server':
      return 3;
    case 'server-template':
      return 4;
    default:
      return undefined;
  }
}

/** The option words of a bind/server-like line (see optionStart); empty for other lines. */
export function optionWords(statement: Statement): Word[] {
  const start = optionStart(statement);
  return start === undefined ? [] : statement.words.slice(start);
}

export interface OptionMatch {
  /** The option keyword itself. */
  name: Word;
  /** Index of `name` in the statement's words. */
  index: number;
  /** The word after the option keyword, for options that take a value. */
  value?: Word;
}

/** Every occurrence of option `name` on a bind/server-like line, in order. */
export function findOptions(statement: Statement, name: string): OptionMatch[] {
  const start = optionStart(statement);
  if (start === undefined) return [];
  const out: OptionMatch[] = [];
  const words = statement.words;
  for (let i = start; i < words.length; i++) {
    if (words[i].text === name) out.push({ name: words[i], index: i, value: words[i + 1] });
  }
  return out;
}

/** The first occurrence of option `name` on a bind/server-like line. */
export function findOption(statement: Statement, name: string): OptionMatch | undefined {
  return findOptions(statement, name)[0];
}

/** True when a bind/server-like line has option `name`. */
export function hasOption(statement: Statement, name: string): boolean {
  return findOptions(statement, name).length > 0;
}

interface SectionOrder {
  /** Index of each section in `config.sections`. */
  position: Map<Section, number>;
  /** For each index i, the index of the last `defaults` section before i, or -1. */
  previousDefaults: Int32Array;
}

const sectionOrders = new WeakMap<HaproxyConfig, SectionOrder>();

/**
 * The document `config` was re-parsed from, when both have the very same sections in the
 * same order. An edit keeps a section object only when its header line is unchanged, so
 * kinds, names and `from` are the same too, and so is everything worked out from them.
 */
function withSameSections(config: HaproxyConfig): HaproxyConfig | undefined {
  const previous = previousParse(config);
  if (!previous) return undefined;
  const a = previous.sections;
  const b = config.sections;
  if (a.length !== b.length) return undefined;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return undefined;
  return previous;
}

/**
 * A value worked out from the list of sections alone (their kinds, names and `from`, which
 * a kept section keeps), made once per document and carried over after an edit that kept
 * every section. `memo` is the caller's own table.
 */
export function fromSectionList<T>(memo: WeakMap<HaproxyConfig, T>, config: HaproxyConfig, compute: () => T): T {
  let value = memo.get(config);
  if (value === undefined) {
    const previous = withSameSections(config);
    value = previous ? memo.get(previous) : undefined;
    if (value === undefined) value = compute();
    memo.set(config, value);
  }
  return value;
}

/** Positions of the sections of `config`, computed once per parsed document: the lookups
 * below would otherwise scan the section list for every proxy, which is quadratic in big files. */
function sectionOrder(config: HaproxyConfig): SectionOrder {
  let order = sectionOrders.get(config);
  if (!order) {
    const previous = withSameSections(config);
    order = previous && sectionOrders.get(previous);
    if (order) sectionOrders.set(config, order);
  }
  if (!order) {
    const position = new Map<Section, number>();
    const previousDefaults = new Int32Array(config.sections.length);
    let last = -1;
    config.sections.forEach((s, i) => {
      position.set(s, i);
      previousDefaults[i] = last;
      if (s.kind === 'defaults') last = i;
    });
    order = { position, previousDefaults };
    sectionOrders.set(config, order);
  }
  return order;
}

/** Index of `section` in `config.sections`, or -1. */
export function sectionIndex(config: HaproxyConfig, section: Section): number {
  return sectionOrder(config).position.get(section) ?? -1;
}

/**
 * The `defaults` section `section` inherits from, as HAProxy picks it: the one named by
 * `from <name>` (the last such named section declared before), otherwise the last
 * `defaults` section before it, named or not. A `defaults` section without `from`
 * inherits nothing. Undefined when there is none.
 */
export function defaultsFor(config: HaproxyConfig, section: Section): Section | undefined {
  const order = sectionOrder(config);
  const index = order.position.get(section) ?? -1;
  if (index < 0 || (section.kind !== 'defaults' && !PROXY_KINDS.has(section.kind))) return undefined;
  if (section.from) {
    const wanted = section.from.text;
    for (let i = order.previousDefaults[index]; i >= 0; i = order.previousDefaults[i]) {
      const s = config.sections[i];
      if (s.name?.text === wanted) return s;
    }
    return undefined;
  }
  if (section.kind === 'defaults') return undefined;
  const i = order.previousDefaults[index];
  return i >= 0 ? config.sections[i] : undefined;
}

/**
 * The section followed by the `defaults` sections it inherits from, nearest first. The
 * walk stops at a loop or a missing `from` target.
 */
export function inheritanceChain(config: HaproxyConfig, section: Section): readonly Section[] {
  // Rules ask for the chain of every proxy several times: work it out once per parse.
  let chains = inheritanceChains.get(config);
  if (!chains) {
    // After an edit that kept every section, the chains have not changed.
    const previous = withSameSections(config);
    inheritanceChains.set(config, (chains = (previous && inheritanceChains.get(previous)) || new Map()));
  }
  let chain = chains.get(section);
  if (!chain) {
    const list = [section];
    let current = defaultsFor(config, section);
    while (current && !list.includes(current)) {
      list.push(current);
      current = defaultsFor(config, current);
    }
    // An exact-size copy: an array grown by push keeps room for 17 entries.
    chain = Object.freeze(list.slice());
    chains.set(section, chain);
  }
  return chain;
}

const inheritanceChains = new WeakMap<HaproxyConfig, Map<Section, readonly Section[]>>();

/**
 * True when the `defaults` section a proxy inherits from cannot be known without
 * evaluating `.if` conditions: a section of the chain, or a `defaults` section between
 * the proxy and the one it would use, sits inside a conditional block.
 */
export function inheritanceIsConditional(config: HaproxyConfig, section: Section): boolean {
  const chain = inheritanceChain(config, section);
  for (let i = 1; i < chain.length; i++) if (chain[i].header.conditionalDepth > 0) return true;
  if (section.from) return false;
  const order = sectionOrder(config);
  const index = order.position.get(section) ?? -1;
  const used = chain[1];
  const usedIndex = used ? (order.position.get(used) ?? -1) : -1;
  // Only defaults sections matter: walk them backwards from the proxy to the one it uses.
  for (let i = index >= 0 ? order.previousDefaults[index] : -1; i > usedIndex; i = order.previousDefaults[i]) {
    if (config.sections[i].header.conditionalDepth > 0) return true;
  }
  return false;
}

export interface Inherited {
  statement: Statement;
  /** The section the statement sits in: the proxy itself or one of its defaults. */
  from: Section;
}

/**
 * The statements matching `match` that decide a setting for `section`, most specific
 * first: HAProxy uses the last match in the proxy, else the last in its nearest
 * `defaults`, and so on. The walk stops after the first match outside any `.if` block;
 * conditional matches before it are included because they may be the ones in force.
 */
export function effectiveStatements(
  config: HaproxyConfig,
  section: Section,
  match: (statement: Statement) => boolean,
): Inherited[] {
  const out: Inherited[] = [];
  for (const s of inheritanceChain(config, section)) {
    for (let i = s.statements.length - 1; i >= 0; i--) {
      const st = s.statements[i];
      if (!match(st)) continue;
      out.push({ statement: st, from: s });
      if (st.conditionalDepth === 0) return out;
    }
  }
  return out;
}

/** Leading whitespace of a line. */
export function indentationOf(config: HaproxyConfig, line: number): string {
  return /^[ \t]*/.exec(config.source.lineText(line))?.[0] ?? '';
}

/** The indentation of the first indented statement of `section` outside `.if` blocks
 * (the section's own level), else `fallback`. */
export function sectionIndent(config: HaproxyConfig, section: Section, fallback = '    '): string {
  for (const s of section.statements) {
    if (s.conditionalDepth !== section.header.conditionalDepth) continue;
    const indent = indentationOf(config, s.line);
    if (indent.length > 0) return indent;
  }
  return fallback;
}

/** The indentation most section bodies in the file use, else `fallback`. */
export function documentIndent(config: HaproxyConfig, fallback = '    '): string {
  const counts = new Map<string, number>();
  for (const section of config.sections) {
    for (const s of section.statements) {
      const indent = indentationOf(config, s.line);
      if (indent.length > 0) counts.set(indent, (counts.get(indent) ?? 0) + 1);
    }
  }
  let best = fallback;
  let bestCount = 0;
  for (const [indent, count] of counts) {
    if (count > bestCount) {
      best = indent;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The line after which new statements of `section` go: its last statement, or the
 * `.endif` that closes the conditional block that statement sits in, so the new line is
 * as unconditional as the section header. Trailing comments and blank lines stay after
 * the inserted text.
 */
export function lastContentLine(config: HaproxyConfig, section: Section): number {
  const last = section.statements[section.statements.length - 1] ?? section.header;
  let line = last.line;
  let depth = last.conditionalDepth;
  const target = section.header.conditionalDepth;
  if (depth <= target) return line;
  const next = config.sections[sectionIndex(config, section) + 1];
  const limit = next ? next.header.line : Infinity;
  for (const d of config.directives) {
    if (d.line <= line || d.line >= limit) continue;
    if (d.kind === '.if') depth++;
    else if (d.kind === '.endif') {
      depth--;
      if (depth <= target) return d.line;
    }
  }
  return line;
}

/** An edit that adds `lines` (without indentation or line breaks) at the end of `section`. */
export function appendToSection(config: HaproxyConfig, section: Section, lines: string[]): TextEdit {
  const src = config.source;
  const eol = src.eol;
  const indent = sectionIndent(config, section, documentIndent(config));
  const at = src.lineEnd(lastContentLine(config, section));
  const text = lines.map((l) => eol + indent + l).join('');
  return { range: src.range(at, at), newText: text };
}

/**
 * An edit that inserts a new section (`header` followed by indented `lines`) before the
 * first section of the file, followed by a blank line. Comments directly above the first
 * section stay with it, unless they start the file (a file header comment).
 */
export function insertSectionAtTop(config: HaproxyConfig, header: string, lines: string[]): TextEdit {
  const src = config.source;
  const eol = src.eol;
  const indent = documentIndent(config);
  const body = header + lines.map((l) => eol + indent + l).join('') + eol + eol;
  const firstStatement = config.statements[0];
  const firstDirective = config.directives[0];
  let line = Math.min(firstStatement?.line ?? Infinity, firstDirective?.line ?? Infinity);
  if (!Number.isFinite(line)) {
    // Nothing but comments and blank lines: add the section at the end.
    return appendSectionAtEnd(config, header, lines);
  }
  const ownLineComments = new Set(config.comments.filter((c) => c.ownLine).map((c) => c.line));
  let top = line;
  while (top > 0 && ownLineComments.has(top - 1)) top--;
  if (top > 0) line = top;
  let at = src.lineStarts[line];
  if (at === 0 && src.text.charCodeAt(0) === 0xfeff) at = 1;
  return { range: src.range(at, at), newText: body };
}

/** An edit that appends a new section (`header` and indented `lines`) at the end of the file,
 * separated by a blank line. The file then ends with a line break: HAProxy 2.6 refuses a
 * last line without one. */
export function appendSectionAtEnd(config: HaproxyConfig, header: string, lines: string[]): TextEdit {
  const src = config.source;
  const eol = src.eol;
  const indent = documentIndent(config);
  const block = header + lines.map((l) => eol + indent + l).join('');
  const end = src.text.length;
  const last = src.lineCount - 1;
  const endsWithBreak = last > 0 && src.lineText(last) === '';
  let newText: string;
  if (end === 0) newText = block + eol;
  else if (!endsWithBreak) newText = eol + eol + block + eol;
  else if (src.lineText(last - 1).trim() === '') newText = block + eol;
  else newText = eol + block + eol;
  return { range: src.range(end, end), newText };
}

/** The range of `words[from..to]` plus the whitespace before the first, for deleting options. */
export function wordsRemovalRange(config: HaproxyConfig, statement: Statement, from: number, to: number) {
  const words = statement.words;
  const startOffset = from > 0 ? words[from - 1].end : words[from].start;
  return config.source.range(startOffset, words[to].end);
}
