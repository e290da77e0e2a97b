/**
 * Hover texts that need the deployment: why a backend is taken for Bitbucket's, and what
 * the Connector and Context attributes of server.xml do (with the bitbucket.properties
 * key that replaced each one in Bitbucket 5.0).
 */
import type { Position, Range } from '../common/types';
import { rangeContains } from '../common/source';
import { appSide } from './app';
import { proxySide } from './proxy';
import type { Deployment } from './model';
import { where } from './model';
import type { ServerXml } from '../serverxml/tree';
import { attributeAt } from '../serverxml/tree';
import { attributeDoc } from '../serverxml/tomcat';

export interface DeploymentHover {
  /** Markdown. */
  contents: string;
  range: Range;
}

/** On the name of a backend (or listen section) that serves Bitbucket: the evidence and the routes to it. */
export function backendHover(deployments: Deployment[], uri: string, position: Position): DeploymentHover | null {
  for (const deployment of deployments) {
    const proxy = proxySide(deployment);
    for (const backend of proxy.backends) {
      const name = backend.section.name;
      if (backend.member.uri !== uri || !name || !rangeContains(name.range, position)) continue;
      const lines = [`**${backend.section.kind} ${name.text}** serves Bitbucket`, ''];
      lines.push(`Taken for Bitbucket's backend because ${joinReasons(backend.reasons)}.`);
      const routes = proxy.routes.filter((r) => r.backend === backend);
      if (routes.length > 0) {
        lines.push('', 'Users reach it through:');
        for (const r of routes) {
          const how = r.kind === 'listen' ? 'its own bind lines' : r.kind === 'default_backend' ? 'default_backend' : 'use_backend';
          const at = r.statement ? ` (${where(r.member, r.statement.range)})` : '';
          lines.push(`- ${r.frontend.kind} **${r.frontend.name?.text ?? ''}**, ${how}${at}`);
        }
      } else {
        lines.push('', 'No frontend routes to it yet.');
      }
      const app = appSide(deployment);
      const others = [deployment.bitbucket?.label, deployment.serverXml?.label].filter(Boolean);
      if (app && others.length > 0) {
        lines.push('', `Compared with ${others.join(' and ')}: the servers' port, the health check, the context path, the binds users reach and the proxy settings.`);
      }
      return { contents: lines.join('\n'), range: name.range };
    }
  }
  return null;
}

function joinReasons(reasons: string[]): string {
  if (reasons.length <= 1) return reasons.join('');
  return `${reasons.slice(0, -1).join(', ')} and ${reasons[reasons.length - 1]}`;
}

/** On a Connector or Context attribute of server.xml: what it does and what replaced it. */
export function serverXmlHover(xml: ServerXml, position: Position): DeploymentHover | null {
  const offset = xml.source.offsetAt(position);
  const found = attributeAt(xml, offset);
  if (!found) return null;
  const doc = attributeDoc(found.element.name, found.attribute.name);
  if (!doc) return null;
  const lines = [`**${found.attribute.name}** (${found.element.name})`, '', doc.summary];
  if (doc.property) {
    lines.push('', `Bitbucket 5.0 and later read \`${doc.property}\` in bitbucket.properties instead; this attribute only counts for Bitbucket Server 4.x and older.`);
  }
  return { contents: lines.join('\n'), range: found.attribute.range };
}
