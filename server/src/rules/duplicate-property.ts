import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'duplicate-property',
    description: "A key set twice: only the last value counts.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
