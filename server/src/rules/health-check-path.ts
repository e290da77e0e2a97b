import type { Fix, TextEdit } from '../common/types';
import type { Statement } from '../haproxy/ast';
import type { HaproxyMember } from '../deployment/model';
import { appendToSection } from '../haproxy/query';
import { defineRule } from './rule';
import { appSide } from '../deployment/app';
import { hasServerChecks, healthCheck, pathOf, proxySide } from '../deployment/proxy';
import { replaceIn } from '../deployment/edits';
import { at, relatedSetting } from '../deployment/shared';

/** Methods that make Bitbucket's status page answer. */
const GOOD_METHODS = new Set(['GET', 'HEAD']);

/** Edits that make `http-check send` ask GET `wanted`, keeping its other arguments. */
function sendEdits(member: HaproxyMember, statement: Statement, wanted: string): TextEdit[] {
  const w = statement.words;
  const edits: TextEdit[] = [];
  let insert = '';
  const meth = w.findIndex((x, i) => i >= 2 && x.text === 'meth');
  const uri = w.findIndex((x, i) => i >= 2 && x.text === 'uri');
  if (meth > 0 && w[meth + 1]) edits.push(replaceIn(member, w[meth + 1].start, w[meth + 1].end, 'GET'));
  else insert += ' meth GET';
  if (uri > 0 && w[uri + 1]) edits.push(replaceIn(member, w[uri + 1].start, w[uri + 1].end, wanted));
  else insert += ` uri ${wanted}`;
  if (insert) edits.push(replaceIn(member, w[1].end, w[1].end, insert));
  return edits;
}

export default defineRule({
  meta: {
    id: 'health-check-path',
    description: "HAProxy's health check of the Bitbucket backend should be GET <context path>/status.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const app = appSide(deployment);
    const proxy = proxySide(deployment);
    // Without a Bitbucket side the context path is unknown: only the '/status' part is checked.
    const ctx = app ? app.contextPath?.value : undefined;
    const expected = ctx !== undefined ? `${ctx}/status` : undefined;
    const ctxRelated = app?.contextPath?.at ? [relatedSetting(app.contextPath.at, 'the context path is set here')] : [];

    for (const backend of proxy.backends) {
      const { member, section } = backend;
      const check = healthCheck(deployment, member, section);
      const name = section.name!;
      const wanted = expected ?? '/status';
      const addFix = (title: string): Fix => ({
        title,
        edits: [{ ...appendToSection(member.config, section, [`option httpchk GET ${wanted}`]), uri: member.uri }],
        preferred: true,
      });

      if (!check.httpchk && !check.send) {
        if (!hasServerChecks(backend)) continue;
        context.report(member, {
          range: name.range,
          message:
            `The Bitbucket backend '${name.text}' checks its servers only by opening a TCP connection. Bitbucket accepts ` +
            `connections while it is still starting or in maintenance; ask GET ${wanted} so HAProxy sends users only to a node that is ready.`,
          related: ctxRelated,
          fixes: expected !== undefined || !app ? [addFix(`Add 'option httpchk GET ${wanted}' to backend ${name.text}`)] : [],
        });
        continue;
      }

      const path = check.uri !== undefined ? pathOf(check.uri) : '/';
      const endsWithStatus = path !== undefined && /\/status$/.test(path);
      const badMethod = !GOOD_METHODS.has(check.method);
      if (endsWithStatus && !badMethod) continue; // a wrong prefix is context-path-mismatch's finding

      const inherited = (check.send ?? check.httpchk)!;
      const own = inherited.from === section;
      const statement = inherited.statement;
      const problem = badMethod
        ? `sends ${check.method} ${check.uri ?? '/'}${check.methodWord ? '' : ' (no method and path given)'}`
        : `asks for '${check.uri}'`;
      const message =
        `The health check of the Bitbucket backend '${name.text}' ${problem}${own ? '' : ` (inherited from ${at(member, statement.range)})`}. ` +
        `Bitbucket reports whether it is ready to serve at ${wanted}; check GET ${wanted} so that HAProxy takes nodes out while they start or are in maintenance.`;
      let fixes: Fix[] = [];
      if (expected !== undefined || !app) {
        if (own && check.httpchk && !check.send && check.httpchk.from === section) {
          const st = check.httpchk.statement;
          const words = st.words;
          const start = words[2]?.start ?? words[1].end;
          const end = words[3]?.end ?? words[2]?.end ?? words[1].end;
          const text = `${words[2] ? '' : ' '}GET ${wanted}`;
          fixes = [{ title: `Check GET ${wanted}`, edits: [replaceIn(member, start, end, text)], preferred: true }];
        } else if (own && check.send) {
          fixes = [{ title: `Check GET ${wanted}`, edits: sendEdits(member, check.send.statement, wanted), preferred: true }];
        } else if (!own) {
          fixes = [addFix(`Add 'option httpchk GET ${wanted}' to backend ${name.text}`)];
        }
      }
      context.report(member, {
        range: own ? (badMethod ? check.methodWord?.range ?? statement.range : check.uriWord?.range ?? statement.range) : name.range,
        message,
        related: ctxRelated,
        fixes,
      });
    }
  },
});
