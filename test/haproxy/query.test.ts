import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import {
  appendSectionAtEnd,
  appendToSection,
  defaultsFor,
  effectiveStatements,
  findOption,
  findOptions,
  inheritanceChain,
  inheritanceIsConditional,
  insertSectionAtTop,
  optionWords,
  statementIs,
  wordsRemovalRange,
} from '../../server/src/haproxy/query';
import { applyEdits } from '../helpers/rule-tester';

function section(text: string, name: string) {
  const config = parseHaproxy(text);
  const s = config.sections.find((x) => (x.name?.text ?? x.kind) === name);
  assert.ok(s, `no section ${name}`);
  return { config, s };
}

test('options start after the fixed arguments of each line kind', () => {
  const config = parseHaproxy(
    [
      'global',
      '    ssl-default-bind-options ssl-min-ver TLSv1.2',
      'frontend fe',
      '    bind 127.0.0.1:443 ssl crt /a.pem',
      'backend be',
      '    default-server check',
      '    server ssl 127.0.0.1:443 ssl',
      '    server-template web 3 127.0.0.1:80 check',
      'peers p',
      '    peer local 127.0.0.1:10000 ssl',
      '',
    ].join('\n'),
  );
  const texts = config.statements.map((s) => optionWords(s).map((w) => w.text).join(' '));
  assert.deepEqual(texts, ['', 'ssl-min-ver TLSv1.2', '', 'ssl crt /a.pem', '', 'check', 'ssl', 'check', '', 'ssl']);
  // The server named "ssl" is not the ssl option.
  const server = config.statements[6];
  assert.equal(findOptions(server, 'ssl').length, 1);
  assert.equal(findOption(server, 'ssl')?.index, 3);
  const bind = config.statements[3];
  assert.equal(findOption(bind, 'crt')?.value?.text, '/a.pem');
  assert.equal(findOption(bind, 'alpn'), undefined);
  assert.equal(findOption(config.statements[2], 'ssl'), undefined);
});

test('keywords match after quotes are removed', () => {
  const config = parseHaproxy('defaults\n    "timeout" client 5s\n');
  assert.ok(statementIs(config.statements[1], 'timeout', 'client'));
  assert.ok(!statementIs(config.statements[1], 'timeout', 'server'));
});

test('a proxy uses the last defaults section above it, named or not, or the one it names', () => {
  const text = [
    'defaults base',
    '    mode http',
    'defaults mid from base',
    'defaults',
    '    mode tcp',
    'defaults last',
    'frontend a',
    'backend b from mid',
    'defaults fresh',
    'listen c from nowhere',
    '',
  ].join('\n');
  const config = parseHaproxy(text);
  const byName = (n: string) => config.sections.find((s) => s.name?.text === n)!;
  assert.equal(defaultsFor(config, byName('a'))?.name?.text, 'last');
  assert.deepEqual(
    inheritanceChain(config, byName('b')).map((s) => s.name?.text),
    ['b', 'mid', 'base'],
  );
  assert.equal(defaultsFor(config, byName('c')), undefined);
  assert.equal(defaultsFor(config, byName('fresh')), undefined);
  const mode = effectiveStatements(config, byName('b'), (s) => statementIs(s, 'mode'));
  assert.deepEqual(
    mode.map((m) => [m.from.name?.text, m.statement.words[1].text]),
    [['base', 'http']],
  );
});

test('conditional defaults make inheritance uncertain', () => {
  const text = ['defaults', '    mode http', '.if defined(X)', 'defaults', '.endif', 'frontend a', 'frontend b from x', ''].join('\n');
  const config = parseHaproxy(text);
  assert.ok(inheritanceIsConditional(config, config.sections[2]));
  assert.ok(!inheritanceIsConditional(config, config.sections[3]));
});

test('conditional settings are returned until an unconditional one decides', () => {
  const text = ['defaults', '    timeout client 5s', 'frontend a', '.if defined(X)', '    timeout client 0', '.endif', ''].join('\n');
  const { config, s } = section(text, 'a');
  const found = effectiveStatements(config, s, (x) => statementIs(x, 'timeout', 'client'));
  assert.deepEqual(
    found.map((f) => f.statement.words[2].text),
    ['0', '5s'],
  );
});

test('lines are appended after the last statement, past a closing .endif, before trailing comments', () => {
  const text = ['global', '\tmaxconn 10', '.if defined(X)', '\t\tlog stdout local0', '.endif', '# frontends', '', 'frontend fe', ''].join(
    '\r\n',
  );
  const { config, s } = section(text, 'global');
  const out = applyEdits(text, [appendToSection(config, s, ['a 1', 'b 2'])]);
  assert.equal(
    out,
    ['global', '\tmaxconn 10', '.if defined(X)', '\t\tlog stdout local0', '.endif', '\ta 1', '\tb 2', '# frontends', '', 'frontend fe', ''].join(
      '\r\n',
    ),
  );
});

test('a section header alone takes the indentation of the rest of the file', () => {
  const text = 'defaults\nfrontend fe\n  bind 127.0.0.1:80\n  mode http\n';
  const { config, s } = section(text, 'defaults');
  assert.equal(applyEdits(text, [appendToSection(config, s, ['timeout client 30s'])]), 'defaults\n  timeout client 30s\nfrontend fe\n  bind 127.0.0.1:80\n  mode http\n');
});

test('a new section goes before the first one, after a comment block that opens the file', () => {
  const text = '# header\n# more\n\n# about fe\nfrontend fe\n    bind 127.0.0.1:80\n';
  const config = parseHaproxy(text);
  assert.equal(
    applyEdits(text, [insertSectionAtTop(config, 'global', ['maxconn 10'])]),
    '# header\n# more\n\nglobal\n    maxconn 10\n\n# about fe\nfrontend fe\n    bind 127.0.0.1:80\n',
  );
  const onlyComments = '# nothing yet\n';
  assert.equal(
    applyEdits(onlyComments, [insertSectionAtTop(parseHaproxy(onlyComments), 'global', ['maxconn 10'])]),
    '# nothing yet\n\nglobal\n    maxconn 10\n',
  );
});

test('a section appended at the end is separated by one blank line and ends the file with a line break', () => {
  const cases: [string, string][] = [
    ['frontend fe\r\n', 'frontend fe\r\n\r\nbackend x\r\n'],
    ['frontend fe\r\n\r\n', 'frontend fe\r\n\r\nbackend x\r\n'],
    ['frontend fe', 'frontend fe\n\nbackend x\n'],
    ['', 'backend x\n'],
  ];
  for (const [text, expected] of cases) {
    assert.equal(applyEdits(text, [appendSectionAtEnd(parseHaproxy(text), 'backend x', [])]), expected, JSON.stringify(text));
  }
});

test('removing options takes the space before them', () => {
  const text = 'backend be\n    server s1 127.0.0.1:443 ssl ssl-max-ver TLSv1.1 check\n';
  const config = parseHaproxy(text);
  const server = config.statements[1];
  const m = findOption(server, 'ssl-max-ver')!;
  assert.equal(
    applyEdits(text, [{ range: wordsRemovalRange(config, server, m.index, m.index + 1), newText: '' }]),
    'backend be\n    server s1 127.0.0.1:443 ssl check\n',
  );
});
