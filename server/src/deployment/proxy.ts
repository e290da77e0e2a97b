/**
 * The HAProxy side of a deployment: which backend serves Bitbucket (and why we think so),
 * which frontends route to it, the binds users connect to, and the health check. Built
 * from the parsed configurations; several files are read as HAProxy reads them, in order,
 * with a `defaults` section carrying over into later files.
 */
import type { Section, Statement, Word } from '../haproxy/ast';
import { findCondition, namedAcl, splitFetch, type AclExpression, type Condition } from '../haproxy/conditions';
import {
  effectiveStatements,
  findOption,
  hasBackendCapability,
  hasFrontendCapability,
  hasOption,
  inheritanceChain,
  statementIs,
  type Inherited,
} from '../haproxy/query';
import { isDynamic, splitAddress, splitAddressList, wordSubRange } from '../haproxy/values';
import { SectionCache } from '../section-cache';
import { appSide, DEFAULT_HTTP_PORT } from './app';
import type { Deployment, HaproxyMember } from './model';
import { where } from './model';

export interface PortSpan {
  port: number;
  /** Document offsets of the port digits. */
  start: number;
  end: number;
}

export interface ServerLine {
  statement: Statement;
  address: Word;
  /** Undefined when the line has no fixed port (none, an offset, or a variable). */
  port?: PortSpan;
  /** The port as written after the last ':' (may be out of range). */
  portText?: string;
}

export interface BitbucketBackend {
  member: HaproxyMember;
  section: Section;
  /** Why the section is taken for Bitbucket's backend, in words, for hover. */
  reasons: string[];
  servers: ServerLine[];
}

export interface Route {
  member: HaproxyMember;
  /** The frontend or listen section users connect to. */
  frontend: Section;
  backend: BitbucketBackend;
  kind: 'default_backend' | 'use_backend' | 'listen';
  /** The `default_backend`/`use_backend` line (absent for a listen section). */
  statement?: Statement;
  condition?: Condition;
}

export interface Bind {
  member: HaproxyMember;
  section: Section;
  statement: Statement;
  ports: PortSpan[];
  /** The `ssl` option word, when the bind terminates TLS. */
  ssl?: Word;
}

export interface HealthCheck {
  member: HaproxyMember;
  /** The `option httpchk` line in force, if any. */
  httpchk?: Inherited;
  /** The `http-check send` line in force, if any (it overrides method and URI). */
  send?: Inherited;
  method: string;
  methodWord?: Word;
  /** The URI as written; undefined when none is given (HAProxy then asks for '/'). */
  uri?: string;
  uriWord?: Word;
}

export interface ProxySide {
  backends: BitbucketBackend[];
  routes: Route[];
  /** Frontend and listen sections with at least one route to Bitbucket. */
  frontends: { member: HaproxyMember; section: Section }[];
  /** Binds of those frontends users reach: the TLS ones when there are any. */
  userBinds: Bind[];
  /** The binds users reach terminate TLS. */
  tls: boolean;
  /** The frontend marks every request as HTTPS without TLS binds: TLS ends before HAProxy. */
  tlsBeforeHaproxy: boolean;
  /** A frontend or the backend rewrites request paths, so paths cannot be compared. */
  rewritesPath: boolean;
}

/** The statements matching `match` in force for `section`, with defaults carried over from
 * earlier files when the section's own file has none before it. */
export function effectiveIn(
  deployment: Deployment,
  member: HaproxyMember,
  section: Section,
  match: (s: Statement) => boolean,
): Inherited[] {
  const own = effectiveStatements(member.config, section, match);
  if (own.length > 0 && own[own.length - 1].statement.conditionalDepth === 0) return own;
  if (section.from || inheritanceChain(member.config, section).length > 1) return own;
  const index = deployment.haproxy.indexOf(member);
  for (let i = index - 1; i >= 0; i--) {
    const config = deployment.haproxy[i].config;
    const defaults = [...config.sections].reverse().find((s) => s.kind === 'defaults');
    if (defaults) return own.concat(effectiveStatements(config, defaults, match));
  }
  return own;
}

/** The proxy's mode as HAProxy sees it ('tcp' when nothing sets it). */
export function effectiveMode(deployment: Deployment, member: HaproxyMember, section: Section): string {
  const found = effectiveIn(deployment, member, section, (s) => statementIs(s, 'mode'));
  return found[0]?.statement.words[1]?.text ?? 'tcp';
}

function portSpan(word: Word, text: string, start: number, end: number): PortSpan | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  if (port < 1 || port > 65535) return undefined;
  const span = wordSubRange(word, start, end);
  return { port, start: span.start, end: span.end };
}

/** The servers of a backend with their fixed ports. */
export function serverLines(section: Section): ServerLine[] {
  const out: ServerLine[] = [];
  for (const st of section.statements) {
    const kw = st.words[0]?.text;
    const index = kw === 'server' ? 2 : kw === 'server-template' ? 3 : -1;
    const address = index > 0 ? st.words[index] : undefined;
    if (!address) continue;
    if (isDynamic(address)) {
      out.push({ statement: st, address });
      continue;
    }
    const parts = splitAddress(address.text);
    if (parts.family !== 'ip' && parts.family !== 'ipv4' && parts.family !== 'ipv6') continue;
    out.push({
      statement: st,
      address,
      portText: parts.port?.text,
      port: parts.port ? portSpan(address, parts.port.text, parts.port.start, parts.port.end) : undefined,
    });
  }
  return out;
}

/** The ports of a bind line (single ports only; ranges and variables are left out). */
export function bindPorts(statement: Statement): PortSpan[] {
  const word = statement.words[1];
  if (!word || isDynamic(word)) return [];
  const out: PortSpan[] = [];
  for (const piece of splitAddressList(word.text)) {
    const parts = splitAddress(piece.text, piece.start);
    if (parts.family !== 'ip' && parts.family !== 'ipv4' && parts.family !== 'ipv6') continue;
    if (!parts.port) continue;
    const span = portSpan(word, parts.port.text, parts.port.start, parts.port.end);
    if (span) out.push(span);
  }
  return out;
}

/** The health check in force for a backend. */
export function healthCheck(deployment: Deployment, member: HaproxyMember, section: Section): HealthCheck {
  const httpchk = effectiveIn(deployment, member, section, (s) => statementIs(s, 'option', 'httpchk'))[0];
  const send = effectiveIn(deployment, member, section, (s) => statementIs(s, 'http-check', 'send'))[0];
  const check: HealthCheck = { member, httpchk, send, method: 'OPTIONS' };
  if (httpchk) {
    const w = httpchk.statement.words;
    if (w.length === 3) {
      check.uri = w[2].text;
      check.uriWord = w[2];
    } else if (w.length >= 4) {
      check.method = w[2].text.toUpperCase();
      check.methodWord = w[2];
      check.uri = w[3].text;
      check.uriWord = w[3];
    }
  }
  if (send) {
    const w = send.statement.words;
    for (let i = 2; i + 1 < w.length; i++) {
      if (w[i].text === 'meth') {
        check.method = w[i + 1].text.toUpperCase();
        check.methodWord = w[i + 1];
      } else if (w[i].text === 'uri') {
        check.uri = w[i + 1].text;
        check.uriWord = w[i + 1];
      }
    }
  }
  return check;
}

/** The path part of a health check or redirect target (no query, no scheme and host). */
export function pathOf(uri: string): string | undefined {
  let rest = uri;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (abs) rest = rest.slice(abs[0].length) || '/';
  if (!rest.startsWith('/')) return undefined;
  return rest.replace(/[?#].*$/, '');
}

const PATH_REWRITES = new Set(['set-path', 'replace-path', 'set-uri', 'replace-uri', 'set-pathq', 'replace-pathq']);

function rewritesPath(section: Section): boolean {
  return section.statements.some((s) => {
    const w = s.words.map((x) => x.text);
    return (w[0] === 'http-request' && PATH_REWRITES.has(w[1])) || w[0] === 'reqrep' || w[0] === 'reqirep';
  });
}

/** An unconditional `X-Forwarded-Proto: https` set by the frontend itself. */
function marksHttps(section: Section): boolean {
  return section.statements.some((s) => {
    const w = s.words.map((x) => x.text);
    if (w[0] === 'http-request' && (w[1] === 'set-header' || w[1] === 'add-header')) {
      return w[2]?.toLowerCase() === 'x-forwarded-proto' && w[3]?.toLowerCase() === 'https' && w.length === 4;
    }
    return w[0] === 'reqadd' && /^x-forwarded-proto:\s*https$/i.test(w[1] ?? '') && w.length === 2;
  });
}

const BITBUCKET_NAME = /bitbucket|stash/i;

/** Whether each section has an `option httpchk` or `http-check send` line with a word that
 * names Bitbucket, kept across edits. */
const checkLinesNameBitbucket = new SectionCache<boolean>((statements) =>
  statements.some(
    (s) => (statementIs(s, 'option', 'httpchk') || statementIs(s, 'http-check', 'send')) && s.words.some((w) => BITBUCKET_NAME.test(w.text)),
  ),
);

const cache = new WeakMap<Deployment, ProxySide>();

export function proxySide(deployment: Deployment): ProxySide {
  let side = cache.get(deployment);
  if (!side) {
    side = computeProxySide(deployment);
    cache.set(deployment, side);
  }
  return side;
}

function computeProxySide(deployment: Deployment): ProxySide {
  const app = appSide(deployment);
  const port = app?.port?.value ?? DEFAULT_HTTP_PORT;
  const portOrigin = app?.port?.at
    ? `${app.port.at.name} in ${where(app.port.at.member, app.port.at.range)}`
    : app?.port
      ? "Bitbucket's default HTTP port"
      : undefined;

  // Score every HTTP-mode proxy that can hold servers. The cheap signs come first: in a
  // large configuration without Bitbucket most sections show none, and their mode and
  // health check need not be worked out.
  const candidates: (BitbucketBackend & { score: number })[] = [];
  let checksMayName = false;
  for (const member of deployment.haproxy) {
    // A health check can only name Bitbucket if some check line of this file or an earlier one does.
    checksMayName ||= checkLinesNameBitbucket.all(member.config).includes(true);
    for (const section of member.config.sections) {
      if (!hasBackendCapability(section) || !section.name) continue;
      let servers: ServerLine[] | undefined;
      const reasons: string[] = [];
      let score = 0;
      if (portOrigin) {
        servers = serverLines(section);
        const onPort = servers.filter((s) => s.port?.port === port);
        if (onPort.length > 0) {
          score += 4;
          reasons.push(`its server${onPort.length > 1 ? 's' : ''} ${onPort.map((s) => s.statement.words[1]?.text ?? '').join(', ')} point${onPort.length > 1 ? '' : 's'} at port ${port}, where Bitbucket listens (${portOrigin})`);
        }
      }
      if (BITBUCKET_NAME.test(section.name.text)) {
        score += 2;
        reasons.push(`its name '${section.name.text}' says Bitbucket`);
      }
      if (checksMayName) {
        const check = healthCheck(deployment, member, section);
        if (check.uri && BITBUCKET_NAME.test(check.uri)) {
          score += 1;
          reasons.push(`its health check asks for '${check.uri}'`);
        }
      }
      if (score === 0 || effectiveMode(deployment, member, section) !== 'http') continue;
      candidates.push({ member, section, reasons, servers: servers ?? serverLines(section), score });
    }
  }
  const best = Math.max(0, ...candidates.map((c) => c.score));
  const backends: BitbucketBackend[] = candidates
    .filter((c) => c.score === best)
    .map(({ member, section, reasons, servers }) => ({ member, section, reasons, servers }));

  const byName = new Map<string, BitbucketBackend>();
  for (const b of backends) byName.set(b.section.name!.text, b);

  const routes: Route[] = [];
  // Without a Bitbucket backend there is nothing to route to.
  for (const member of backends.length > 0 ? deployment.haproxy : []) {
    for (const section of member.config.sections) {
      if (!hasFrontendCapability(section)) continue;
      const self = backends.find((b) => b.section === section);
      if (self) routes.push({ member, frontend: section, backend: self, kind: 'listen' });
      for (const st of section.statements) {
        if (st.words[0]?.text !== 'use_backend' || !st.words[1]) continue;
        const target = byName.get(st.words[1].text);
        if (target) routes.push({ member, frontend: section, backend: target, kind: 'use_backend', statement: st, condition: findCondition(st) });
      }
      const def = effectiveIn(deployment, member, section, (s) => statementIs(s, 'default_backend'))[0];
      const target = def && def.statement.words[1] ? byName.get(def.statement.words[1].text) : undefined;
      if (target) routes.push({ member, frontend: section, backend: target, kind: 'default_backend', statement: def.statement });
    }
  }

  const frontends: ProxySide['frontends'] = [];
  for (const r of routes) {
    if (!frontends.some((f) => f.section === r.frontend)) frontends.push({ member: r.member, section: r.frontend });
  }
  const binds: Bind[] = [];
  for (const f of frontends) {
    for (const st of f.section.statements) {
      if (st.words[0]?.text !== 'bind' || st.conditionalDepth > 0) continue;
      binds.push({ member: f.member, section: f.section, statement: st, ports: bindPorts(st), ssl: findOption(st, 'ssl')?.name });
    }
  }
  const tlsBinds = binds.filter((b) => b.ssl);
  const tls = tlsBinds.length > 0;
  return {
    backends,
    routes,
    frontends,
    userBinds: tls ? tlsBinds : binds,
    tls,
    tlsBeforeHaproxy: !tls && frontends.some((f) => marksHttps(f.section)),
    rewritesPath: frontends.some((f) => rewritesPath(f.section)) || backends.some((b) => rewritesPath(b.section)),
  };
}

/** The ACL expressions a route's condition requires (not negated), named ACLs resolved in
 * the frontend. Undefined when the route has no condition. */
export function requiredAcls(route: Route): AclExpression[][] | undefined {
  if (!route.condition) return undefined;
  return route.condition.alternatives.map((terms) => {
    const out: AclExpression[] = [];
    for (const term of terms) {
      if (term.negated) continue;
      if (term.anonymous) out.push(term.anonymous);
      else if (term.aclName) {
        for (const st of route.frontend.statements) {
          const acl = namedAcl(st);
          if (acl && acl.name?.text === term.aclName) out.push(acl);
        }
      }
    }
    return out;
  });
}

/** How an ACL expression matches: the fetch without converters and the match method. */
export function aclMatch(expr: AclExpression): { fetch: string; args?: string; method: string; ignoreCase: boolean } {
  const parts = splitFetch(expr.fetch.text);
  const suffix = /^(path|url|hdr|req\.hdr)_(beg|end|dom|dir|reg|sub|len|str)$/.exec(parts.name);
  const fetch = suffix ? suffix[1] : parts.name;
  const method = expr.match ?? (suffix ? suffix[2] : 'str');
  return { fetch, args: parts.args, method, ignoreCase: expr.flags.some((f) => f.flag.text === '-i') };
}

/** True when the backend's servers run health checks at all. */
export function hasServerChecks(backend: BitbucketBackend): boolean {
  return backend.servers.some((s) => hasOption(s.statement, 'check')) || backend.section.statements.some((s) => statementIs(s, 'default-server') && hasOption(s, 'check'));
}

