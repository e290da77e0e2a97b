import { deploymentTester } from '../helpers/deployment-tester';

const cfg = (binds: string[], extra: string[] = []) =>
  [
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    'frontend fe',
    ...binds.map((b) => `    ${b}`),
    ...extra.map((e) => `    ${e}`),
    '    default_backend bitbucket',
    'backend bitbucket',
    '    server node1 10.0.0.5:7990 check',
    '',
  ].join('\n');

deploymentTester('proxy-port-mismatch', {
  valid: [
    { name: 'TLS on 443', files: { 'haproxy.cfg': cfg(['bind *:443 ssl crt /etc/haproxy/site.pem', 'bind *:80']), 'bitbucket.properties': 'server.proxy-port=443\n' } },
    { name: 'one of several TLS binds', files: { 'haproxy.cfg': cfg(['bind *:443 ssl crt /etc/haproxy/site.pem', 'bind *:8443 ssl crt /etc/haproxy/site.pem']), 'bitbucket.properties': 'server.proxy-port=8443\n' } },
    { name: 'a bind list', files: { 'haproxy.cfg': cfg(['bind 10.0.0.1:443,10.0.0.2:9443 ssl crt /etc/haproxy/site.pem']), 'bitbucket.properties': 'server.proxy-port=9443\n' } },
    { name: 'plain HTTP on 8080', files: { 'haproxy.cfg': cfg(['bind :8080']), 'bitbucket.properties': 'server.proxy-port=8080\n' } },
    { name: 'proxy port not set', files: { 'haproxy.cfg': cfg(['bind *:443 ssl crt /etc/haproxy/site.pem']), 'bitbucket.properties': 'server.proxy-name=git.example.com\n' } },
    { name: 'placeholder', files: { 'haproxy.cfg': cfg(['bind *:443 ssl crt /etc/haproxy/site.pem']), 'bitbucket.properties': 'server.proxy-port=${PROXY_PORT}\n' } },
    { name: 'TLS ends before HAProxy', files: { 'haproxy.cfg': cfg(['bind *:80'], ['http-request set-header X-Forwarded-Proto https']), 'bitbucket.properties': 'server.proxy-port=443\n' } },
    { name: 'no HAProxy file', files: { 'bitbucket.properties': 'server.proxy-port=1234\n' } },
    { name: 'bind port as a variable', files: { 'haproxy.cfg': cfg(['bind "*:${PORT}" ssl crt /etc/haproxy/site.pem']), 'bitbucket.properties': 'server.proxy-port=443\n' } },
    {
      name: 'server.xml connector of Bitbucket 4.x',
      files: {
        'haproxy.cfg': cfg(['bind *:443 ssl crt /etc/haproxy/site.pem']),
        'conf/server.xml': '<Server><Service><Connector port="7990" proxyPort="443"/></Service></Server>\n',
      },
    },
  ],
  invalid: [
    {
      name: 'port 8443 while users come in on 443; fixed from haproxy.cfg',
      files: {
        'haproxy.cfg': [
          'defaults',
          '    mode http',
          'frontend fe',
          '    bind *:443 ssl crt /etc/haproxy/site.pem',
          '#          ^^^ error: Users reach Bitbucket on port 443 here, but server.proxy-port=8443 (bitbucket.properties:2)',
          '    bind *:80',
          '    default_backend bitbucket',
          'backend bitbucket',
          '    server node1 10.0.0.5:7990 check',
          '',
        ].join('\n'),
        'bitbucket.properties': ['server.proxy-name=git.example.com', 'server.proxy-port=8443', '                  ^^^^ error: accepts them on port 443 (TLS bind on haproxy.cfg:4)', ''].join('\n'),
      },
      fixFrom: 'haproxy.cfg',
      fixTitle: 'Set server.proxy-port=443 in bitbucket.properties to match the bind on haproxy.cfg:4',
      output: { 'bitbucket.properties': 'server.proxy-name=git.example.com\nserver.proxy-port=443\n' },
    },
    {
      name: 'plain HTTP listener on 8080 and the HTTPS port configured',
      files: {
        'haproxy.cfg': ['defaults', '    mode http', 'listen bitbucket', '    bind :8080', '#         ^^^^ error: on port 8080 here', '    server node1 10.0.0.5:7990 check', ''].join('\n'),
        'bitbucket.properties': ['server.proxy-port=443', '                  ^^^ error: (bind on haproxy.cfg:4)', ''].join('\n'),
      },
      fixFrom: 'bitbucket.properties',
      output: { 'bitbucket.properties': 'server.proxy-port=8080\n' },
    },
    {
      name: 'Bitbucket 4.x: proxyPort on the connector',
      files: {
        'haproxy.cfg': ['defaults', '    mode http', 'frontend fe', '    bind *:443 ssl crt /etc/haproxy/site.pem', '#          ^^^ error: proxyPort="80"', '    default_backend bitbucket', 'backend bitbucket', '    server node1 10.0.0.5:7990 check', ''].join('\n'),
        'conf/server.xml': [
          '<Server><Service>',
          '  <Connector port="7990" proxyPort="80" scheme="https"/>',
          '                                    ^^ error: users connect on port 80',
          '</Service></Server>',
          '',
        ].join('\n'),
      },
      fixFrom: 'conf/server.xml',
      output: { 'conf/server.xml': '<Server><Service>\n  <Connector port="7990" proxyPort="443" scheme="https"/>\n</Service></Server>\n' },
    },
  ],
});
