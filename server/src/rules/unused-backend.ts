import type { Fix } from '../common/types';
import { indexConfig, isDynamicWord, removeSection } from '../features/navigation';
import type { HaproxyConfig, Section, Statement } from '../haproxy/ast';
import { SectionCache } from '../section-cache';
import { defineRule } from './rule';
import { referencesInSections } from './undefined-backend';

const isSpoeFilter = (s: Statement) => s.words[0].text === 'filter' && s.words[1]?.text === 'spoe';
/** Whether a section has a SPOE filter. */
const hasSpoe = new SectionCache((statements) => statements.some(isSpoeFilter));

/**
 * The common case, answered without the symbol index: no two backend or listen sections
 * share a name, and every backend is named by a plain use_backend or default_backend line
 * of some other section. The index would then resolve each of those lines to the backend,
 * so it has a reference from outside and there is nothing to report.
 */
export function everyBackendNamedElsewhere(config: HaproxyConfig): boolean {
  const sections = config.sections;
  const references = referencesInSections.all(config);
  // Name -> the one section that names it, or null when several do.
  const namedBy = new Map<string, Section | null>();
  for (let i = 0; i < sections.length; i++) {
    for (const statement of references[i]) {
      const [keyword, target] = statement.words;
      if (keyword.quoted || (keyword.text !== 'use_backend' && keyword.text !== 'default_backend')) continue;
      if (!target || target.text === '' || isDynamicWord(target)) continue;
      const known = namedBy.get(target.text);
      if (known === undefined) namedBy.set(target.text, sections[i]);
      else if (known !== sections[i]) namedBy.set(target.text, null);
    }
  }
  const names = new Set<string>();
  for (const section of sections) {
    if ((section.kind !== 'backend' && section.kind !== 'listen') || !section.name) continue;
    const name = section.name.text;
    if (names.has(name)) return false;
    names.add(name);
    if (section.kind !== 'backend') continue;
    const by = namedBy.get(name);
    if (by === undefined || by === section) return false;
  }
  return true;
}

/** Roles of a reference that can name a backend. */
const NAMES_A_BACKEND = new Set(['backend', 'proxy', 'table']);

/** The names a file uses where a backend can be named (from its symbol index), or 'any'
 * when it names a backend only at run time. Made once per parsed file. */
const namesUsed = new WeakMap<HaproxyConfig, ReadonlySet<string> | 'any'>();

function backendNamesUsedIn(config: HaproxyConfig): ReadonlySet<string> | 'any' {
  let known = namesUsed.get(config);
  if (known === undefined) {
    const index = indexConfig(config);
    if (index.dynamicBackends.length > 0) known = 'any';
    else {
      const names = new Set<string>();
      for (const ref of index.references) if (NAMES_A_BACKEND.has(ref.role)) names.add(ref.name);
      for (const ref of index.unlocatable) if (NAMES_A_BACKEND.has(ref.role)) names.add(ref.name);
      known = names;
    }
    namesUsed.set(config, known);
  }
  return known;
}

export default defineRule({
  meta: {
    id: 'unused-backend',
    description: 'A backend that no frontend, listen section or other reference in the file sends traffic to.',
    defaultSeverity: 'hint',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    // A file without frontends is likely one part of a configuration split over several files.
    if (!config.sections.some((s) => s.kind === 'frontend' || s.kind === 'listen')) return;
    // SPOE agents name their backend in a file of their own.
    if (config.orphans.some(isSpoeFilter) || hasSpoe.all(config).some((spoe) => spoe)) return;
    if (everyBackendNamedElsewhere(config)) return;
    // Another file of the configuration that names a backend only at run time may name any of them.
    const fromOthers = context.others.map(backendNamesUsedIn);
    if (fromOthers.includes('any')) return;
    const index = indexConfig(config);
    const dynamicPrefixes = index.dynamicBackends.map((d) => d.prefix);
    for (const symbol of index.symbols) {
      if (symbol.kind !== 'section' || symbol.sectionKind !== 'backend') continue;
      if (symbol.references.some((r) => r.statement.section !== symbol.section)) continue;
      if (fromOthers.some((names) => names !== 'any' && names.has(symbol.name))) continue;
      const dynamic = dynamicPrefixes.find((p) => symbol.name.startsWith(p));
      if (dynamic !== undefined) continue;
      const edit = removeSection(config, symbol.section);
      const fixes: Fix[] = edit ? [{ title: `Remove backend '${symbol.name}'`, edits: [edit], preferred: false }] : [];
      context.report({
        range: symbol.definitions[0].range,
        message:
          `Backend '${symbol.name}' receives no traffic: no use_backend, default_backend or other reference in this file names it.`,
        tags: ['unnecessary'],
        fixes,
      });
    }
  },
});
