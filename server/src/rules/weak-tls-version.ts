import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'weak-tls-version',
    description: "TLS settings that allow protocol versions older than TLS 1.2.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  check() {},
});
