import type { Fix } from '../common/types';
import { defineRule } from './rule';
import { appSide } from '../deployment/app';
import { proxySide, type ServerLine } from '../deployment/proxy';
import { replaceIn } from '../deployment/edits';
import { at, related, relatedSetting, settingFix, written } from '../deployment/shared';

export default defineRule({
  meta: {
    id: 'backend-port-mismatch',
    description: "The servers of HAProxy's Bitbucket backend must point at server.port (or the Connector port in server.xml).",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    const port = app?.port;
    if (!app || !port) return;
    const proxy = proxySide(deployment);
    const portText = written(app, 'port', port);
    const wrong: { line: ServerLine; backend: (typeof proxy.backends)[number] }[] = [];
    let right = 0;
    for (const backend of proxy.backends) {
      for (const line of backend.servers) {
        if (!line.port) continue;
        if (line.port.port === port.value) right++;
        else wrong.push({ line, backend });
      }
    }
    if (wrong.length === 0) return;

    for (const { line, backend } of wrong) {
      const p = line.port!;
      const range = backend.member.source.range(p.start, p.end);
      const name = line.statement.words[1]?.text ?? '';
      const fixes: Fix[] = [{ title: `Change the port of server ${name} to ${port.value}`, edits: [replaceIn(backend.member, p.start, p.end, String(port.value))], preferred: true }];
      const ports = new Set(wrong.map((w) => w.line.port!.port));
      if (right === 0 && ports.size === 1) {
        const fix = settingFix(deployment, app, 'port', String(p.port), `(the port HAProxy's servers use)`, false);
        if (fix) fixes.push(fix);
      }
      context.report(backend.member, {
        range,
        message:
          `Server ${name} of the Bitbucket backend '${backend.section.name!.text}' sends requests to port ${p.port}, but Bitbucket listens on ` +
          `${port.value} (${portText}${port.at ? `, ${at(port.at.member, port.at.range)}` : ''}). HAProxy would find nothing there and mark the server down.`,
        related: port.at ? [relatedSetting(port.at, `Bitbucket listens on ${port.value}`)] : [],
        fixes,
      });
    }
    if (port.at && right === 0) {
      const first = wrong[0];
      const range = first.backend.member.source.range(first.line.port!.start, first.line.port!.end);
      const ports = [...new Set(wrong.map((w) => w.line.port!.port))];
      const fix = ports.length === 1 ? settingFix(deployment, app, 'port', String(ports[0]), `to match the servers on ${at(first.backend.member, range)}`) : undefined;
      context.report(port.at.member, {
        range: port.at.range,
        message:
          `Bitbucket listens on ${port.value} (${portText}), but HAProxy's Bitbucket backend '${first.backend.section.name!.text}' sends requests to ` +
          `port ${ports.join(', ')} (${at(first.backend.member, range)}). Make the two agree.`,
        related: wrong.map((w) => related(w.backend.member, w.backend.member.source.range(w.line.port!.start, w.line.port!.end), `server ${w.line.statement.words[1]?.text ?? ''} uses port ${w.line.port!.port}`)),
        fixes: fix ? [fix] : [],
      });
    }
  },
});
