import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'keyword-section',
    description: "Keywords used in a section where HAProxy does not allow them.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check() {},
});
