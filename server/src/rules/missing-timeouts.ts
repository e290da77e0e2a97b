import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'missing-timeouts',
    description: "Proxies need timeout connect, client and server (HAProxy warns when they are missing).",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  check() {},
});
