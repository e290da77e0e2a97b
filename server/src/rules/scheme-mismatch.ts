import type { Fix } from '../common/types';
import { defineRule } from './rule';
import { appSide } from '../deployment/app';
import { proxySide } from '../deployment/proxy';
import { mergeInserts } from '../deployment/edits';
import { at, related, relatedSetting, settingEdit, settingText, written } from '../deployment/shared';

export default defineRule({
  meta: {
    id: 'scheme-mismatch',
    description: 'server.scheme (or scheme in server.xml) must be https exactly when the HAProxy bind users reach has ssl.',
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    const scheme = app?.scheme;
    if (!app || !scheme) return;
    const proxy = proxySide(deployment);
    if (proxy.tlsBeforeHaproxy || proxy.userBinds.length === 0) return;
    const expected = proxy.tls ? 'https' : 'http';
    if (scheme.value === expected) return;

    const bind = proxy.userBinds[0];
    const bindRange = bind.ssl ? bind.ssl.range : bind.statement.words[1]?.range ?? bind.statement.range;
    const bindWhere = at(bind.member, bindRange);
    const current = written(app, 'scheme', scheme);

    const edits = [settingEdit(deployment, app, 'scheme', expected)];
    const secureWanted = expected === 'https';
    const alsoSecure = app.secure && app.secure.value !== secureWanted;
    if (alsoSecure) edits.push(settingEdit(deployment, app, 'secure', String(secureWanted)));
    const file = app.origin === 'server-xml' ? deployment.serverXml?.label : deployment.bitbucket?.label;
    const fixes: Fix[] = edits.every((e) => e)
      ? [
          {
            title:
              `Set ${settingText(app, 'scheme', expected)}${alsoSecure ? ` and ${settingText(app, 'secure', String(secureWanted))}` : ''}` +
              `${file ? ` in ${file}` : ''} to match the bind on ${bindWhere}`,
            edits: mergeInserts(edits.map((e) => e!)),
            preferred: true,
          },
        ]
      : [];

    const why = proxy.tls
      ? `HAProxy terminates TLS for Bitbucket (ssl on ${bindWhere}), but ${current} makes Bitbucket build http:// links and redirects, which either fail or bounce users back and forth.`
      : `HAProxy serves Bitbucket without TLS (the bind on ${bindWhere} has no ssl), but ${current} makes Bitbucket build https:// links that nothing answers. If TLS ends on a device in front of HAProxy, have the frontend set X-Forwarded-Proto to https.`;

    if (scheme.at) {
      context.report(scheme.at.member, {
        range: scheme.at.range,
        message: `${why} Use ${settingText(app, 'scheme', expected)}.`,
        related: [related(bind.member, bindRange, proxy.tls ? 'TLS ends here' : 'plain HTTP bind')],
        fixes,
      });
    }
    context.report(bind.member, {
      range: bindRange,
      message: `${why} Use ${settingText(app, 'scheme', expected)}.`,
      related: scheme.at ? [relatedSetting(scheme.at, `Bitbucket's scheme is set here`)] : [],
      fixes,
    });
  },
});
