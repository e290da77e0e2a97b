import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'ip-pattern',
    description: "IPv4/IPv6 addresses and networks must be valid where HAProxy or Bitbucket expects them.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  check() {},
});
