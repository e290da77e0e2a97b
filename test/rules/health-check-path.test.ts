import { deploymentTester } from '../helpers/deployment-tester';

const cfg = (backend: string[], defaults: string[] = []) =>
  ['defaults', '    mode http', ...defaults.map((l) => `    ${l}`), 'frontend fe', '    bind *:80', '    default_backend bitbucket', 'backend bitbucket', ...backend.map((l) => `    ${l}`), ''].join('\n');
const CTX = 'server.context-path=/bitbucket\n';

deploymentTester('health-check-path', {
  valid: [
    { name: 'GET <context path>/status', files: { 'haproxy.cfg': cfg(['option httpchk GET /bitbucket/status', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': CTX } },
    { name: 'HEAD at the root', files: { 'haproxy.cfg': cfg(['option httpchk HEAD /status HTTP/1.1', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'http-check send', files: { 'haproxy.cfg': cfg(['option httpchk', 'http-check send meth GET uri /bitbucket/status ver HTTP/1.1 hdr Host git.example.com', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': CTX } },
    { name: 'inherited from defaults', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check'], ['option httpchk GET /status']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'no health checks at all', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990']), 'bitbucket.properties': CTX } },
    { name: 'another context path is context-path-mismatch', files: { 'haproxy.cfg': cfg(['option httpchk GET /stash/status', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': CTX } },
    { name: 'no Bitbucket side: /status is enough', files: { 'haproxy.cfg': cfg(['option httpchk GET /git/status', 'server n1 10.0.0.5:7990 check']) } },
    { name: 'not the Bitbucket backend', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check']).replace(/bitbucket/g, 'web').replace(':7990', ':8080'), 'bitbucket.properties': CTX } },
  ],
  invalid: [
    {
      name: 'TCP check only',
      files: {
        'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check']).replace('\nbackend bitbucket\n', '\nbackend bitbucket\n#       ^^^^^^^^^ warning: checks its servers only by opening a TCP connection\n'),
        'bitbucket.properties': CTX,
      },
      output: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check', 'option httpchk GET /bitbucket/status']) },
    },
    {
      name: 'the login page',
      files: { 'haproxy.cfg': cfg(['option httpchk GET /bitbucket/login', '#                  ^^^^^^^^^^^^^^^^ warning: asks for \'/bitbucket/login\'', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': CTX },
      output: { 'haproxy.cfg': cfg(['option httpchk GET /bitbucket/status', 'server n1 10.0.0.5:7990 check']) },
    },
    {
      name: 'option httpchk without a path sends OPTIONS /',
      files: { 'haproxy.cfg': cfg(['option httpchk', '^^^^^^^^^^^^^^ warning: sends OPTIONS / (no method and path given)', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': 'server.port=7990\n' },
      output: { 'haproxy.cfg': cfg(['option httpchk GET /status', 'server n1 10.0.0.5:7990 check']) },
    },
    {
      name: 'a POST',
      files: { 'haproxy.cfg': cfg(['option httpchk POST /status', '#              ^^^^ warning: sends POST /status', 'server n1 10.0.0.5:7990 check']), 'bitbucket.properties': 'server.port=7990\n' },
      output: { 'haproxy.cfg': cfg(['option httpchk GET /status', 'server n1 10.0.0.5:7990 check']) },
    },
    {
      name: 'http-check send with another path keeps its other arguments',
      files: {
        'haproxy.cfg': cfg(['option httpchk', 'http-check send meth GET uri / hdr Host git.example.com', '#                            ^ warning: asks for \'/\'', 'server n1 10.0.0.5:7990 check']),
        'bitbucket.properties': CTX,
      },
      output: { 'haproxy.cfg': cfg(['option httpchk', 'http-check send meth GET uri /bitbucket/status hdr Host git.example.com', 'server n1 10.0.0.5:7990 check']) },
    },
    {
      name: 'a wrong check inherited from defaults: reported on the backend, fixed there',
      files: {
        'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check'], ['option httpchk GET /']).replace('\nbackend bitbucket\n', '\nbackend bitbucket\n#       ^^^^^^^^^ warning: (inherited from haproxy.cfg:3)\n'),
        'bitbucket.properties': CTX,
      },
      output: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check', 'option httpchk GET /bitbucket/status'], ['option httpchk GET /']) },
    },
  ],
});
