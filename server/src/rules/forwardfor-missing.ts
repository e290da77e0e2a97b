import type { Section } from '../haproxy/ast';
import { appendToSection, statementIs } from '../haproxy/query';
import { defineRule } from './rule';
import { appSide, KEYS } from '../deployment/app';
import { effectiveIn, proxySide } from '../deployment/proxy';
import type { Deployment, HaproxyMember } from '../deployment/model';
import { at, related } from '../deployment/shared';

/** True when the proxy (or a defaults section it inherits from) sends X-Forwarded-For. */
export function addsForwardedFor(deployment: Deployment, member: HaproxyMember, section: Section): boolean {
  const option = effectiveIn(deployment, member, section, (s) => statementIs(s, 'option', 'forwardfor'));
  if (option.length > 0) return true;
  return section.statements.some((s) => {
    const w = s.words.map((x) => x.text);
    return w[0] === 'http-request' && (w[1] === 'set-header' || w[1] === 'add-header') && w[2]?.toLowerCase() === 'x-forwarded-for';
  });
}

export default defineRule({
  meta: {
    id: 'forwardfor-missing',
    description: 'websudo.allowlist.patterns is set, but HAProxy does not send X-Forwarded-For to Bitbucket.',
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    const allow = app?.allowlist;
    if (!allow) return;
    const proxy = proxySide(deployment);
    const allowWhere = at(allow.member, allow.entry.valueRange);
    for (const backend of proxy.backends) {
      if (addsForwardedFor(deployment, backend.member, backend.section)) continue;
      const routes = proxy.routes.filter((r) => r.backend === backend);
      if (routes.length > 0 && routes.every((r) => addsForwardedFor(deployment, r.member, r.frontend))) continue;
      const name = backend.section.name!;
      const without = [...new Set(routes.filter((r) => !addsForwardedFor(deployment, r.member, r.frontend)).map((r) => r.frontend.name?.text ?? r.frontend.kind))];
      const fix = {
        title: `Add 'option forwardfor' to backend ${name.text}`,
        edits: [{ ...appendToSection(backend.member.config, backend.section, ['option forwardfor']), uri: backend.member.uri }],
        preferred: true,
      };
      const through = without.length && !(without.length === 1 && without[0] === name.text) ? ` (nor does ${without.map((n) => `'${n}'`).join(', ')} in front of it)` : '';
      context.report(backend.member, {
        range: name.range,
        message:
          `${KEYS.allowlist} limits secure administrator sessions to some addresses (${allowWhere}), but the Bitbucket backend ` +
          `'${name.text}' does not add X-Forwarded-For${through}. Every request would seem to come from HAProxy's own address, ` +
          'so the allowlist would either let everyone in or nobody. Add option forwardfor.',
        related: [related(allow.member, allow.entry.valueRange, 'the websudo allowlist is set here')],
        fixes: [fix],
      });
      context.report(allow.member, {
        range: allow.entry.keyRange,
        message:
          `HAProxy's Bitbucket backend '${name.text}' (${at(backend.member, name.range)}) does not send X-Forwarded-For, so Bitbucket ` +
          "sees HAProxy's address instead of the user's and cannot apply this allowlist as meant.",
        related: [related(backend.member, name.range, 'this backend sends no X-Forwarded-For')],
        fixes: [fix],
      });
    }
  },
});
