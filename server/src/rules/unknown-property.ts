import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'unknown-property',
    description: "Keys that are not in the catalogue of bitbucket.properties keys.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check() {},
});
