import type { TextEdit } from '../common/types';
import { defineRule } from './rule';
import { CONTEXT_PATH_KEY } from './root-context-path';
import { hasPlaceholder, isSlashRoot } from '../properties/values';
import { contexts } from '../serverxml/tomcat';
import { attribute } from '../serverxml/tree';
import { setAttribute } from '../deployment/edits';

export default defineRule({
  meta: {
    id: 'context-path-format',
    description: "A context path starts with '/', does not end with '/', and has no spaces.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    const { source } = context;
    for (const entry of props.entries) {
      if (entry.key !== CONTEXT_PATH_KEY) continue;
      const value = entry.value;
      // The empty value is the root context; slashes alone are root-context-path's case.
      if (value === '' || isSlashRoot(value) || hasPlaceholder(value)) continue;

      const content = value.replace(/\s+$/, '');
      const problems: string[] = [];
      const noLeadingSlash = !content.startsWith('/');
      const trailingSlash = content.endsWith('/');
      const trailingSpace = content.length < value.length;
      const innerSpace = /\s/.test(content);
      if (noLeadingSlash) problems.push("does not start with '/'");
      if (trailingSlash) problems.push("ends with '/'");
      if (innerSpace) problems.push('contains whitespace');
      if (trailingSpace) problems.push('ends with whitespace, which Java keeps as part of the value');
      if (problems.length === 0) continue;

      const fixes = [];
      let advice = '';
      if (!innerSpace) {
        // Keep the text as written and only add the slash or cut the tail.
        const inner = content.replace(/\/+$/, '');
        const fixed = noLeadingSlash ? `/${inner}` : inner;
        const edits: TextEdit[] = [];
        if (noLeadingSlash) edits.push({ range: source.range(entry.valueStart, entry.valueStart), newText: '/' });
        if (inner.length < value.length) {
          const cut = entry.valueOffsets[inner.length];
          edits.push({ range: source.range(cut, entry.valueEnd), newText: '' });
        }
        fixes.push({ title: `Change the context path to '${fixed}'`, edits, preferred: true });
        advice = ` Write '${fixed}'.`;
      }
      const list = problems.length === 1 ? problems[0] : `${problems.slice(0, -1).join(', ')} and ${problems[problems.length - 1]}`;
      let why = '';
      if (noLeadingSlash || trailingSlash) {
        why +=
          " The web server accepts only an empty context path (the root) or '/' followed by a path " +
          "without a trailing '/', and stops at startup otherwise.";
      }
      if (innerSpace || trailingSpace) {
        why += ' Whitespace becomes part of the path Bitbucket is served under, so ordinary links to it fail.';
      }
      context.report({
        range: entry.valueRange,
        message: `Context path '${value}' ${list}.${why}${advice}`,
        fixes,
      });
    }
  },
  checkDeployment(context) {
    const xml = context.deployment.serverXml;
    if (!xml) return;
    for (const element of contexts(xml.xml)) {
      const path = attribute(element, 'path');
      const value = path?.value;
      if (!path || value === undefined || value === '' || isSlashRoot(value) || hasPlaceholder(value)) continue;
      const problems: string[] = [];
      if (!value.startsWith('/')) problems.push("does not start with '/'");
      if (/\/$/.test(value.trim())) problems.push("ends with '/'");
      if (/\s/.test(value)) problems.push('contains whitespace');
      if (problems.length === 0) continue;
      const list = problems.length === 1 ? problems[0] : `${problems.slice(0, -1).join(', ')} and ${problems[problems.length - 1]}`;
      const fixes = [];
      if (!/\s/.test(value)) {
        const fixed = `/${value.replace(/^\/+/, '').replace(/\/+$/, '')}`;
        fixes.push({ title: `Change the context path to '${fixed}'`, edits: [setAttribute(xml, element, 'path', fixed)], preferred: true });
      }
      let why = '';
      if (!value.startsWith('/') || /\/$/.test(value.trim())) {
        why +=
          " Tomcat expects an empty path (the root) or '/' followed by a path without a trailing '/'; it rewrites other " +
          "values at startup with a warning, so HAProxy's paths and the base URL end up compared with a path not written anywhere.";
      }
      if (/\s/.test(value)) why += ' Whitespace becomes part of the path Bitbucket is served under, so ordinary links to it fail.';
      context.report(xml, {
        range: path.valueRange ?? path.range,
        message: `Context path '${value}' ${list}.${why}`,
        fixes,
      });
    }
  },
});
