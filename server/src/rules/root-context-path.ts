import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'root-context-path',
    description: "The root context is the empty string, not '/'.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
