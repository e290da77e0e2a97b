import { defineRule } from './rule';
import { appSide } from '../deployment/app';
import { proxySide } from '../deployment/proxy';
import { at, related, relatedSetting, settingFix, settingName, written } from '../deployment/shared';

export default defineRule({
  meta: {
    id: 'proxy-port-mismatch',
    description: 'server.proxy-port (or proxyPort in server.xml) must be the port of the HAProxy bind users connect to.',
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    const proxyPort = app?.proxyPort;
    if (!app || !proxyPort?.at) return;
    const proxy = proxySide(deployment);
    if (proxy.tlsBeforeHaproxy) return;
    const reached = proxy.userBinds.flatMap((bind) => bind.ports.map((port) => ({ bind, port })));
    if (reached.length === 0 || reached.some((r) => r.port.port === proxyPort.value)) return;

    const first = reached[0];
    const bindRange = first.bind.member.source.range(first.port.start, first.port.end);
    const bindWhere = at(first.bind.member, bindRange);
    const ports = [...new Set(reached.map((r) => r.port.port))];
    const portList = ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')}`;
    const name = written(app, 'proxyPort', proxyPort);
    const fix = settingFix(deployment, app, 'proxyPort', String(first.port.port), `to match the bind on ${bindWhere}`);
    const fixes = fix ? [fix] : [];
    const kind = proxy.tls ? 'TLS bind' : 'bind';

    context.report(proxyPort.at.member, {
      range: proxyPort.at.range,
      message:
        `${name} tells Bitbucket that users connect on port ${proxyPort.value}, but HAProxy accepts them on ` +
        `${portList} (${kind} on ${bindWhere}). Links, redirects and clone URLs that Bitbucket builds would ` +
        `point at the wrong port; set it to ${first.port.port}.`,
      related: reached.map((r) =>
        related(r.bind.member, r.bind.member.source.range(r.port.start, r.port.end), `HAProxy accepts users on port ${r.port.port} here`),
      ),
      fixes,
    });
    context.report(first.bind.member, {
      range: bindRange,
      message:
        `Users reach Bitbucket on port ${first.port.port} here, but ${name} (${at(proxyPort.at.member, proxyPort.at.range)}) ` +
        `tells Bitbucket they use port ${proxyPort.value}, so the links it builds would point at the wrong port. ` +
        `Set ${settingName(app, 'proxyPort')} to ${first.port.port}.`,
      related: [relatedSetting(proxyPort.at, `Bitbucket is told port ${proxyPort.value} here`)],
      fixes,
    });
  },
});
