import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'context-path-format',
    description: "A context path starts with '/', does not end with '/', and has no spaces.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
