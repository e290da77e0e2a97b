import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'undefined-backend',
    description: "default_backend and use_backend must name an existing backend.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy'],
  },
  check() {},
});
