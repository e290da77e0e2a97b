import { defineRule } from './rule';
import type { Statement } from '../haproxy/ast';
import { findOption, findStatements, optionWords, sectionsOfKind, type OptionMatch } from '../haproxy/query';
import { SectionCache } from '../section-cache';

interface Missing {
  bind: Statement;
  ssl: OptionMatch;
}

/** The ssl binds without a certificate among `statements`. */
const NONE: readonly Missing[] = Object.freeze([]);

function missingIn(statements: readonly Statement[]): readonly Missing[] {
  let out: Missing[] | undefined;
  for (const bind of statements) {
    if (bind.words[0]?.text !== 'bind') continue;
    const ssl = findOption(bind, 'ssl');
    if (!ssl) continue;
    // A word built from an environment variable might expand to the certificate option.
    if (optionWords(bind).some((w) => w.hasVariable)) continue;
    if (findOption(bind, 'crt') || findOption(bind, 'crt-list')) continue;
    (out ??= []).push({ bind, ssl });
  }
  // An exact-size copy (an array grown by push keeps room for 17 entries): it is kept.
  return out ? out.slice() : NONE;
}

const perSection = new SectionCache<readonly Missing[]>(missingIn);

export default defineRule({
  meta: {
    id: 'bind-ssl-without-crt',
    description: "A bind line with ssl needs a certificate (crt or crt-list).",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    const hasCrtBase = sectionsOfKind(config, 'global').some((g) => findStatements(g, 'crt-base').length > 0);
    for (const missing of perSection.all(config)) {
      for (const { bind, ssl } of missing) {
        const address = bind.words[1]?.text ?? '';
        context.report({
          range: ssl.name.range,
          message:
            `bind ${address} turns on ssl but names no certificate, so HAProxy refuses to start. ` +
            `Add 'crt <pem file or directory>' or 'crt-list <file>' to this line` +
            (hasCrtBase ? "; the global crt-base only sets the folder that relative crt paths are read from." : '.'),
        });
      }
    }
  },
});
