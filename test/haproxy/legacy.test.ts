/**
 * Rewrites of the header directives HAProxy 2.1 removed. Every rewrite the table accepts
 * is checked with haproxy -c 2.6 (which must accept the new line and refuse the old one);
 * the lines without a rewrite say why in their name.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import { encodeWord, orderConflict, rewriteLegacy, rewriteLegacyWords } from '../../server/src/haproxy/legacy';
import type { Statement } from '../../server/src/haproxy/ast';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';

/** [what the row shows, old line, new line or undefined when no rewrite is faithful] */
const REWRITES: [string, string, string | undefined][] = [
  // reqadd / rspadd
  ['an added request header', 'reqadd X-Forwarded-Proto:\\ https', 'http-request add-header X-Forwarded-Proto https'],
  ['the condition is kept as written', 'reqadd X-Forwarded-Proto:\\ https if { ssl_fc }', 'http-request add-header X-Forwarded-Proto https if { ssl_fc }'],
  ['a value with blanks goes in quotes', 'rspadd Strict-Transport-Security:\\ max-age=31536000;\\ includeSubDomains', 'http-response add-header Strict-Transport-Security "max-age=31536000; includeSubDomains"'],
  ['no blank after the colon', 'rspadd X-Frame-Options:DENY', 'http-response add-header X-Frame-Options DENY'],
  ["'%' is doubled for log-format", 'reqadd X-Share:\\ 50%', 'http-request add-header X-Share 50%%'],
  ['a quoted old line', 'reqadd "X-Note: a # b"', 'http-request add-header X-Note "a # b"'],
  ['a value with a dollar and a quote', 'rspadd X-Odd:\\ a\\"b$c', 'http-response add-header X-Odd "a\\"b\\$c"'],
  ['no rewrite: no colon', 'reqadd X-Forwarded-Proto', undefined],
  ['no rewrite: an empty value (add-header needs one)', 'reqadd X-Empty:', undefined],
  ['no rewrite: a blank inside the name', 'reqadd X\\ Y:\\ z', undefined],
  // reqdel / rspdel
  ['a deleted header', 'reqdel ^X-Forwarded-For:', 'http-request del-header X-Forwarded-For'],
  ["a deleted header, '.*' after the colon", 'reqidel ^X-Forwarded-For:.*', 'http-request del-header X-Forwarded-For'],
  ['a deleted response header', 'rspidel ^Server:.*$', 'http-response del-header Server'],
  ['a deleted response header with a condition', 'rspdel ^X-Powered-By: if is_a', 'http-response del-header X-Powered-By if is_a'],
  ['no rewrite: no colon, so every name that starts the same', 'rspidel ^Server', undefined],
  ["no rewrite: '.' in the name matches any character", 'reqdel ^X.Foo:', undefined],
  ['no rewrite: not anchored', 'reqidel X-Foo:', undefined],
  ['no rewrite: only some values', 'reqidel ^X-Foo:\\ bar', undefined],
  // reqrep / rsprep on headers
  ['a replaced host name', 'reqirep ^Host:\\ old.example.com Host:\\ new.example.com', 'http-request replace-header Host (?i)^old.example.com new.example.com'],
  ['back-references keep their numbers', 'rspirep ^Location:\\ http://(.*):80(.*) Location:\\ https://\\1:443\\2', 'http-response replace-header Location (?i)^http://(.*):80(.*) https://\\1:443\\2'],
  ['an optional blank before a group', 'rsprep ^Location:\\ *(.*) Location:\\ \\1', 'http-response replace-header Location ^(.*) \\1'],
  ['an optional blank before a literal', 'reqrep ^X-Env:\\ *staging X-Env:\\ prod', 'http-request replace-header X-Env ^staging prod'],
  ['a blank class', 'reqrep ^X-Env:[\\ \\t]+(.*) X-Env:\\ was-\\1', 'http-request replace-header X-Env ^(.*) was-\\1'],
  ['any value, and no letter for (?i) to act on', 'reqirep ^Host: Host:\\ new.example.com', 'http-request replace-header Host ^ new.example.com'],
  ['the name may change case', 'reqirep ^host:\\ (.*):8080 Host:\\ \\1', 'http-request replace-header host ^(.*):8080 \\1'],
  ['a replacement with blanks and a percent sign', 'reqrep ^X-A:\\ (.*) X-A:\\ 100%\\ \\1 if is_a', 'http-request replace-header X-A ^(.*) "100%% \\1" if is_a'],
  ['no rewrite: the header is renamed', 'reqrep ^Host:\\ (.*) X-Host:\\ \\1', undefined],
  ['no rewrite: \\0 held the whole old line', 'reqrep ^Host:\\ (.*) Host:\\ \\0', undefined],
  ['no rewrite: an alternative escapes the anchor', 'reqrep ^Host:\\ foo|bar Host:\\ x', undefined],
  ['no rewrite: no blank pattern, so the group would lose the blank', 'rsprep ^Location:(.*) Location:\\1', undefined],
  ['no rewrite: a pattern that may match the blank after an optional one', 'reqrep ^X-A:\\ *\\ foo X-A:\\ bar', undefined],
  ['no rewrite: a status line', 'rsprep ^HTTP/1.1\\ 500\\ (.*) HTTP/1.1\\ 503\\ \\1', undefined],
  ['no rewrite: the replacement ends in a blank', 'reqrep ^X-A:\\ (.*) X-A:\\ \\1\\ ', undefined],
  // reqrep on the request line
  ['a path prefix swap', 'reqrep ^([^\\ :]*)\\ /bitbucket/(.*) \\1\\ /\\2', 'http-request replace-path ^/bitbucket/(.*) /\\1'],
  ['a case-insensitive path prefix swap with a condition', 'reqirep ^([^\\ :]*)\\ /Old/(.*) \\1\\ /new/\\2 if is_a', 'http-request replace-path (?i)^/Old/(.*) /new/\\1 if is_a'],
  ['an escaped dot in the path', 'reqrep ^([^:\\ ]+)\\ /app\\.v1/(.*) \\1\\ /app/\\2', 'http-request replace-path ^/app\\.v1/(.*) /app/\\1'],
  ['no rewrite: the method group can match a header name', 'reqrep ^([^\\ ]*)\\ /bitbucket/(.*) \\1\\ /\\2', undefined],
  ["no rewrite: '.' in the path can match the '?' of a query", 'reqrep ^([^\\ :]*)\\ /a.b/(.*) \\1\\ /\\2', undefined],
  ['no rewrite: the method changes', 'reqrep ^([^\\ :]*)\\ /old/(.*) GET\\ /new/\\2', undefined],
  ['no rewrite: the tail is not kept', 'reqrep ^([^\\ :]*)\\ /old/(.*) \\1\\ /new/', undefined],
  ['no rewrite: a fixed method', 'reqrep ^GET\\ /old/(.*) GET\\ /new/\\1', undefined],
  ['no rewrite: a response has no request line', 'rsprep ^([^\\ :]*)\\ /old/(.*) \\1\\ /new/\\2', undefined],
  // reqdeny / reqtarpit / rspdeny
  ['a denied header value', 'reqideny ^User-Agent:.*curl', 'http-request deny if { req.fhdr(User-Agent) -m reg -i ^.*curl }'],
  ['a tarpit on a header value', 'reqtarpit ^X-Scan:\\ yes', 'http-request tarpit if { req.fhdr(X-Scan) -m reg ^yes }'],
  ['a denied response header, any value', 'rspideny ^X-Debug:', 'http-response deny if { res.fhdr(X-Debug) -m found }'],
  ["'if' alternatives each get the match", 'reqdeny ^X-Bad:\\ yes if is_a || is_b', 'http-request deny if { req.fhdr(X-Bad) -m reg ^yes } is_a || { req.fhdr(X-Bad) -m reg ^yes } is_b'],
  ["'unless A B' becomes '!A || !B'", 'reqtarpit ^X-Bad:\\ yes unless is_a is_b', 'http-request tarpit if { req.fhdr(X-Bad) -m reg ^yes } !is_a || { req.fhdr(X-Bad) -m reg ^yes } !is_b'],
  ["'unless A || !B' becomes '!A B'", 'reqitarpit ^X-Bad:\\ yes unless is_a || !is_b', 'http-request tarpit if { req.fhdr(X-Bad) -m reg -i ^yes } !is_a is_b'],
  ['an anonymous ACL is negated with a separate !', 'rspdeny ^X-Bad:\\ yes unless { status 204 }', 'http-response deny if { res.fhdr(X-Bad) -m reg ^yes } ! { status 204 }'],
  ["no rewrite: 'unless' over alternatives of several terms", 'reqdeny ^X-Bad:\\ yes unless is_a is_b || is_a', undefined],
  ['no rewrite: a request line', 'reqdeny ^GET\\ /admin', undefined],
  ['no rewrite: not anchored on a header name', 'reqideny curl', undefined],
  // no rewrite at all
  ['no rewrite: reqallow also let later reqrep lines run', 'reqallow ^X-Ok:', undefined],
  ['no rewrite: reqpass', 'reqipass ^X-Ok:', undefined],
  ['no rewrite: a word from the environment', 'reqadd "X-Env: ${ENV}"', undefined],
  ['no rewrite: something after the arguments that is not a condition', 'reqdel ^X-A: ^X-B:', undefined],
  ["no rewrite: 'if' with nothing after it", 'reqdel ^X-A: if', undefined],
];

/** ACLs the conditions above use. */
const ACLS = ['    acl is_a src 10.0.0.1', '    acl is_b src 10.0.0.2'];

function statementIn(section: string, lines: string[], index: number): Statement {
  const config = parseHaproxy([section, ...lines].join('\n') + '\n');
  return config.sections[0].statements[index];
}

for (const [name, line, expected] of REWRITES) {
  test(`rewrite: ${name}`, () => {
    const statement = statementIn('frontend fe', [`    ${line}`], 0);
    assert.equal(rewriteLegacy(statement)?.text, expected);
  });
}

test('rewrite: what the line becomes', () => {
  const becomes = (line: string) => rewriteLegacy(statementIn('backend be', [`    ${line}`], 0))?.becomes;
  assert.equal(becomes('rspidel ^Server:'), 'http-response del-header');
  assert.equal(becomes('reqrep ^([^\\ :]*)\\ /a/(.*) \\1\\ /b/\\2'), 'http-request replace-path');
  assert.equal(becomes('rsprep ^Location:\\ (.*) Location:\\ \\1'), 'http-response replace-header');
  assert.equal(becomes('reqitarpit ^X-A:'), 'http-request tarpit');
});

function config(line: string): { text: string; line: number } {
  const lines = [
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 5s',
    '    timeout server 5s',
    'frontend fe',
    '    bind 127.0.0.1:18080',
    ...ACLS,
    `    ${line}`,
    '    default_backend be',
    'backend be',
    '    server s1 127.0.0.1:80',
  ];
  return { text: lines.join('\n') + '\n', line: lines.indexOf(`    ${line}`) + 1 };
}

test('haproxy -c 2.6 accepts every rewrite and refuses every old line', { skip: skipWithoutHaproxy() }, () => {
  const problems: string[] = [];
  let checked = 0;
  for (const [, line, expected] of REWRITES) {
    if (expected === undefined) continue;
    const before = config(line);
    if (!haproxyCheck({ text: before.text }).messages.some((m) => m.level === 'ALERT' && m.line === before.line)) {
      problems.push(`haproxy accepts the old line: ${line}`);
    }
    const after = config(expected);
    const result = haproxyCheck({ text: after.text });
    const here = result.messages.filter((m) => m.level !== 'NOTICE' && (m.line === after.line || m.line === undefined));
    if (result.exitCode !== 0 || here.length > 0) {
      problems.push(`${expected}\n  ${here.map((m) => m.text).join('\n  ') || `exit code ${result.exitCode}`}`);
    }
    checked++;
  }
  assert.ok(checked >= 25, `only ${checked} rewrites checked`);
  assert.deepEqual(problems, []);
});

test('a rewrite is read back as the words it was built from', () => {
  const values = ['plain', 'a b', 'x\\1y', '\\.', 'end\\', 'a\\ b', '"q"', "it's", '#hash', 'tab\there', '$HOME', 'cr\rlf\n', '\\x41', ''];
  for (const value of values) {
    const words = parseHaproxy(`global\n    key ${encodeWord(value)} after\n`).sections[0].statements[0].words;
    assert.deepEqual(
      words.map((w) => w.text),
      ['key', value, 'after'],
      `${JSON.stringify(value)} written as ${encodeWord(value)}`,
    );
  }
  assert.equal(encodeWord('^/app\\.v1/(.*)'), '^/app\\.v1/(.*)');
  assert.equal(encodeWord('/new/\\1'), '/new/\\1');
});

test('no rewrite where the new rule would change places with its neighbours', () => {
  const at = (kind: string, lines: string[], index: number) => statementIn(kind, lines.map((l) => `    ${l}`), index);
  // The old directives ran after every http-request rule of their section.
  const later = at('frontend fe', ['reqdel ^X-A:', 'http-request set-header X-A 1'], 0);
  assert.equal(rewriteLegacy(later), undefined);
  assert.match(orderConflict(later) ?? '', /later 'http-request'/);
  assert.equal(rewriteLegacyWords(later)?.text, 'http-request del-header X-A');
  // ... and 'block' lines ran before them.
  assert.equal(rewriteLegacy(at('frontend fe', ['reqdel ^X-A:', 'block if is_a'], 0)), undefined);
  // An earlier http-request rule keeps its place.
  assert.equal(rewriteLegacy(at('frontend fe', ['http-request set-header X-A 1', 'reqdel ^X-A:'], 1))?.text, 'http-request del-header X-A');
  // Response directives only care about http-response rules.
  assert.equal(rewriteLegacy(at('backend be', ['rspidel ^Server:', 'http-request set-header X-A 1'], 0))?.text, 'http-response del-header Server');
  assert.equal(rewriteLegacy(at('backend be', ['rspidel ^Server:', 'http-response set-header X-A 1'], 0)), undefined);
  // reqadd ran after every other old request directive.
  assert.equal(rewriteLegacy(at('frontend fe', ['reqadd X-A:\\ 1', 'reqdel ^X-A:'], 0)), undefined);
  assert.equal(rewriteLegacy(at('frontend fe', ['reqdel ^X-A:', 'reqadd X-A:\\ 1'], 1))?.text, 'http-request add-header X-A 1');
  assert.equal(rewriteLegacy(at('frontend fe', ['reqadd X-A:\\ 1', 'reqadd X-B:\\ 2'], 0))?.text, 'http-request add-header X-A 1');
  assert.equal(rewriteLegacy(at('frontend fe', ['reqdel ^X-A:', 'reqrep ^X-B:\\ (.*) X-B:\\ b\\1'], 0))?.text, 'http-request del-header X-A');
  // 'http-request allow' stopped the new rules but not the old directives.
  assert.match(orderConflict(at('frontend fe', ['http-request allow if is_a', 'reqadd X-A:\\ 1'], 1)) ?? '', /earlier 'http-request allow'/);
  // reqallow and reqpass kept later reqdeny lines from acting.
  assert.equal(rewriteLegacy(at('frontend fe', ['reqallow ^X-Ok:', 'reqdeny ^X-Bad:'], 1)), undefined);
  assert.equal(rewriteLegacy(at('frontend fe', ['reqallow ^X-Ok:', 'reqdel ^X-Bad:'], 1))?.text, 'http-request del-header X-Bad');
});

test('no rewrite outside frontend, listen and backend sections', () => {
  const line = ['    reqadd X-A:\\ 1'];
  assert.equal(rewriteLegacy(statementIn('defaults', line, 0)), undefined);
  assert.equal(rewriteLegacy(statementIn('listen app', line, 0))?.text, 'http-request add-header X-A 1');
  assert.equal(rewriteLegacy(parseHaproxy('reqadd X-A:\\ 1\n').orphans[0]), undefined);
});
