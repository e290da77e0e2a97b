import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'inline-comment',
    description: "A '#' after a value is part of the value, not a comment.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
