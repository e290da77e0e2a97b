import { deploymentTester } from '../helpers/deployment-tester';

const cfg = (servers: string[], name = 'bitbucket', mode = 'http') =>
  ['defaults', `    mode ${mode}`, 'frontend fe', '    bind *:80', `    default_backend ${name}`, `backend ${name}`, ...servers.map((s) => `    ${s}`), ''].join('\n');

deploymentTester('backend-port-mismatch', {
  valid: [
    { name: 'default port 7990 on both sides', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check']), 'bitbucket.properties': 'server.proxy-name=git.example.com\n' } },
    { name: 'server.port set', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:8990 check', 'server n2 10.0.0.6:8990 check']), 'bitbucket.properties': 'server.port=8990\n' } },
    { name: 'server without a port (same as the client port)', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5 check']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'port offset', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:+1000 check']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'out-of-range port is port-range', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:79900 check']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'backend that is not Bitbucket', files: { 'haproxy.cfg': cfg(['server web 10.0.0.9:8080 check'], 'jira'), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'SSH backend in tcp mode', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7999 check'], 'bitbucket_ssh', 'tcp'), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'server.port unreadable', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7991 check']), 'bitbucket.properties': 'server.port=7990 # note\n' } },
    { name: 'server-template on the port', files: { 'haproxy.cfg': cfg(['server-template bb 3 10.0.0.5:7990 check']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'Bitbucket 4.x connector', files: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:8085 check']), 'conf/server.xml': '<Server><Service><Connector port="8085"/></Service></Server>' } },
  ],
  invalid: [
    {
      name: 'a node on the SSH port',
      files: {
        'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check', 'server n2 10.0.0.6:7999 check', '#                  ^^^^ error: sends requests to port 7999, but Bitbucket listens on 7990 (server.port (not set, so 7990))']),
        'bitbucket.properties': 'server.proxy-port=443\n',
      },
      output: { 'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check', 'server n2 10.0.0.6:7990 check']) },
    },
    {
      name: 'server.port changed, HAProxy not: both sides, fix from bitbucket.properties',
      files: {
        'haproxy.cfg': cfg(['server n1 10.0.0.5:7990 check', '#                  ^^^^ error: Bitbucket listens on 8990 (server.port=8990, bitbucket.properties:1)']),
        'bitbucket.properties': ['server.port=8990', '            ^^^^ error: sends requests to port 7990 (haproxy.cfg:7)', ''].join('\n'),
      },
      fixFrom: 'bitbucket.properties',
      output: { 'bitbucket.properties': 'server.port=7990\n' },
    },
    {
      name: 'listen section with the name saying Bitbucket',
      files: {
        'haproxy.cfg': ['defaults', '    mode http', 'listen stash', '    bind *:443 ssl crt /etc/haproxy/site.pem', '    server app 10.0.0.5:8080', '#                       ^^^^ error: listens on 7991', ''].join('\n'),
        'bitbucket.properties': ['server.port=7991', '            ^^^^ error: port 8080', ''].join('\n'),
      },
      fixFrom: 'haproxy.cfg',
      fixTitle: 'Change the port of server app to 7991',
      output: { 'haproxy.cfg': 'defaults\n    mode http\nlisten stash\n    bind *:443 ssl crt /etc/haproxy/site.pem\n    server app 10.0.0.5:7991\n' },
    },
  ],
});
