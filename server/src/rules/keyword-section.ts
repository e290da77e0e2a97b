import { defineRule } from './rule';
import type { SectionKind } from '../haproxy/ast';
import {
  STATEMENT_UNCHECKED,
  SectionCursor,
  proxyMisplacement,
  statementFlags,
  statementIndex,
  statementKeyword,
  unparsedSectionVersions,
} from '../facts/haproxy';

/** Order in which allowed sections are listed in messages. */
const SECTION_ORDER: SectionKind[] = [
  'global', 'defaults', 'frontend', 'listen', 'backend', 'userlist', 'peers', 'resolvers', 'mailers', 'cache',
  'http-errors', 'ring', 'program', 'fcgi-app', 'log-forward', 'crt-store', 'traces', 'acme', 'dynamic-update',
];

const PROXIES = new Set<SectionKind>(['defaults', 'frontend', 'backend', 'listen']);

function sectionPhrase(kind: SectionKind): string {
  return kind === 'global' ? 'the global section' : `a ${kind} section`;
}

function allowedPhrase(sections: SectionKind[]): string {
  const sorted = [...sections].sort((a, b) => SECTION_ORDER.indexOf(a) - SECTION_ORDER.indexOf(b));
  if (sorted.length === 1) return sorted[0] === 'global' ? 'the global section' : `${sorted[0]} sections`;
  return `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]} sections`;
}

export default defineRule({
  meta: {
    id: 'keyword-section',
    description: "Keywords used in a section where HAProxy does not allow them.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    const index = statementIndex(config);
    const cursor = new SectionCursor(index);
    const sections = config.sections;
    for (let k = 0; k < sections.length; k++) {
      const section = sections[k];
      const kind = section.kind;
      if (unparsedSectionVersions(section.kind)) continue;
      const statements = section.statements;
      const start = cursor.find(statements);
      for (let n = 0; n < statements.length; n++) {
        // Skips statements without words or whose first word holds a variable.
        const flags = start >= 0 ? index.flags[start + n] : statementFlags(statements[n]);
        if (flags & STATEMENT_UNCHECKED) continue;
        const match = start >= 0 ? index.keywords[start + n] : statementKeyword(statements[n]);
        if (!match) continue;
        const statement = statements[n];
        const words = statement.words;
        const { info, wordCount } = match;
        if (info.sections.includes(kind)) {
          if (kind === 'defaults' && info.namedDefaultsOnly && !section.name) {
            context.report({
              range: context.source.range(words[0].start, words[wordCount - 1].end),
              message: `'${info.name}' is only allowed in a defaults section that has a name; give this defaults section a name (for example 'defaults base') and have proxies use it with 'from base'.`,
            });
          }
          continue;
        }
        const range = context.source.range(words[0].start, words[wordCount - 1].end);
        const allowed = allowedPhrase(info.sections);
        const proxySide = info.sections.some((s) => PROXIES.has(s));
        if (PROXIES.has(kind) && proxySide && kind !== 'listen') {
          const treatment = proxyMisplacement(info.name, kind as 'defaults' | 'frontend' | 'backend');
          if (treatment === 'ignored') {
            const why = kind === 'frontend' ? 'it only applies to the backend side of a proxy' : 'it only applies to the frontend side of a proxy';
            context.report({
              range,
              severity: 'warning',
              message: `HAProxy ignores '${info.name}' in ${sectionPhrase(kind)}: ${why}. It belongs in ${allowed}.`,
              tags: ['unnecessary'],
            });
          } else {
            context.report({
              range,
              message: `'${info.name}' is not allowed in ${sectionPhrase(kind)}: HAProxy rejects it there. It belongs in ${allowed}.`,
            });
          }
          continue;
        }
        context.report({
          range,
          message: `'${info.name}' is not allowed in ${sectionPhrase(kind)}; it belongs in ${allowed}.`,
        });
      }
    }
  },
});
