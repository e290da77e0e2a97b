import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, ruleTester } from '../helpers/rule-tester';

ruleTester('duplicate-property', 'bitbucket-properties', {
  valid: [
    'server.port=7990\nserver.secure=true',
    { name: 'keys are case-sensitive', code: 'setup.baseUrl=https://a.example\nsetup.baseurl=https://b.example' },
    { name: 'an escaped separator makes another key', code: 'a\\=b=1\na=1' },
    { name: 'a commented-out line is not a setting', code: '# server.port=8080\nserver.port=7990' },
  ],
  invalid: [
    {
      name: 'two settings',
      code: [' server.port=7990', '#^^^^^^^^^^^ warning: overridden by line 2', 'server.port=8080'].join('\n'),
      output: 'server.port=8080',
    },
    {
      name: 'three settings: both earlier ones name the last line',
      code: [
        '  a=1',
        '# ^ warning: overridden by line 4',
        'b=2',
        '  a=2',
        '# ^ warning: overridden by line 4',
        'a=3',
      ].join('\n'),
      output: 'b=2\n  a=2\na=3',
    },
    {
      name: 'the same value twice',
      code: ['  server.secure=true', '# ^^^^^^^^^^^^^ warning: same value', 'server.secure=true'].join('\n'),
      output: 'server.secure=true',
    },
    {
      name: 'the fix removes every line of a continued setting',
      code: ['  jdbc.url=jdbc:postgresql://db:5432/\\', '# ^^^^^^^^ warning: overridden by line 4', '    bitbucket', 'jdbc.user=bb', 'jdbc.url=x'].join('\n'),
      output: 'jdbc.user=bb\njdbc.url=x',
    },
    {
      name: 'CRLF line breaks are kept',
      code: ['  a=1\r', '# ^ warning: overridden by line 3', 'b=2\r', 'a=3\r', ''].join('\n'),
      output: 'b=2\r\na=3\r\n',
    },
    {
      name: 'separator styles do not matter',
      code: ['  key value', '# ^^^ warning: overridden by line 2', 'key: other'].join('\n'),
      output: 'key: other',
    },
  ],
});

test('duplicate-property relates each earlier setting to the winning one', () => {
  const findings = lint('a=1\na=2\nb=0\na=3\n', 'bitbucket-properties').filter((f) => f.rule === 'duplicate-property');
  assert.deepEqual(
    findings.map((f) => [f.range.start.line, f.related?.map((r) => r.range.start.line), f.tags]),
    [
      [0, [3], ['unnecessary']],
      [1, [3], ['unnecessary']],
    ],
  );
  assert.match(findings[0].message, /'1' here is ignored and '3' is used/);
});
