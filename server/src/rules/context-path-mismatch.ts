import type { Fix, Range, TextEdit } from '../common/types';
import type { PropertyEntry } from '../properties/ast';
import { defineRule, type DeploymentContext } from './rule';
import { appSide, type AppSide } from '../deployment/app';
import { setAttribute, setProperty, replaceIn } from '../deployment/edits';
import type { Deployment, HaproxyMember } from '../deployment/model';
import { aclMatch, healthCheck, pathOf, proxySide, requiredAcls, type Route } from '../deployment/proxy';
import { at, related, relatedSetting } from '../deployment/shared';
import { findCondition, namedAcl } from '../haproxy/conditions';
import type { Section, Statement, Word } from '../haproxy/ast';
import { CONTEXT_PATH_KEY } from './root-context-path';
import {
  baseUrlPath,
  editValue,
  entryLineSpan,
  escapeValue,
  hasPlaceholder,
  lineBreakNear,
  normaliseContextPath,
  replaceValue,
} from '../properties/values';

export const BASE_URL_KEY = 'setup.baseUrl';

function describe(path: string): string {
  return path === '' ? 'the root context' : `'${path}'`;
}

export default defineRule({
  meta: {
    id: 'context-path-mismatch',
    description: "Bitbucket's context path must agree with the path of setup.baseUrl and with HAProxy's paths.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties', 'haproxy'],
  },
  checkDeployment(context) {
    checkAcrossFiles(context);
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    const { source } = context;
    const baseEntry = props.byKey.get(BASE_URL_KEY);
    if (!baseEntry) return;
    const base = baseUrlPath(baseEntry.value);
    if (!base) return;

    const ctxEntry: PropertyEntry | undefined = props.byKey.get(CONTEXT_PATH_KEY);
    let ctxPath = '';
    if (ctxEntry) {
      if (hasPlaceholder(ctxEntry.value)) return;
      const normalised = normaliseContextPath(ctxEntry.value);
      if (normalised === undefined) return;
      ctxPath = normalised;
    }
    const writtenBasePath = baseEntry.value.slice(base.start, base.end).replace(/\/+$/, '');
    if (base.path === ctxPath || writtenBasePath === ctxPath) return;

    const baseValue = baseEntry.value.replace(/\s+$/, '');
    const newBaseUrl = baseValue.slice(0, base.start) + ctxPath + baseValue.slice(base.end);
    const useBasePath: Fix = ctxEntry
      ? {
          title: `Set ${CONTEXT_PATH_KEY} to '${base.path}' (the path of ${BASE_URL_KEY})`,
          edits: [replaceValue(source, ctxEntry, escapeValue(base.path))],
          preferred: true,
        }
      : {
          title: `Add ${CONTEXT_PATH_KEY}=${base.path} (the path of ${BASE_URL_KEY})`,
          edits: [insertAfter(baseEntry, `${CONTEXT_PATH_KEY}=${escapeValue(base.path)}`)],
          preferred: true,
        };
    const useContextPath: Fix = {
      title: `Change ${BASE_URL_KEY} to '${newBaseUrl}'`,
      edits: [editValue(source, baseEntry, base.start, base.end, escapeValue(ctxPath))],
    };

    if (ctxEntry) {
      context.report({
        range: ctxEntry.value === '' ? ctxEntry.keyRange : ctxEntry.valueRange,
        message:
          `Bitbucket is served under ${describe(ctxPath)} (${CONTEXT_PATH_KEY}), but ${BASE_URL_KEY} ` +
          `'${baseValue}' points at ${describe(base.path)}. Links and redirects built from the base URL ` +
          'would lead to pages that do not exist; make the two paths the same.',
        related: [{ range: baseEntry.valueRange, message: `${BASE_URL_KEY} uses the path ${describe(base.path)}` }],
        fixes: [useBasePath, useContextPath],
      });
    } else {
      context.report({
        range: baseEntry.valueRange,
        message:
          `${BASE_URL_KEY} '${baseValue}' points at ${describe(base.path)}, but ${CONTEXT_PATH_KEY} is not ` +
          'set, so Bitbucket is served at the root. Links and redirects built from the base URL would ' +
          `lead to pages that do not exist; set ${CONTEXT_PATH_KEY}=${base.path} or drop the path from the URL.`,
        fixes: [useBasePath, useContextPath],
      });
    }

    function insertAfter(entry: PropertyEntry, line: string) {
      const [, end] = entryLineSpan(source, entry);
      const eol = lineBreakNear(source, entry.lastLine);
      const endsWithBreak = end > 0 && /[\r\n]/.test(source.text[end - 1]);
      const at = source.range(end, end);
      return { range: at, newText: endsWithBreak ? `${line}${eol}` : `${eol}${line}` };
    }
  },
});

/** One place where HAProxy assumes a context path. */
interface Spot {
  member: HaproxyMember;
  range: Range;
  /** What the place is, for messages: "the health check", "the path ACL", ... */
  what: string;
  /** The context path HAProxy assumes there ('' for the root). */
  implied: string;
  /** The edit that makes the place use Bitbucket's context path, when there is a safe one. */
  edit?: TextEdit;
}

/** Names people give the context path; at the root they are never Bitbucket pages. */
const CONTEXT_NAMES = new Set(['bitbucket', 'stash']);

/** True when a path HAProxy matches or redirects to lies under the context path `ctx`. */
export function pathAgrees(path: string, ctx: string, exact: boolean, ignoreCase = false): boolean {
  const p = ignoreCase ? path.toLowerCase() : path;
  const c = ignoreCase ? ctx.toLowerCase() : ctx;
  if (!p.startsWith('/')) return true;
  if (c === '') return !CONTEXT_NAMES.has((p.split('/')[1] ?? '').toLowerCase());
  if (p === c || p === `${c}/` || p.startsWith(`${c}/`)) return true;
  return !exact && c.startsWith(p);
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

/** The path part of `target` as document offsets inside `word` (plain words only). */
function pathSpan(word: Word, target: string): { start: number; end: number } | undefined {
  if (word.raw !== word.text) return undefined;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  const from = abs ? abs[0].length : 0;
  let to = target.length;
  const q = target.slice(from).search(/[?#]/);
  if (q >= 0) to = from + q;
  return { start: word.start + from, end: word.start + to };
}

/** True when a redirect target stays on Bitbucket's own site (relative, or to its own host). */
function sameSite(target: string, app: AppSide): boolean {
  const abs = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]*)/i.exec(target);
  if (!abs) return target.startsWith('/');
  const host = abs[1].toLowerCase();
  return host === app.proxyName?.value || host === app.baseUrl?.host;
}

/** True when the statement's condition asks for the root path only (`{ path / }`). */
function onRootPath(statement: Statement, frontend: Section): boolean {
  const condition = findCondition(statement);
  if (!condition || condition.keyword.text !== 'if') return false;
  return condition.alternatives.every((terms) =>
    terms.some((term) => {
      if (term.negated) return false;
      const exprs = term.anonymous ? [term.anonymous] : frontend.statements.map(namedAcl).filter((a) => a && a.name?.text === term.aclName);
      return exprs.some((e) => {
        if (!e) return false;
        const m = aclMatch(e);
        return m.fetch === 'path' && m.method === 'str' && e.patterns.length > 0 && e.patterns.every((p) => p.text === '/');
      });
    }),
  );
}

function collectSpots(deployment: Deployment, app: AppSide, ctx: string): Spot[] {
  const proxy = proxySide(deployment);
  const spots: Spot[] = [];

  for (const backend of proxy.backends) {
    const check = healthCheck(deployment, backend.member, backend.section);
    if (!check.uri || !check.uriWord) continue;
    const path = pathOf(check.uri);
    if (!path || !/\/status$/.test(path)) continue;
    const implied = path.slice(0, -'/status'.length);
    if (implied === ctx) continue;
    const span = pathSpan(check.uriWord, check.uri);
    spots.push({
      member: backend.member,
      range: check.uriWord.range,
      what: `the health check of backend '${backend.section.name!.text}'`,
      implied,
      edit: span ? replaceIn(backend.member, span.start, span.end, `${ctx}/status`) : undefined,
    });
  }
  if (proxy.rewritesPath) return spots;

  const seen = new Set<Word>();
  const routes: Route[] = proxy.routes.filter((r) => r.kind === 'use_backend');
  for (const route of routes) {
    for (const required of requiredAcls(route) ?? []) {
      for (const expr of required) {
        const m = aclMatch(expr);
        if ((m.fetch !== 'path' && m.fetch !== 'url') || !['beg', 'dir', 'str'].includes(m.method)) continue;
        for (const pattern of expr.patterns) {
          if (seen.has(pattern)) continue;
          seen.add(pattern);
          const path = pathOf(pattern.text);
          if (path === undefined || pathAgrees(path, ctx, m.method === 'str', m.ignoreCase)) continue;
          const rest = path.split('/').slice(2).join('/');
          const implied = trimSlash(m.method === 'str' ? `/${path.split('/')[1]}` : path);
          spots.push({
            member: route.member,
            range: pattern.range,
            what: `the path ACL that sends requests to backend '${route.backend.section.name!.text}'`,
            implied,
            edit: ctx !== '' && pattern.raw === pattern.text ? replaceIn(route.member, pattern.start, pattern.end, m.method === 'str' && rest ? `${ctx}/${rest}` : ctx) : undefined,
          });
        }
      }
    }
  }

  for (const { member, section } of proxy.frontends) {
    for (const st of section.statements) {
      const w = st.words;
      const offset = w[0]?.text === 'redirect' ? 1 : w[0]?.text === 'http-request' && w[1]?.text === 'redirect' ? 2 : -1;
      if (offset < 0) continue;
      const kind = w[offset]?.text;
      const target = w[offset + 1];
      if (!target || (kind !== 'location' && kind !== 'prefix') || target.text.includes('%[') || !sameSite(target.text, app)) continue;
      const path = pathOf(target.text);
      if (path === undefined) continue;
      const span = pathSpan(target, target.text);
      if (kind === 'location') {
        if (!onRootPath(st, section) || pathAgrees(path, ctx, false)) continue;
        const segments = path.split('/');
        spots.push({
          member,
          range: target.range,
          what: 'the redirect of the root page',
          implied: `/${segments[1]}`,
          edit: span ? replaceIn(member, span.start, span.start + 1 + segments[1].length, ctx === '' ? '/' : ctx) : undefined,
        });
      } else {
        const prefix = trimSlash(path);
        if (prefix === '' || prefix === ctx) continue;
        spots.push({
          member,
          range: target.range,
          what: 'the prefix redirect',
          implied: prefix,
          edit: span ? replaceIn(member, span.start, span.end, ctx) : undefined,
        });
      }
    }
  }
  return spots;
}

/** The fix that sets Bitbucket's context path to `path`, wherever this deployment keeps it. */
function contextPathFix(deployment: Deployment, app: AppSide, path: string, reason: string): Fix | undefined {
  if (!/^\/[^\s]*$/.test(path) && path !== '') return undefined;
  let edit: TextEdit | undefined;
  let text: string;
  const at = app.contextPath?.at;
  if (app.origin === 'server-xml') {
    if (!deployment.serverXml || !at || at.kind !== 'attribute') return undefined;
    edit = setAttribute(deployment.serverXml, at.element, 'path', path);
    text = `path="${path}"`;
  } else {
    if (!deployment.bitbucket) return undefined;
    edit = setProperty(deployment.bitbucket, CONTEXT_PATH_KEY, path);
    text = `${CONTEXT_PATH_KEY}=${path}`;
  }
  return { title: `Set ${text} ${reason}`, edits: [edit] };
}

function checkAcrossFiles(context: DeploymentContext): void {
  const { deployment } = context;
  const app = appSide(deployment);
  const setting = app?.contextPath;
  if (!app || !setting) return;
  const ctx = setting.value;
  const ctxAt = setting.at;
  const ctxName = app.origin === 'server-xml' ? 'the Context path of server.xml' : CONTEXT_PATH_KEY;
  const ctxWhere = ctxAt ? ` (${at(ctxAt.member, ctxAt.range)})` : ' (not set)';

  // server.xml's context path against setup.baseUrl in bitbucket.properties.
  const base = app.baseUrl;
  if (app.origin === 'server-xml' && base && base.path !== ctx) {
    const baseRange = base.entry.valueRange;
    const fix = contextPathFix(deployment, app, base.path, `(the path of ${BASE_URL_KEY})`);
    if (ctxAt) {
      context.report(ctxAt.member, {
        range: ctxAt.range,
        message: `Bitbucket is served under ${describe(ctx)} here, but ${BASE_URL_KEY} (${at(base.member, baseRange)}) points at ${describe(base.path)}. Links built from the base URL would lead nowhere; make the paths the same.`,
        related: [related(base.member, baseRange, `${BASE_URL_KEY} uses the path ${describe(base.path)}`)],
        fixes: fix ? [{ ...fix, preferred: true }] : [],
      });
    }
    context.report(base.member, {
      range: baseRange,
      message: `${BASE_URL_KEY} points at ${describe(base.path)}, but ${ctxName}${ctxWhere} serves Bitbucket under ${describe(ctx)}. Links built from the base URL would lead nowhere; make the paths the same.`,
      related: ctxAt ? [relatedSetting(ctxAt, `the context path is ${describe(ctx)}`)] : [],
      fixes: fix ? [fix] : [],
    });
  }

  const spots = collectSpots(deployment, app, ctx);
  for (const spot of spots) {
    const fixes: Fix[] = [];
    if (spot.edit) fixes.push({ title: `Use ${describe(ctx)} here, Bitbucket's context path`, edits: [spot.edit], preferred: true });
    const alt = contextPathFix(deployment, app, spot.implied, `(what ${spot.what} expects)`);
    if (alt) fixes.push(alt);
    context.report(spot.member, {
      range: spot.range,
      message:
        `${capitalise(spot.what)} assumes Bitbucket is served under ${describe(spot.implied)}, but ${ctxName}${ctxWhere} serves it under ` +
        `${describe(ctx)}. Requests would end on pages that do not exist${spot.what.startsWith('the health check') ? ' and HAProxy would mark every node down' : ''}.`,
      related: ctxAt ? [relatedSetting(ctxAt, `Bitbucket's context path is ${describe(ctx)}`)] : [],
      fixes,
    });
  }
  if (ctxAt && spots.length > 0) {
    const implied = [...new Set(spots.map((s) => s.implied))];
    const alt = implied.length === 1 ? contextPathFix(deployment, app, implied[0], `(what HAProxy expects)`) : undefined;
    const first = spots[0];
    context.report(ctxAt.member, {
      range: ctxAt.range,
      message:
        `HAProxy expects Bitbucket under ${implied.map(describe).join(' or ')} (${first.what}, ${at(first.member, first.range)}${spots.length > 1 ? ` and ${spots.length - 1} more` : ''}), ` +
        `but it is served under ${describe(ctx)} here. Make HAProxy and Bitbucket use the same path.`,
      related: spots.map((s) => related(s.member, s.range, `${s.what} assumes ${describe(s.implied)}`)),
      fixes: alt ? [{ ...alt, preferred: true }] : [],
    });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
