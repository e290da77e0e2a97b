import { deploymentTester } from '../helpers/deployment-tester';

const cfg = (frontend: string[], backend: string[], defaults: string[] = []) =>
  ['defaults', '    mode http', ...defaults.map((l) => `    ${l}`), 'frontend fe', '    bind *:80', ...frontend.map((l) => `    ${l}`), '    default_backend bitbucket', 'backend bitbucket', ...backend.map((l) => `    ${l}`), '    server n1 10.0.0.5:7990 check', ''].join('\n');
const ALLOW = 'websudo.allowlist.patterns=10.0.0.0/8\n';

deploymentTester('forwardfor-missing', {
  valid: [
    { name: 'in the backend', files: { 'haproxy.cfg': cfg([], ['option forwardfor']), 'bitbucket.properties': ALLOW } },
    { name: 'in defaults', files: { 'haproxy.cfg': cfg([], [], ['option forwardfor']), 'bitbucket.properties': ALLOW } },
    { name: 'in the frontend', files: { 'haproxy.cfg': cfg(['option forwardfor except 127.0.0.0/8'], []), 'bitbucket.properties': ALLOW } },
    { name: 'header set explicitly', files: { 'haproxy.cfg': cfg([], ['http-request set-header X-Forwarded-For %[src]']), 'bitbucket.properties': ALLOW } },
    { name: 'no allowlist', files: { 'haproxy.cfg': cfg([], []), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'empty allowlist', files: { 'haproxy.cfg': cfg([], []), 'bitbucket.properties': 'websudo.allowlist.patterns=\n' } },
    { name: 'websudo turned off', files: { 'haproxy.cfg': cfg([], []), 'bitbucket.properties': 'feature.websudo=false\n' + ALLOW } },
    { name: 'no HAProxy side', files: { 'bitbucket.properties': ALLOW } },
  ],
  invalid: [
    {
      name: 'nobody adds the header; fix from bitbucket.properties edits haproxy.cfg',
      files: {
        'haproxy.cfg': cfg(['optoin forwardfor'], ['option httpchk GET /status']).replace('\nbackend bitbucket\n', '\nbackend bitbucket\n#       ^^^^^^^^^ warning: does not add X-Forwarded-For (nor does \'fe\' in front of it)\n'),
        'bitbucket.properties': ['websudo.allowlist.patterns=10.0.0.0/8', '^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: sees HAProxy\'s address instead of the user\'s', ''].join('\n'),
      },
      fixFrom: 'bitbucket.properties',
      output: { 'haproxy.cfg': cfg(['optoin forwardfor'], ['option httpchk GET /status']).replace('check\n', 'check\n    option forwardfor\n') },
    },
  ],
});
