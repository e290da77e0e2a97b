import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'context-path-mismatch',
    description: "server.context-path and the path of setup.baseUrl must agree.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
