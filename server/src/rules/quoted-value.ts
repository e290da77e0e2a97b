import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'quoted-value',
    description: "Quotes around a value are kept as part of the value.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
