import type { Fix } from '../common/types';
import type { HaproxyConfig, Section, Statement, Word } from '../haproxy/ast';
import {
  appendSectionAtEnd,
  defaultsFor,
  findStatements,
  fromSectionList,
  hasBackendCapability,
  hasFrontendCapability,
  lastStatement,
} from '../haproxy/query';
import { editDistance } from '../facts/haproxy';
import { SectionCache } from '../section-cache';
import { defineRule } from './rule';

/** Characters HAProxy accepts in proxy names. */
const VALID_PROXY_NAME = /^[A-Za-z0-9_.:-]+$/;

/** The closest candidate: a case-insensitive match first, then the smallest edit distance up to 2. */
export function closestName(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower && c !== name);
  if (sameLetters) return sameLetters;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (c === name) continue;
    const distance = editDistance(name, c);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/** Names whose value is only known at run time: log-format expressions and variables. */
function isDynamic(word: Word): boolean {
  return word.hasVariable || word.text.includes('%');
}

/** Server names a backend defines, `server-template` expanded. */
function serverNames(section: Section): Set<string> {
  const names = new Set<string>();
  for (const s of findStatements(section, 'server')) if (s.words[1]) names.add(s.words[1].text);
  for (const s of findStatements(section, 'server-template')) {
    const prefix = s.words[1]?.text;
    const spec = s.words[2]?.text ?? '';
    if (prefix === undefined) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
    if (!m) continue;
    const from = m[2] === undefined ? 1 : Number(m[1]);
    const to = m[2] === undefined ? Number(m[1]) : Number(m[2]);
    for (let n = from; n <= to && n - from < 10000; n++) names.add(`${prefix}${n}`);
  }
  return names;
}

interface NameTables {
  backends: string[];
  backendSet: ReadonlySet<string>;
  frontendOnly: ReadonlySet<string>;
  /** A new backend may share a frontend's name, but not a log-forward section's. */
  logForwards: ReadonlySet<string>;
}

function namesOf(config: HaproxyConfig): NameTables {
  const backends = config.sections.filter((s) => hasBackendCapability(s) && s.name).map((s) => s.name!.text);
  return {
    backends,
    backendSet: new Set(backends),
    frontendOnly: new Set(config.sections.filter((s) => s.kind === 'frontend' && s.name).map((s) => s.name!.text)),
    logForwards: new Set(config.sections.filter((s) => s.kind === 'log-forward' && s.name).map((s) => s.name!.text)),
  };
}

const nameTables = new WeakMap<HaproxyConfig, NameTables>();

const NONE: readonly Statement[] = Object.freeze([]);

/** The default_backend, use_backend and use-server lines of each section, kept across edits. */
export const referencesInSections = new SectionCache<readonly Statement[]>((statements) => {
  let out: Statement[] | undefined;
  for (const statement of statements) {
    const keyword = statement.words[0].text;
    if (keyword !== 'default_backend' && keyword !== 'use_backend' && keyword !== 'use-server') continue;
    (out ??= []).push(statement);
  }
  // An exact-size copy (an array grown by push keeps room for 17 entries): it is kept.
  return out ? out.slice() : NONE;
});

/** Does any frontend or listen section take its default_backend from `defaults`? */
function defaultsBackendIsUsed(config: HaproxyConfig, defaults: Section): boolean {
  return config.sections.some((s) => {
    if (!hasFrontendCapability(s) || lastStatement(s, 'default_backend')) return false;
    let d = defaultsFor(config, s);
    const seen = new Set<Section>();
    while (d && !seen.has(d)) {
      if (d === defaults) return true;
      if (lastStatement(d, 'default_backend')) return false;
      seen.add(d);
      d = defaultsFor(config, d);
    }
    return false;
  });
}

export default defineRule({
  meta: {
    id: 'undefined-backend',
    description: "default_backend and use_backend must name an existing backend.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    const { backends, backendSet, frontendOnly, logForwards } = fromSectionList(nameTables, config, () => namesOf(config));
    // HAProxy looks a backend up once every file of the configuration is read.
    const elsewhere = context.others.map((other) => fromSectionList(nameTables, other, () => namesOf(other)));
    const checkReference = (statement: Statement, keyword: string) => {
      const target = statement.words[1];
      if (!target || isDynamic(target) || backendSet.has(target.text)) return;
      const name = target.text;
      if (elsewhere.some((names) => names.backendSet.has(name))) return;
      const fixes: Fix[] = [];
      const closest = closestName(name, elsewhere.length > 0 ? backends.concat(...elsewhere.map((names) => names.backends)) : backends);
      if (closest) {
        fixes.push({
          title: `Change to '${closest}'`,
          edits: [{ range: target.range, newText: closest }],
          preferred: true,
        });
      }
      if (VALID_PROXY_NAME.test(name) && !logForwards.has(name)) {
        fixes.push({
          title: `Create backend '${name}'`,
          edits: [appendSectionAtEnd(config, `backend ${name}`, [])],
        });
      }
      const hint = frontendOnly.has(name)
        ? ` '${name}' is a frontend, which cannot receive traffic from another proxy.`
        : closest
          ? ` Did you mean '${closest}'?`
          : '';
      context.report({
        range: target.range,
        message: `${keyword} points to '${name}', but no backend or listen section has that name, so HAProxy refuses to start.${hint}`,
        fixes,
      });
    };

    // Only the lines that name a backend or server are looked at, found once per section
    // and kept while the section's statements stay the same.
    const defaultsUsed = new Map<Section, boolean>();
    const serversOf = new Map<Section, Set<string>>();
    const sections = config.sections;
    const found = referencesInSections.all(config);
    for (let i = 0; i < sections.length; i++) {
      const lines = found[i];
      if (lines.length === 0) continue;
      const section = sections[i];
      for (const statement of lines) {
        const keyword = statement.words[0].text;
        if (keyword === 'default_backend' && section.kind === 'defaults') {
          let used = defaultsUsed.get(section);
          if (used === undefined) defaultsUsed.set(section, (used = defaultsBackendIsUsed(config, section)));
          if (used) checkReference(statement, 'default_backend');
        } else if (keyword !== 'use-server') {
          if (hasFrontendCapability(section)) checkReference(statement, keyword);
        } else if (hasBackendCapability(section)) {
          let servers = serversOf.get(section);
          if (!servers) serversOf.set(section, (servers = serverNames(section)));
          const target = statement.words[1];
          if (!target || isDynamic(target) || servers.has(target.text)) continue;
          const closest = closestName(target.text, [...servers]);
          context.report({
            range: target.range,
            message:
              `use-server points to '${target.text}', but ${section.kind} '${section.name?.text ?? ''}' has no server ` +
              `with that name, so HAProxy refuses to start.${closest ? ` Did you mean '${closest}'?` : ''}`,
            fixes: closest
              ? [{ title: `Change to '${closest}'`, edits: [{ range: target.range, newText: closest }], preferred: true }]
              : [],
          });
        }
      }
    }
  },
});
