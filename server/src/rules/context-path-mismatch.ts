import type { Fix } from '../common/types';
import type { PropertyEntry } from '../properties/ast';
import { defineRule } from './rule';
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
    description: "server.context-path and the path of setup.baseUrl must agree.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
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
