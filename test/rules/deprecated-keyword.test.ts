import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, ruleTester } from '../helpers/rule-tester';

ruleTester('deprecated-keyword', 'haproxy', {
  valid: [
    {
      name: 'current keywords',
      code: 'global\n    nbthread 4\n    tune.ssl.capture-buffer-size 96\ndefaults\n    mode http\n    option redispatch\nbackend b\n    server s1 127.0.0.1:80',
    },
    { name: 'a keyword the target refuses belongs to unknown-keyword', code: 'global\n    nbproc 2', settings: { haproxyVersion: '2.6' } },
    { name: 'removed before every supported version: unknown-keyword reports it', code: 'defaults\n    contimeout 5000\n    reqadd X-A:\\ b' },
    { name: 'the replacement itself', code: 'frontend f\n    option accept-unsafe-violations-in-http-request', settings: { haproxyVersion: '3.2' } },
    { name: 'lines from the environment are not judged', code: 'global\n    "${OLD}" 1' },
  ],
  invalid: [
    {
      name: 'deprecated in the target and removed later',
      code: [
        'frontend f',
        '    bind-process 1',
        "#   ^^^^^^^^^^^^ warning: 'bind-process' is deprecated since HAProxy 2.5 and HAProxy 2.7 removed it",
      ].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    {
      name: 'deprecated in the oldest target',
      code: ['global', '    nbproc 1', "#   ^^^^^^ warning: 'nbproc' is deprecated since HAProxy 2.3 and HAProxy 2.5 removed it"].join('\n'),
      settings: { haproxyVersion: '2.4' },
    },
    {
      name: 'removed in a later version than the target',
      code: ['backend b', '    dispatch 127.0.0.1:80', "#   ^^^^^^^^ information: 'dispatch' works in HAProxy 3.0, but supported versions after 3.2 no longer have it: declare the address as a 'server' line instead. Plan for it"].join('\n'),
      settings: { haproxyVersion: '3.0' },
    },
    {
      name: 'without a target, a keyword newer versions dropped is a warning',
      code: ['global', '    stats bind-process 1', "#   ^^^^^^^^^^^^^^^^^^ warning: 'stats bind-process' is deprecated since HAProxy 2.5"].join('\n'),
    },
    {
      name: 'a deprecated keyword with a drop-in replacement',
      code: [
        'global',
        '    tune.ssl.capture-cipherlist-size 96',
        "#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: use 'tune.ssl.capture-buffer-size'",
      ].join('\n'),
      settings: { haproxyVersion: '2.6' },
      output: 'global\n    tune.ssl.capture-buffer-size 96',
    },
    {
      name: 'a keyword the manual flags as deprecated',
      code: ['backend b', '    transparent', "#   ^^^^^^^^^^^ warning: 'transparent' is deprecated"].join('\n'),
      settings: { haproxyVersion: '3.0' },
      output: 'backend b\n    option transparent',
    },
    {
      name: 'a rename offered only where the new name exists',
      code: [
        'frontend f',
        '    option accept-invalid-http-request',
        "#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: newer versions name it 'option accept-unsafe-violations-in-http-request'",
      ].join('\n'),
      output: 'frontend f\n    option accept-unsafe-violations-in-http-request',
    },
    {
      name: "'no' is not part of the keyword",
      code: ['frontend f', '    no option accept-invalid-http-request', '#      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ information: Plan for it before upgrading'].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    {
      name: 'a deprecated bind option',
      code: ['frontend f', '    bind :80 process 1', "#            ^^^^^^^ warning: The bind option 'process' is deprecated since HAProxy 2.5"].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    {
      name: 'renamed QUIC tuning',
      code: ['global', '    tune.quic.retry-threshold 3', "#   ^^^^^^^^^^^^^^^^^^^^^^^^^ information: newer versions name it 'tune.quic.fe.sec.retry-threshold'"].join('\n'),
      settings: { haproxyVersion: '3.2' },
    },
  ],
});

ruleTester('deprecated-keyword', 'bitbucket-properties', {
  valid: ['plugin.bitbucket-audit.max.entity.rows=500\nserver.port=7990', 'unknown.key=1'],
  invalid: [
    {
      name: 'a Stash-era key',
      code: ['plugin.stash-audit.max.entity.rows=500', "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: is the Stash-era name"].join('\n'),
      output: 'plugin.bitbucket-audit.max.entity.rows=500',
    },
    {
      name: 'an Elasticsearch-era key',
      code: ['plugin.search.elasticsearch.baseurl=http://search:9200', "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ information: use 'plugin.search.config.baseurl' instead"].join('\n'),
      output: 'plugin.search.config.baseurl=http://search:9200',
    },
  ],
});

test('unknown-keyword and deprecated-keyword never report the same line', () => {
  const text = [
    'global',
    '    nbproc 2',
    '    stats bind-process 1',
    '    tune.ssl.capture-cipherlist-size 96',
    '    tune.quic.retry-threshold 3',
    'defaults',
    '    contimeout 5000',
    '    redispatch',
    '    option http_proxy',
    'backend b',
    '    transparent',
    '    dispatch 127.0.0.1:80',
    '    block if TRUE',
    '    option accept-invalid-http-response',
  ].join('\n');
  for (const haproxyVersion of [undefined, '2.4', '2.6', '2.8', '3.0', '3.2', 'latest']) {
    const findings = lint(text, 'haproxy', haproxyVersion ? { haproxyVersion } : {}).filter(
      (f) => f.rule === 'unknown-keyword' || f.rule === 'deprecated-keyword',
    );
    const lines = findings.map((f) => f.range.start.line);
    assert.deepEqual(lines, [...new Set(lines)], `two findings on one line for target ${haproxyVersion ?? 'any'}`);
    // Every old keyword is reported by one of the two.
    for (const line of [1, 2, 3, 6, 7, 8, 10, 11, 12, 13]) {
      if (haproxyVersion === undefined || haproxyVersion === '2.6') {
        assert.ok(lines.includes(line), `line ${line} not reported for target ${haproxyVersion ?? 'any'}`);
      }
    }
  }
});
