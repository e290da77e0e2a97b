import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'boolean-value',
    description: "Boolean properties take true or false.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
