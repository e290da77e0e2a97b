import type { Fix } from '../common/types';
import { indexConfig, removeSection } from '../features/navigation';
import type { Statement } from '../haproxy/ast';
import { SectionCache } from '../section-cache';
import { defineRule } from './rule';

const isSpoeFilter = (s: Statement) => s.words[0].text === 'filter' && s.words[1]?.text === 'spoe';
/** Whether a section has a SPOE filter. */
const hasSpoe = new SectionCache((statements) => statements.some(isSpoeFilter));

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
    const index = indexConfig(config);
    const dynamicPrefixes = index.dynamicBackends.map((d) => d.prefix);
    for (const symbol of index.symbols) {
      if (symbol.kind !== 'section' || symbol.sectionKind !== 'backend') continue;
      if (symbol.references.some((r) => r.statement.section !== symbol.section)) continue;
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
