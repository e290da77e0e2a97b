/**
 * The deployment model: the files of one Bitbucket-behind-HAProxy installation, read
 * together. A deployment holds one HAProxy configuration (one or more files, as
 * `haproxy -f a.cfg -f b.cfg` or a `haproxy.d` directory loads them), at most one
 * bitbucket.properties and at most one Tomcat server.xml, each already parsed by the
 * language core. Which files belong together is decided by discovery.ts; what the files
 * say about Bitbucket is worked out lazily by app.ts and proxy.ts.
 */
import type { Range } from '../common/types';
import type { SourceText } from '../common/source';
import type { HaproxyConfig } from '../haproxy/ast';
import type { PropertiesFile } from '../properties/ast';
import type { ServerXml } from '../serverxml/tree';
import type { ParsedDocument } from '../service';

export type MemberRole = 'haproxy' | 'bitbucket' | 'server-xml';

interface MemberBase {
  /** How the host names the document: a URI in the language server, a path in the CLI.
   * Related locations and edits in other documents carry it. */
  uri: string;
  /** A short name for messages: the path relative to the deployment's files. */
  label: string;
  source: SourceText;
}

export interface HaproxyMember extends MemberBase {
  role: 'haproxy';
  parsed: ParsedDocument;
  config: HaproxyConfig;
}

export interface BitbucketMember extends MemberBase {
  role: 'bitbucket';
  parsed: ParsedDocument;
  properties: PropertiesFile;
}

export interface ServerXmlMember extends MemberBase {
  role: 'server-xml';
  xml: ServerXml;
}

export type DeploymentMember = HaproxyMember | BitbucketMember | ServerXmlMember;

export interface Deployment {
  members: DeploymentMember[];
  haproxy: HaproxyMember[];
  bitbucket?: BitbucketMember;
  serverXml?: ServerXmlMember;
}

export interface MemberInput {
  uri: string;
  /** A parsed haproxy.cfg or bitbucket.properties, or a parsed server.xml. */
  document: ParsedDocument | ServerXml;
}

function isServerXml(d: ParsedDocument | ServerXml): d is ServerXml {
  return 'elements' in d;
}

/** Builds a deployment from parsed documents. The first bitbucket.properties and the
 * first server.xml are used; discovery never passes more than one of each. */
export function createDeployment(inputs: MemberInput[]): Deployment {
  const labels = shortLabels(inputs.map((i) => i.uri));
  const deployment: Deployment = { members: [], haproxy: [] };
  inputs.forEach((input, i) => {
    const label = labels[i];
    const d = input.document;
    if (isServerXml(d)) {
      if (deployment.serverXml) return;
      const m: ServerXmlMember = { role: 'server-xml', uri: input.uri, label, source: d.source, xml: d };
      deployment.serverXml = m;
      deployment.members.push(m);
    } else if (d.haproxy) {
      const m: HaproxyMember = { role: 'haproxy', uri: input.uri, label, source: d.source, parsed: d, config: d.haproxy };
      deployment.haproxy.push(m);
      deployment.members.push(m);
    } else if (d.properties) {
      if (deployment.bitbucket) return;
      const m: BitbucketMember = { role: 'bitbucket', uri: input.uri, label, source: d.source, parsed: d, properties: d.properties };
      deployment.bitbucket = m;
      deployment.members.push(m);
    }
  });
  return deployment;
}

/** A path from a URI or a path, with forward slashes. */
export function uriPath(uri: string): string {
  let p = uri;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
  if (scheme && scheme[1].length > 1) {
    p = uri.slice(scheme[0].length).replace(/^\/\/[^/]*/, '');
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep it as written
    }
  }
  return p.replace(/\\/g, '/');
}

/** The shortest labels that tell the files apart: paths relative to their common folder. */
export function shortLabels(uris: string[]): string[] {
  const parts = uris.map((u) => uriPath(u).split('/').filter((s) => s !== ''));
  if (parts.length === 0) return [];
  let common = Math.min(...parts.map((p) => p.length - 1));
  for (let i = 0; i < common; i++) {
    if (!parts.every((p) => p[i] === parts[0][i])) {
      common = i;
      break;
    }
  }
  return parts.map((p) => p.slice(Math.max(0, common)).join('/') || p[p.length - 1] || '');
}

/** `label:line` for messages (1-based line). */
export function where(member: DeploymentMember, range: Range): string {
  return `${member.label}:${range.start.line + 1}`;
}
