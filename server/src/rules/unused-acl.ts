import { indexConfig, removeLines } from '../features/navigation';
import { aclUsage } from '../features/acl-usage';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'unused-acl',
    description: 'An acl line whose name no condition in its section uses.',
    defaultSeverity: 'hint',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    // When every section uses all the ACLs it defines there is nothing to report, and no index to build.
    if (aclUsage.all(config).every((u) => u.allUsed)) return;
    for (const symbol of indexConfig(config).symbols) {
      if (symbol.kind !== 'acl' || symbol.references.length > 0) continue;
      const where = symbol.section.name ? `${symbol.section.kind} '${symbol.section.name.text}'` : `this ${symbol.section.kind} section`;
      for (const d of symbol.definitions) {
        context.report({
          range: d.range,
          message: `ACL '${symbol.name}' is defined but no condition in ${where} uses it.`,
          tags: ['unnecessary'],
          fixes: [
            {
              title: `Remove this 'acl ${symbol.name}' line`,
              edits: [removeLines(config, d.statement.line, d.statement.line)],
              // Deleting configuration is the user's call: never applied by "fix all".
              preferred: false,
            },
          ],
        });
      }
    }
  },
});
