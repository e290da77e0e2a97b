import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'syntax-error',
    description:
      "Text that HAProxy's or Java's parser cannot read as intended: unmatched quotes, bad escapes, unbalanced .if blocks.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  check(context) {
    const errors = context.haproxy?.errors ?? context.properties?.errors ?? [];
    for (const error of errors) {
      context.report({ range: error.range, message: error.message, severity: error.severity });
    }
  },
});
