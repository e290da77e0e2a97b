import type { Severity } from '../common/types';
import type { HaproxyConfig, Section, SectionKind, Statement, Word } from '../haproxy/ast';
import { fromSectionList, statementIs } from '../haproxy/query';
import { SectionCache } from '../section-cache';
import { defineRule } from './rule';

/** Sections whose names must be unique among sections of the same kind. */
const UNIQUE_KINDS: ReadonlySet<SectionKind> = new Set<SectionKind>([
  'peers',
  'resolvers',
  'mailers',
  'cache',
  'ring',
  'http-errors',
  'fcgi-app',
  'program',
]);

const PROXY_LIKE: ReadonlySet<SectionKind> = new Set<SectionKind>(['frontend', 'backend', 'listen', 'log-forward']);

/**
 * Whether HAProxy rejects proxy `later` because of the earlier proxy `earlier` of the same
 * name. A new frontend or listen is looked up among proxies that accept connections, a
 * new backend among proxies that hold servers, and log-forward names clash with every
 * proxy. So `backend x` then `frontend x` (or `listen x`) is accepted, but not the reverse
 * for listen.
 */
function proxiesClash(earlier: SectionKind, later: SectionKind): boolean {
  if (earlier === 'log-forward' || later === 'log-forward') return true;
  const acceptsConnections = (k: SectionKind) => k === 'frontend' || k === 'listen';
  const holdsServers = (k: SectionKind) => k === 'backend' || k === 'listen';
  if (acceptsConnections(later)) return acceptsConnections(earlier);
  return holdsServers(earlier);
}

function describe(section: Section): string {
  return section.kind === 'log-forward' ? 'log-forward section' : section.kind === 'listen' ? 'listen section' : section.kind;
}

interface Named {
  word: Word;
  statement: Statement;
}

/** What the names and `from` of the sections give, and the header depths it was worked out for. */
interface SectionLevel {
  depths: Int32Array;
  /** Sections whose name clashes with an earlier section's. */
  duplicates: { section: Section; earlier: Section }[];
  /** Sections whose `from` names several earlier defaults sections. */
  ambiguous: { section: Section; matches: Section[] }[];
}

const sectionFindings = new WeakMap<HaproxyConfig, SectionLevel>();

function sameHeaderDepths(depths: Int32Array, sections: readonly Section[]): boolean {
  for (let i = 0; i < sections.length; i++) if (sections[i].header.conditionalDepth !== depths[i]) return false;
  return true;
}

const FROM_KINDS: ReadonlySet<SectionKind> = new Set<SectionKind>(['defaults', 'frontend', 'backend', 'listen']);

function sectionLevel(sections: readonly Section[]): SectionLevel {
  const depths = new Int32Array(sections.length);
  const duplicates: SectionLevel['duplicates'] = [];
  const ambiguous: SectionLevel['ambiguous'] = [];
  // Sections inside `.if` blocks may be alternatives that never coexist.
  // Earlier unconditional sections by name, in document order.
  const seen = new Map<string, Section | Section[]>();
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i];
    depths[i] = section.header.conditionalDepth;
    const name = section.name;
    if (!name || depths[i] !== 0) continue;
    const kind = section.kind;
    // One section per name in the common case; a list only for names used again.
    const before = seen.get(name.text);
    let earlier: Section | undefined;
    if (before !== undefined) {
      const list = Array.isArray(before) ? before : [before];
      if (PROXY_LIKE.has(kind)) {
        earlier = list.find((e) => PROXY_LIKE.has(e.kind) && proxiesClash(e.kind, kind));
      } else if (UNIQUE_KINDS.has(kind) || kind === 'userlist') {
        earlier = list.find((e) => e.kind === kind);
      }
      list.push(section);
      seen.set(name.text, list);
    } else seen.set(name.text, section);
    if (earlier) duplicates.push({ section, earlier });
  }

  // `from <name>` must designate exactly one named defaults section declared before.
  const namedDefaults = new Map<string, Section[]>();
  for (const section of sections) {
    const from = section.from;
    const matches = from ? namedDefaults.get(from.text)?.slice() : undefined;
    if (section.kind === 'defaults' && section.name) {
      const list = namedDefaults.get(section.name.text);
      if (list) list.push(section);
      else namedDefaults.set(section.name.text, [section]);
    }
    if (!matches || matches.length < 2 || !FROM_KINDS.has(section.kind)) continue;
    if (section.header.conditionalDepth !== 0 || matches.some((m) => m.header.conditionalDepth !== 0)) continue;
    ambiguous.push({ section, matches });
  }
  return { depths, duplicates, ambiguous };
}

export default defineRule({
  meta: {
    id: 'duplicate-name',
    description: "Two proxies of the same kind, or two servers in one backend, share a name.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;

    const report = (later: Named, earlier: Named, message: string, severity?: Severity) => {
      context.report({
        range: later.word.range,
        message,
        severity,
        related: [{ range: earlier.word.range, message: `'${earlier.word.text}' is first defined here.` }],
      });
    };
    // Statements inside `.if` blocks may be alternatives that never coexist.
    const unconditional = (...statements: Statement[]) => statements.every((s) => s.conditionalDepth === 0);

    // Section names and `from`: worked out from the list of sections and their `.if` depths.
    let found = fromSectionList(sectionFindings, config, () => sectionLevel(config.sections));
    if (!sameHeaderDepths(found.depths, config.sections)) {
      found = sectionLevel(config.sections);
      sectionFindings.set(config, found);
    }
    for (const { section, earlier } of found.duplicates) {
      const name = section.name!;
      const kind = section.kind;
      const here = { word: name, statement: section.header };
      const there = { word: earlier.name!, statement: earlier.header };
      if (kind === 'userlist') {
        report(
          here,
          there,
          `userlist '${name.text}' is already defined on line ${earlier.header.line + 1}; HAProxy ignores this second one.`,
          'warning',
        );
      } else if (PROXY_LIKE.has(kind)) {
        report(
          here,
          there,
          `${describe(section)} '${name.text}' has the same name as the ${describe(earlier)} on line ${earlier.header.line + 1}; ` +
            'HAProxy refuses to start. Rename one of them.',
        );
      } else {
        report(
          here,
          there,
          `${kind} section '${name.text}' is already defined on line ${earlier.header.line + 1}; HAProxy refuses to start. Rename one of them.`,
        );
      }
    }
    for (const { section, matches } of found.ambiguous) {
      const from = section.from!;
      context.report({
        range: from.range,
        message:
          `'from ${from.text}' is ambiguous: ${matches.length} defaults sections named '${from.text}' come before this line ` +
          `(lines ${matches.map((m) => m.header.line + 1).join(', ')}); HAProxy refuses to choose. Rename one of them.`,
        related: matches.map((m) => ({ range: m.name!.range, message: `defaults '${from.text}' is defined here.` })),
      });
    }

    // Names inside a section.
    for (const list of namesInSections.all(config)) {
      for (const dup of list) {
        const choice = dup.options.find((o) => unconditional(dup.later.statement, o.earlier.statement));
        if (choice) report(dup.later, choice.earlier, choice.message(), dup.severity);
      }
    }
  },
});

/**
 * A line that reuses a name defined earlier in its section. Whether it is reported depends
 * on `.if` blocks, which are read when reporting: the first of `options` whose lines are
 * both outside `.if` blocks is reported. Messages are made when reporting, with the line
 * numbers of that time.
 */
interface Duplicate {
  later: Named;
  options: { earlier: Named; message: () => string }[];
  severity?: Severity;
}

/** The reused names of each section, kept across edits. */
const namesInSections = new SectionCache<Duplicate[]>((statements, section) => {
  const out: Duplicate[] = [];
  if (section.kind === 'backend' || section.kind === 'listen') {
    checkServers(section, statements, out);
  } else if (section.kind === 'resolvers') {
    checkSimple(statements, ['nameserver'], out, (n, line) =>
      `nameserver '${n}' is already defined on line ${line} of this resolvers section; HAProxy refuses to start.`,
    );
  } else if (section.kind === 'peers') {
    checkSimple(
      statements,
      ['peer', 'server'],
      out,
      (n, line) =>
        `peer '${n}' is already defined on line ${line} of this peers section. If it is the local peer ` +
        '(the host name, or the name given with -L) HAProxy refuses to start; otherwise one name stands for two addresses.',
      'warning',
    );
  } else if (section.kind === 'userlist') {
    for (const keyword of ['user', 'group']) {
      checkSimple(
        statements,
        [keyword],
        out,
        (n, line) => `${keyword} '${n}' is already defined on line ${line} of this userlist; HAProxy ignores this one.`,
        'warning',
      );
    }
  }
  return out;
});

function checkSimple(
  list: readonly Statement[],
  keywords: string[],
  out: Duplicate[],
  message: (name: string, firstLine: number) => string,
  severity?: Severity,
): void {
  const first = new Map<string, Named>();
  const statements = list.filter((s) => keywords.some((k) => statementIs(s, k)));
  for (const s of statements) {
    const word = s.words[1];
    if (!word || word.hasVariable) continue;
    const earlier = first.get(word.text);
    if (!earlier) {
      first.set(word.text, { word, statement: s });
      continue;
    }
    out.push({
      later: { word, statement: s },
      options: [{ earlier, message: () => message(word.text, earlier.statement.line + 1) }],
      severity,
    });
  }
}

function checkServers(section: Section, statements: readonly Statement[], out: Duplicate[]): void {
  // Made when the section has a server line: most sections have none.
  let first: Map<string, Named> | undefined;
  const label = () => `${section.kind} '${section.name?.text ?? ''}'`;
  for (const s of statements) {
    const keyword = s.words[0].text;
    if (keyword !== 'server' && keyword !== 'server-template') continue;
    const word = s.words[1];
    if (!word || word.hasVariable) continue;
    first ??= new Map();
    let options: Duplicate['options'] | undefined;
    const claim = (name: string, via: string) => {
      const earlier = first!.get(name);
      if (!earlier) {
        first!.set(name, { word, statement: s });
        return;
      }
      (options ??= []).push({
        earlier,
        message: () =>
          `${label()} already has a server named '${name}' on line ${earlier.statement.line + 1}${via}; ` +
          'HAProxy refuses to start. Give each server its own name.',
      });
    };
    if (keyword === 'server') {
      claim(word.text, '');
    } else {
      const m = /^(\d+)(?:-(\d+))?$/.exec(s.words[2]?.text ?? '');
      if (!m) continue;
      const from = m[2] === undefined ? 1 : Number(m[1]);
      const to = m[2] === undefined ? Number(m[1]) : Number(m[2]);
      for (let n = from; n <= to && n - from < 10000; n++) {
        const name = `${word.text}${n}`;
        claim(name, ` (this server-template creates '${name}')`);
      }
    }
    if (options) out.push({ later: { word, statement: s }, options });
  }
}
