import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'duplicate-name',
    description: "Two proxies of the same kind, or two servers in one backend, share a name.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy'],
  },
  check() {},
});
