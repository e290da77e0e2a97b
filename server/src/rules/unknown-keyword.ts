import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'unknown-keyword',
    description: "Keywords that no supported HAProxy version (or not the target version) knows.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy'],
  },
  check() {},
});
