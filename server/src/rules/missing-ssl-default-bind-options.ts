import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'missing-ssl-default-bind-options',
    description: "TLS listeners exist but global sets no ssl-default-bind-options.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  check() {},
});
