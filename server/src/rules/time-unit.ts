import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'time-unit',
    description: "Durations must be an integer with a unit HAProxy (or Bitbucket) understands.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  check() {},
});
