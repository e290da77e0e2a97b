import type { TextEdit } from '../common/types';
import { defineRule } from './rule';
import { propertiesConfigureServer } from '../deployment/app';
import { mergeInserts, setProperty } from '../deployment/edits';
import { related } from '../deployment/shared';
import { hasPlaceholder } from '../properties/values';
import { attribute } from '../serverxml/tree';
import { contextPathAttribute, httpConnectors, replacedAttributes } from '../serverxml/tomcat';

export default defineRule({
  meta: {
    id: 'legacy-server-xml',
    description: 'Bitbucket 5.0 and later ignore the Connector and Context settings of server.xml; they belong in bitbucket.properties.',
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  checkDeployment(context) {
    const { deployment } = context;
    const xml = deployment.serverXml;
    const props = deployment.bitbucket;
    if (!xml || !props) return;
    const certain = propertiesConfigureServer(props);
    const propsStart = props.source.range(0, 0);
    const elements = [];
    const connector = httpConnectors(xml.xml)[0];
    if (connector) elements.push({ element: connector, kind: 'Connector' });
    const ctx = contextPathAttribute(xml.xml);
    if (ctx) elements.push({ element: ctx.context, kind: 'Context' });

    // Everything to carry over, from both elements: one fix moves it all, so that no
    // half-moved state (a port here, a context path there) is left behind.
    const moves: { kind: string; from: string; to: string; value: string }[] = [];
    for (const { element, kind } of elements) {
      for (const [name, doc] of replacedAttributes(kind)) {
        const a = attribute(element, name);
        if (!a || a.value === undefined || !doc.property) continue;
        moves.push({ kind, from: name, to: doc.property, value: a.value });
      }
    }
    const edits: TextEdit[] = [];
    const copied: string[] = [];
    for (const m of moves) {
      if (props.properties.byKey.has(m.to) || hasPlaceholder(m.value)) continue;
      if (m.to === 'server.context-path' && (m.value === '' || /^\/+$/.test(m.value))) continue;
      edits.push(setProperty(props, m.to, m.value.trim()));
      copied.push(m.to);
    }
    const merged = mergeInserts(edits);
    const fixes = merged.length ? [{ title: `Copy the server.xml settings to ${props.label} (${copied.join(', ')})`, edits: merged, preferred: true }] : [];

    for (const { element, kind } of elements) {
      const own = moves.filter((m) => m.kind === kind);
      if (own.length === 0) continue;
      const missing = own.filter((m) => !props.properties.byKey.has(m.to));
      const present = own.filter((m) => props.properties.byKey.has(m.to));
      const list =
        missing.map((m) => `${m.from} → ${m.to}`).join(', ') +
        (present.length && missing.length ? ` (${props.label} already sets ${present.map((m) => m.to).join(', ')})` : '');
      let message: string;
      if (missing.length === 0) {
        message =
          `${props.label} already sets what this ${kind} says (${own.map((m) => `${m.from} → ${m.to}`).join(', ')}). Bitbucket 5.0 and later do not read server.xml, ` +
          'so this file is a leftover: remove it, or keep it out of the deployment, so nobody edits it in vain.';
      } else if (certain) {
        message =
          `${props.label} configures Bitbucket's web server (server.* keys), so this is Bitbucket 5.0 or later, which does not ` +
          `read the ${kind} settings of server.xml at all. Move them: ${list}.`;
      } else {
        message = `If this is Bitbucket 5.0 or later, the ${kind} settings of server.xml are not read and ${props.label} takes their place. Move them: ${list}.`;
      }
      context.report(xml, {
        range: element.nameRange,
        severity: certain && missing.length > 0 ? undefined : 'information',
        message,
        related: [related(props, propsStart, `the settings belong in ${props.label}`)],
        fixes: missing.length > 0 ? fixes : [],
      });
    }
  },
});
