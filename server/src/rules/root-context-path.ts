import { defineRule } from './rule';
import { isSlashRoot, replaceValue } from '../properties/values';
import { contexts } from '../serverxml/tomcat';
import { attribute } from '../serverxml/tree';
import { setAttribute } from '../deployment/edits';

export const CONTEXT_PATH_KEY = 'server.context-path';

export default defineRule({
  meta: {
    id: 'root-context-path',
    description: "The root context is the empty string, not '/'.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    for (const entry of props.entries) {
      if (entry.key !== CONTEXT_PATH_KEY || !isSlashRoot(entry.value)) continue;
      const written = entry.value.replace(/\s+$/, '');
      context.report({
        range: entry.valueRange,
        message:
          `'${CONTEXT_PATH_KEY}=${written}' does not select the root context: the web server wants an ` +
          `empty value for that and refuses to start with '${written}'. Leave the value empty ` +
          `('${CONTEXT_PATH_KEY}=') or remove the line to serve Bitbucket at the root.`,
        fixes: [
          {
            title: `Use the empty root context ('${CONTEXT_PATH_KEY}=')`,
            edits: [replaceValue(context.source, entry, '')],
            preferred: true,
          },
        ],
      });
    }
  },
  checkDeployment(context) {
    const xml = context.deployment.serverXml;
    if (!xml) return;
    for (const element of contexts(xml.xml)) {
      const path = attribute(element, 'path');
      if (!path || path.value === undefined || !isSlashRoot(path.value)) continue;
      context.report(xml, {
        range: path.valueRange ?? path.range,
        message:
          `<Context path="${path.value}"> does not name the root context: Tomcat wants path="" for that. Older Tomcat ` +
          `releases keep '${path.value}' as written, so Bitbucket's pages are not found; newer ones rewrite it and log a warning at ` +
          'every start. Write path="" to serve Bitbucket at the root.',
        fixes: [{ title: 'Use the empty root context (path="")', edits: [setAttribute(xml, element, 'path', '')], preferred: true }],
      });
    }
  },
});
