import type { Fix, RelatedLocation } from '../common/types';
import type { Statement } from '../haproxy/ast';
import {
  appendToSection,
  findOption,
  findOptions,
  insertSectionAtTop,
  sectionsOfKind,
  statementIs,
} from '../haproxy/query';
import { SectionCache } from '../section-cache';
import { defineRule } from './rule';

const isSslBind = (s: Statement) => statementIs(s, 'bind') && findOption(s, 'ssl') !== undefined;

interface SectionFacts {
  sslBinds: readonly Statement[];
  setsDefaults: boolean;
}

/** Shared by the many sections with neither (no objects per section). */
const NOTHING: SectionFacts = Object.freeze({ sslBinds: Object.freeze([]) as readonly Statement[], setsDefaults: false });

/** What one section holds for this rule: its ssl binds, and whether it sets ssl-default-bind-options. */
const perSection = new SectionCache<SectionFacts>((statements) => {
  let sslBinds: Statement[] | undefined;
  let setsDefaults = false;
  for (const s of statements) {
    const keyword = s.words[0]?.text;
    if (keyword === 'bind') {
      if (isSslBind(s)) (sslBinds ??= []).push(s);
    } else if (keyword === 'ssl-default-bind-options') setsDefaults = true;
  }
  // An exact-size copy (an array grown by push keeps room for 17 entries): it is kept.
  return sslBinds || setsDefaults ? { sslBinds: sslBinds ? sslBinds.slice() : [], setsDefaults } : NOTHING;
});

const RECOMMENDED_BIND_OPTIONS = 'ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets';

const OLD_VERSIONS = new Set(['SSLv3', 'TLSv1.0', 'TLSv1.1']);

/** A bind that caps its versions below TLS 1.2 without its own floor would end up with no
 * usable version once a global minimum of TLS 1.2 applies. */
function clashesWithGlobalMinimum(bind: Statement): boolean {
  const lowCap = findOptions(bind, 'ssl-max-ver').some((m) => m.value && OLD_VERSIONS.has(m.value.text));
  if (!lowCap) return false;
  const ownFloor =
    findOption(bind, 'ssl-min-ver') !== undefined ||
    ['force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13'].some((f) => findOption(bind, f));
  return !ownFloor;
}

export default defineRule({
  meta: {
    id: 'missing-ssl-default-bind-options',
    description: "TLS listeners exist but global sets no ssl-default-bind-options.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    // Statements outside any section come before the first one.
    const sslBinds = config.orphans.filter(isSslBind);
    const summaries = perSection.all(config);
    for (const summary of summaries) {
      const found = summary.sslBinds;
      for (let i = 0; i < found.length; i++) sslBinds.push(found[i]);
    }
    if (sslBinds.length === 0) return;
    const globals = sectionsOfKind(config, 'global');
    if (summaries.some((summary, i) => config.sections[i].kind === 'global' && summary.setsDefaults)) return;
    // A global section of another file of the configuration counts too.
    if (context.others.some((other) => perSection.all(other).some((summary, i) => other.sections[i].kind === 'global' && summary.setsDefaults))) return;

    const first = sslBinds[0];
    const ssl = findOption(first, 'ssl')!;
    const ownMinimum = findOption(first, 'ssl-min-ver') !== undefined;
    const related: RelatedLocation[] = sslBinds.slice(1).map((b) => ({
      range: findOption(b, 'ssl')!.name.range,
      message: 'Another TLS listener without a global baseline.',
    }));

    const fixes: Fix[] = [];
    if (!sslBinds.some(clashesWithGlobalMinimum)) {
      const edit =
        globals.length > 0
          ? appendToSection(config, globals[0], [RECOMMENDED_BIND_OPTIONS])
          : insertSectionAtTop(config, 'global', [RECOMMENDED_BIND_OPTIONS]);
      fixes.push({
        title: globals.length > 0 ? `Add '${RECOMMENDED_BIND_OPTIONS}' to global` : `Add a global section with '${RECOMMENDED_BIND_OPTIONS}'`,
        edits: [edit],
        preferred: true,
      });
    }

    const count = sslBinds.length;
    context.report({
      range: ssl.name.range,
      message:
        (ownMinimum
          ? 'This bind sets ssl-min-ver itself, but the global section sets no ssl-default-bind-options, ' +
            'so TLS listeners added later start from the built-in defaults. '
          : `${count === 1 ? 'This TLS listener relies' : `These ${count} TLS listeners rely`} on built-in defaults: ` +
            'the global section sets no ssl-default-bind-options. ') +
        'A global baseline such as ssl-min-ver TLSv1.2 and no-tls-tickets keeps every bind at the same ' +
        'protocol floor whatever the HAProxy version or build.',
      related: related.length > 0 ? related : undefined,
      fixes,
    });
  },
});
