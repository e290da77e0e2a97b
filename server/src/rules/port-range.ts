import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'port-range',
    description: "Ports must be between 1 and 65535.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check() {},
});
