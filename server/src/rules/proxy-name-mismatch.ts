import type { RelatedLocation } from '../common/types';
import type { Word } from '../haproxy/ast';
import { defineRule } from './rule';
import { appSide, KEYS } from '../deployment/app';
import { aclMatch, proxySide, requiredAcls } from '../deployment/proxy';
import type { HaproxyMember } from '../deployment/model';
import { at, related, relatedSetting, settingFix, settingName, written } from '../deployment/shared';

interface HostAcl {
  member: HaproxyMember;
  patterns: Word[];
  method: string;
}

/** True when the host `name` satisfies the pattern under the ACL match method. */
export function hostMatches(name: string, pattern: string, method: string): boolean {
  const p = pattern.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  switch (method) {
    case 'str':
      return name === p;
    case 'beg':
      return name.startsWith(p);
    case 'end':
      return name.endsWith(p);
    case 'dom':
      return name === p || name.endsWith(`.${p}`) || name.startsWith(`${p}.`) || name.includes(`.${p}.`);
    case 'sub':
      return name.includes(p);
    default:
      // reg and friends: we do not evaluate them, so they never count as a mismatch.
      return true;
  }
}

export default defineRule({
  meta: {
    id: 'proxy-name-mismatch',
    description: 'server.proxy-name (or proxyName in server.xml) must be the host of setup.baseUrl and of the Host ACLs that route to Bitbucket.',
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    const proxyName = app?.proxyName;
    if (!app || !proxyName?.at) return;
    const name = proxyName.value;
    const nameText = written(app, 'proxyName', proxyName);

    // The base URL's host.
    const base = app.baseUrl;
    if (base && base.host !== name) {
      const fix = settingFix(deployment, app, 'proxyName', base.host, `(the host of ${KEYS.baseUrl})`);
      const baseRange = base.entry.valueRange;
      context.report(proxyName.at.member, {
        range: proxyName.at.range,
        message:
          `${nameText} differs from the host '${base.host}' of ${KEYS.baseUrl} (${at(base.member, baseRange)}). Bitbucket would build ` +
          'some links with one name and some with the other; use the name users type in the browser for both.',
        related: [related(base.member, baseRange, `${KEYS.baseUrl} uses the host '${base.host}'`)],
        fixes: fix ? [fix] : [],
      });
      if (base.member !== proxyName.at.member) {
        context.report(base.member, {
          range: baseRange,
          message: `The host '${base.host}' of ${KEYS.baseUrl} differs from ${nameText} (${at(proxyName.at.member, proxyName.at.range)}); use the same public host name in both.`,
          related: [relatedSetting(proxyName.at, `${settingName(app, 'proxyName')} is set here`)],
          fixes: fix ? [fix] : [],
        });
      }
    }

    // Host ACLs that route to Bitbucket: only when every way in is restricted by host.
    const proxy = proxySide(deployment);
    const acls: HostAcl[] = [];
    for (const route of proxy.routes) {
      const alternatives = requiredAcls(route);
      if (!alternatives) return; // default_backend or listen: any host gets in
      for (const required of alternatives) {
        const host = required.filter((expr) => {
          const m = aclMatch(expr);
          return (m.fetch === 'hdr' || m.fetch === 'req.hdr') && m.args?.trim().toLowerCase() === 'host' && expr.patterns.length > 0;
        });
        if (host.length === 0) return; // this way in does not look at the host
        for (const expr of host) acls.push({ member: route.member, patterns: expr.patterns, method: aclMatch(expr).method });
      }
    }
    if (acls.length === 0) return;
    if (acls.some((a) => a.patterns.some((p) => hostMatches(name, p.text, a.method)))) return;
    const hosts = [...new Set(acls.flatMap((a) => a.patterns.map((p) => p.text.toLowerCase().replace(/:\d+$/, ''))))];
    const exact = hosts.length === 1 && acls.every((a) => a.method === 'str') ? hosts[0] : undefined;
    const fix = exact ? settingFix(deployment, app, 'proxyName', exact, '(the host HAProxy routes to Bitbucket)') : undefined;
    const relatedAcls: RelatedLocation[] = acls.map((a) =>
      related(a.member, { start: a.patterns[0].range.start, end: a.patterns[a.patterns.length - 1].range.end }, 'HAProxy routes these hosts to Bitbucket'),
    );
    const first = acls[0];
    const firstRange = { start: first.patterns[0].range.start, end: first.patterns[first.patterns.length - 1].range.end };
    context.report(proxyName.at.member, {
      range: proxyName.at.range,
      message:
        `${nameText} is not a host HAProxy sends to Bitbucket: the Host ACLs in front of the Bitbucket backend only accept ` +
        `${hosts.map((h) => `'${h}'`).join(', ')} (${at(first.member, firstRange)}). Links Bitbucket builds with '${name}' would not reach it.`,
      related: relatedAcls,
      fixes: fix ? [fix] : [],
    });
    for (const a of acls) {
      const range = { start: a.patterns[0].range.start, end: a.patterns[a.patterns.length - 1].range.end };
      context.report(a.member, {
        range,
        message:
          `Only ${a.patterns.map((p) => `'${p.text}'`).join(', ')} reach${a.patterns.length === 1 ? 'es' : ''} Bitbucket through this ACL, but ${nameText} ` +
          `(${at(proxyName.at.member, proxyName.at.range)}) makes Bitbucket build links with '${name}', which HAProxy would not route to it.`,
        related: [relatedSetting(proxyName.at, `${settingName(app, 'proxyName')} is set here`)],
        fixes: fix ? [fix] : [],
      });
    }
  },
});
