import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, ruleTester } from '../helpers/rule-tester';

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
