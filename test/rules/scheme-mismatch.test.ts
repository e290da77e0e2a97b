import { deploymentTester } from '../helpers/deployment-tester';

const TLS = ['defaults', '    mode http', 'frontend fe', '    bind *:443 ssl crt /etc/haproxy/site.pem', '    bind *:80', '    default_backend bitbucket', 'backend bitbucket', '    server node1 10.0.0.5:7990 check', ''].join('\n');
const PLAIN = ['defaults', '    mode http', 'frontend fe', '    bind *:8080', '    default_backend bitbucket', 'backend bitbucket', '    server node1 10.0.0.5:7990 check', ''].join('\n');

deploymentTester('scheme-mismatch', {
  valid: [
    { name: 'https behind TLS', files: { 'haproxy.cfg': TLS, 'bitbucket.properties': 'server.scheme=https\nserver.secure=true\n' } },
    { name: 'upper case is read the same', files: { 'haproxy.cfg': TLS, 'bitbucket.properties': 'server.scheme=HTTPS\n' } },
    { name: 'http on a plain listener, set', files: { 'haproxy.cfg': PLAIN, 'bitbucket.properties': 'server.scheme=http\n' } },
    { name: 'http on a plain listener, by default', files: { 'haproxy.cfg': PLAIN, 'bitbucket.properties': 'server.proxy-port=8080\n' } },
    {
      name: 'TLS ends before HAProxy (X-Forwarded-Proto set by the frontend)',
      files: { 'haproxy.cfg': PLAIN.replace('    default_backend', '    http-request set-header X-Forwarded-Proto https\n    default_backend'), 'bitbucket.properties': 'server.scheme=https\n' },
    },
    { name: 'placeholder', files: { 'haproxy.cfg': TLS, 'bitbucket.properties': 'server.scheme=${SCHEME}\n' } },
    { name: 'no frontend routes to Bitbucket', files: { 'haproxy.cfg': 'backend bitbucket\n    mode http\n    server n 10.0.0.5:7990\n', 'bitbucket.properties': 'server.scheme=http\n' } },
    { name: 'only a properties file', files: { 'bitbucket.properties': 'server.scheme=https\n' } },
    {
      name: 'SSH frontend in tcp mode does not count',
      files: {
        'haproxy.cfg': TLS + 'frontend ssh\n    mode tcp\n    bind *:7999\n    default_backend bitbucket_ssh\nbackend bitbucket_ssh\n    mode tcp\n    server n 10.0.0.5:7999\n',
        'bitbucket.properties': 'server.scheme=https\n',
      },
    },
  ],
  invalid: [
    {
      name: 'http behind TLS',
      files: {
        'haproxy.cfg': TLS.replace('ssl crt /etc/haproxy/site.pem\n', 'ssl crt /etc/haproxy/site.pem\n#              ^^^ error: HAProxy terminates TLS for Bitbucket (ssl on haproxy.cfg:4), but server.scheme=http\n'),
        'bitbucket.properties': ['server.scheme=http', '              ^^^^ error: makes Bitbucket build http:// links', 'server.secure=false', ''].join('\n'),
      },
      fixFrom: 'bitbucket.properties',
      fixTitle: 'Set server.scheme=https and server.secure=true in bitbucket.properties',
      output: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=true\n' },
    },
    {
      name: 'scheme not set behind TLS: only the bind is reported, the fix adds the key',
      files: {
        'haproxy.cfg': TLS.replace('ssl crt /etc/haproxy/site.pem\n', 'ssl crt /etc/haproxy/site.pem\n#              ^^^ error: server.scheme (not set, so http)\n'),
        'bitbucket.properties': 'server.proxy-port=443\n',
      },
      fixFrom: 'haproxy.cfg',
      output: { 'bitbucket.properties': 'server.proxy-port=443\nserver.scheme=https\nserver.secure=true\n' },
    },
    {
      name: 'https on a plain listener',
      files: {
        'haproxy.cfg': PLAIN.replace('    bind *:8080\n', '    bind *:8080\n#        ^^^^^^ error: the bind on haproxy.cfg:4 has no ssl\n'),
        'bitbucket.properties': ['server.scheme=https', '              ^^^^^ error: X-Forwarded-Proto', ''].join('\n'),
      },
      fixFrom: 'haproxy.cfg',
      output: { 'bitbucket.properties': 'server.scheme=http\n' },
    },
    {
      name: 'Bitbucket 4.x connector without scheme behind TLS',
      files: {
        'haproxy.cfg': TLS.replace('ssl crt /etc/haproxy/site.pem\n', 'ssl crt /etc/haproxy/site.pem\n#              ^^^ error: scheme (not set, so http)\n'),
        'conf/server.xml': '<Server><Service><Connector port="7990" proxyPort="443" secure="true"/></Service></Server>\n',
      },
      output: { 'conf/server.xml': '<Server><Service><Connector port="7990" proxyPort="443" secure="true" scheme="https"/></Service></Server>\n' },
    },
  ],
});
