import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, ruleTester } from '../helpers/rule-tester';
import { deploymentTester } from '../helpers/deployment-tester';

ruleTester('context-path-mismatch', 'bitbucket-properties', {
  valid: [
    'setup.baseUrl=https://git.example.com/bitbucket\nserver.context-path=/bitbucket',
    { name: 'trailing slash on the base URL', code: 'setup.baseUrl=https://git.example.com/bitbucket/\nserver.context-path=/bitbucket' },
    { name: 'root on both sides', code: 'setup.baseUrl=https://git.example.com\nserver.context-path=' },
    { name: 'root URL with a slash, no context path', code: 'setup.baseUrl=https://git.example.com/' },
    { name: 'root URL with a port and a query', code: 'setup.baseUrl=http://10.0.0.5:7990?x=1' },
    { name: 'slash-only context path is the root here', code: 'setup.baseUrl=https://h.example\nserver.context-path=/' },
    { name: 'a malformed context path that means the same path', code: 'setup.baseUrl=https://h.example/bitbucket\nserver.context-path=bitbucket/' },
    { name: 'no base URL', code: 'server.context-path=/bitbucket' },
    { name: 'placeholder in the base URL', code: 'setup.baseUrl=https://${HOST}/bitbucket' },
    { name: 'template base URL', code: 'setup.baseUrl={{ bitbucket_url }}\nserver.context-path=/x' },
    { name: 'angle-bracket placeholder', code: 'setup.baseUrl=https://<your-host>/bitbucket' },
    { name: 'percent placeholder in the context path', code: 'setup.baseUrl=https://h.example/x\nserver.context-path=%CONTEXT_PATH%' },
    { name: 'not an absolute URL', code: 'setup.baseUrl=git.example.com/bitbucket' },
    { name: 'not http', code: 'setup.baseUrl=ftp://h.example/bitbucket' },
    { name: 'unparsable URL', code: 'setup.baseUrl=https://' },
    { name: 'context path with whitespace cannot be compared', code: 'setup.baseUrl=https://h.example/x\nserver.context-path=/a b' },
    { name: 'only the last setting counts', code: 'server.context-path=/old\nsetup.baseUrl=https://h.example/new\nserver.context-path=/new' },
  ],
  invalid: [
    {
      name: 'different paths: set the context path',
      code: [
        'setup.baseUrl=https://git.example.com/bitbucket',
        'server.context-path=/git',
        "#                   ^^^^ error: served under '/git'",
      ].join('\n'),
      output: 'setup.baseUrl=https://git.example.com/bitbucket\nserver.context-path=/bitbucket',
    },
    {
      name: 'different paths: change the base URL',
      code: [
        'setup.baseUrl=https://git.example.com/bitbucket',
        'server.context-path=/git',
        "#                   ^^^^ error: points at '/bitbucket'",
      ].join('\n'),
      fixTitle: 'Change setup.baseUrl',
      output: 'setup.baseUrl=https://git.example.com/git\nserver.context-path=/git',
    },
    {
      name: 'paths differ only in case',
      code: ['server.context-path=/Bitbucket', '#                   ^^^^^^^^^^ error: make the two paths the same', 'setup.baseUrl=https://h.example/bitbucket'].join('\n'),
      output: 'server.context-path=/bitbucket\nsetup.baseUrl=https://h.example/bitbucket',
    },
    {
      name: 'no context path: add one',
      code: ['setup.baseUrl=https://git.example.com/bitbucket', "#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: server.context-path is not set"].join('\n'),
      fixTitle: 'Add server.context-path',
      output: 'setup.baseUrl=https://git.example.com/bitbucket\nserver.context-path=/bitbucket',
    },
    {
      name: 'no context path: add one after a CRLF line',
      code: ['setup.baseUrl=https://h.example/bb\r', '#             ^^^^^^^^^^^^^^^^^^^^ error: root', 'server.port=7990\r', ''].join('\n'),
      fixTitle: 'Add server.context-path',
      output: 'setup.baseUrl=https://h.example/bb\r\nserver.context-path=/bb\r\nserver.port=7990\r\n',
    },
    {
      name: 'no context path: drop the path from the base URL',
      code: ['setup.baseUrl=https://git.example.com/bitbucket/', "#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: '/bitbucket'"].join('\n'),
      fixTitle: 'Change setup.baseUrl',
      output: 'setup.baseUrl=https://git.example.com',
    },
    {
      name: 'empty context path: reported on the key',
      code: [' server.context-path=', '#' + '^'.repeat(19) + ' error: served under the root context', 'setup.baseUrl=https://h.example/bitbucket'].join('\n'),
      output: ' server.context-path=/bitbucket\nsetup.baseUrl=https://h.example/bitbucket',
    },
    {
      name: 'root base URL with a trailing slash, context path set: change the URL',
      code: ['setup.baseUrl=https://h.example/', 'server.context-path=/bitbucket', '#                   ^^^^^^^^^^ error: the root context'].join('\n'),
      fixTitle: 'Change setup.baseUrl',
      output: 'setup.baseUrl=https://h.example/bitbucket\nserver.context-path=/bitbucket',
    },
    {
      name: 'base URL with a port and a query keeps them',
      code: ['setup.baseUrl=https://h.example:8443/bb?x=1', 'server.context-path=/git', "#                   ^^^^ error: '/bb'"].join('\n'),
      fixTitle: 'Change setup.baseUrl',
      output: 'setup.baseUrl=https://h.example:8443/git?x=1\nserver.context-path=/git',
    },
  ],
});

test('context-path-mismatch points at the other setting', () => {
  const code = 'setup.baseUrl=https://h.example/bitbucket\nserver.context-path=/git\n';
  const [finding] = lint(code, 'bitbucket-properties').filter((f) => f.rule === 'context-path-mismatch');
  assert.ok(finding);
  assert.deepEqual(finding.related?.map((r) => [r.uri, r.range.start.line, r.range.start.character, r.range.end.character]), [
    [undefined, 0, 14, 41],
  ]);
  assert.match(finding.related![0].message, /'\/bitbucket'/);
  assert.equal(finding.fixes.length, 2);
  assert.equal(finding.fixes.filter((f) => f.preferred).length, 1);
});

// Across files: Bitbucket's context path against HAProxy and against server.xml.
const tls = (frontend: string[], backend: string[]) =>
  ['defaults', '    mode http', 'frontend fe', '    bind *:443 ssl crt /etc/haproxy/site.pem', ...frontend, '    default_backend bitbucket', 'backend bitbucket', ...backend, '    server n1 10.0.0.5:7990 check', ''].join('\n');

deploymentTester('context-path-mismatch', {
  valid: [
    {
      name: 'health check, path ACL and root redirect under the context path',
      files: {
        'haproxy.cfg': tls(['    http-request redirect location /bitbucket/ if { path / }', '    use_backend bitbucket if { path_beg /bitbucket }'], ['    option httpchk GET /bitbucket/status']),
        'bitbucket.properties': 'server.context-path=/bitbucket\nsetup.baseUrl=https://git.example.com/bitbucket\n',
      },
    },
    { name: 'root context with Bitbucket pages in path ACLs', files: { 'haproxy.cfg': tls(['    use_backend bitbucket if { path_beg /rest /scm /projects }'], ['    option httpchk GET /status']), 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'a path ACL that is a prefix of the context path', files: { 'haproxy.cfg': tls(['    use_backend bitbucket if { path_beg / }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    { name: 'case-insensitive ACL', files: { 'haproxy.cfg': tls(['    use_backend bitbucket if { path_beg -i /BITBUCKET/ }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    { name: 'negated ACLs do not route', files: { 'haproxy.cfg': tls(['    use_backend bitbucket if !{ path_beg /jira }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    { name: 'paths are rewritten', files: { 'haproxy.cfg': tls(['    http-request replace-path /git(.*) /bitbucket\\1', '    use_backend bitbucket if { path_beg /git }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    { name: 'redirect to another site', files: { 'haproxy.cfg': tls(['    http-request redirect location https://wiki.example.com/ if { path / }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    { name: 'redirect of another page', files: { 'haproxy.cfg': tls(['    http-request redirect location /help if { path /docs }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    { name: 'prefix redirect to the host only', files: { 'haproxy.cfg': tls(['    redirect prefix https://git.example.com code 301 if { hdr(host) -i old.example.com }'], []), 'bitbucket.properties': 'server.context-path=/bitbucket\n' } },
    {
      name: 'server.xml context path and base URL agree',
      files: { 'conf/server.xml': '<Server><Service><Connector port="7990"/><Engine><Host><Context path="/bitbucket"/></Host></Engine></Service></Server>', 'bitbucket.properties': 'setup.baseUrl=https://git.example.com/bitbucket\n' },
    },
    { name: 'context path unknown (placeholder)', files: { 'haproxy.cfg': tls([], ['    option httpchk GET /x/status']), 'bitbucket.properties': 'server.context-path=${CTX}\n' } },
  ],
  invalid: [
    {
      name: 'health check under another path; both files, fix in haproxy.cfg',
      files: {
        'haproxy.cfg': tls([], ['    option httpchk GET /stash/status', "#                      ^^^^^^^^^^^^^ error: The health check of backend 'bitbucket' assumes Bitbucket is served under '/stash'"]),
        'bitbucket.properties': ['server.context-path=/bitbucket', "                    ^^^^^^^^^^ error: HAProxy expects Bitbucket under '/stash'", ''].join('\n'),
      },
      fixFrom: 'haproxy.cfg',
      output: { 'haproxy.cfg': tls([], ['    option httpchk GET /bitbucket/status']) },
    },
    {
      name: 'the same, fixed by changing the context path',
      files: {
        'haproxy.cfg': tls([], ['    option httpchk GET /stash/status', '#                      ^^^^^^^^^^^^^ error: served under'].map((l) => l)),
        'bitbucket.properties': ['server.context-path=/bitbucket', '                    ^^^^^^^^^^ error: expects', ''].join('\n'),
      },
      fixFrom: 'bitbucket.properties',
      output: { 'bitbucket.properties': 'server.context-path=/stash\n' },
    },
    {
      name: 'root context, HAProxy set up for /bitbucket: path ACL and root redirect',
      files: {
        'haproxy.cfg': tls(
          [
            '    http-request redirect location /bitbucket if { path / }',
            "#                                  ^^^^^^^^^^ error: The redirect of the root page assumes Bitbucket is served under '/bitbucket', but server.context-path (not set) serves it under the root context",
            '    acl bb path_beg /bitbucket/',
            "#                   ^^^^^^^^^^^ error: The path ACL that sends requests to backend 'bitbucket'",
            '    use_backend bitbucket if bb',
          ],
          [],
        ),
        'bitbucket.properties': 'server.port=7990\n',
      },
      fixFrom: 'haproxy.cfg',
      fixTitle: 'Set server.context-path=/bitbucket',
      output: { 'bitbucket.properties': 'server.port=7990\nserver.context-path=/bitbucket\n' },
    },
    {
      name: 'prefix redirect with another path',
      files: {
        'haproxy.cfg': tls(['    redirect prefix /git code 301 unless { path_beg /git }', "#                   ^^^^ error: The prefix redirect assumes Bitbucket is served under '/git'"], []),
        'bitbucket.properties': ['server.context-path=/bitbucket', '                    ^^^^^^^^^^ error: expects', ''].join('\n'),
      },
      fixFrom: 'haproxy.cfg',
      output: { 'haproxy.cfg': tls(['    redirect prefix /bitbucket code 301 unless { path_beg /git }'], []) },
    },
    {
      name: 'server.xml context path against the base URL',
      files: {
        'conf/server.xml': [
          '<Server><Service><Connector port="7990"/><Engine><Host>',
          '<Context path="/stash"/>',
          "               ^^^^^^ error: Bitbucket is served under '/stash' here, but setup.baseUrl (bitbucket.properties:1) points at '/bitbucket'",
          '</Host></Engine></Service></Server>',
          '',
        ].join('\n'),
        'bitbucket.properties': ['setup.baseUrl=https://git.example.com/bitbucket', "              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: the Context path of server.xml (conf/server.xml:2)", ''].join('\n'),
      },
      fixFrom: 'conf/server.xml',
      output: { 'conf/server.xml': '<Server><Service><Connector port="7990"/><Engine><Host>\n<Context path="/bitbucket"/>\n</Host></Engine></Service></Server>\n' },
    },
  ],
});
