import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'bind-ssl-without-crt',
    description: "A bind line with ssl needs a certificate (crt or crt-list).",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check() {},
});
