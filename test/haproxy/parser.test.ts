import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import { SourceText } from '../../server/src/common/source';
import { reparseHaproxy } from '../../server/src/incremental';

/** Words of the statement on the first statement line, as [text, raw-start-column]. */
function words(line: string): [string, number][] {
  const config = parseHaproxy(`global\n${line}\n`);
  const st = config.statements[1];
  return st ? st.words.map((w) => [w.text, w.range.start.character]) : [];
}

function errors(text: string): string[] {
  return parseHaproxy(text).errors.map((e) => `${e.range.start.line}:${e.range.start.character} ${e.severity} ${e.message}`);
}

const tokenCases: [string, [string, number][]][] = [
  ['  maxconn 100', [['maxconn', 2], ['100', 10]]],
  ['log stdout format raw local0', [['log', 0], ['stdout', 4], ['format', 11], ['raw', 18], ['local0', 22]]],
  ['a b#comment', [['a', 0], ['b', 2]]],
  ['a b #comment', [['a', 0], ['b', 2]]],
  ['a "b c" d', [['a', 0], ['b c', 2], ['d', 8]]],
  ["a 'b c' d", [['a', 0], ['b c', 2], ['d', 8]]],
  ['a "b#c"', [['a', 0], ['b#c', 2]]],
  ["a 'b#c'", [['a', 0], ['b#c', 2]]],
  ['a b\\#c', [['a', 0], ['b#c', 2]]],
  ['a b\\ c', [['a', 0], ['b c', 2]]],
  ['a b\\\\c', [['a', 0], ['b\\c', 2]]],
  ['a \\"q\\"', [['a', 0], ['"q"', 2]]],
  ["a \\'q\\'", [['a', 0], ["'q'", 2]]],
  ['a \\x41\\x62', [['a', 0], ['Ab', 2]]],
  ['a "\\x41"', [['a', 0], ['A', 2]]],
  ["a '\\x41'", [['a', 0], ['\\x41', 2]]],
  ['a x"y z"w', [['a', 0], ['xy zw', 2]]],
  ['a "it\'s"', [['a', 0], ["it's", 2]]],
  ['a \'say "hi"\'', [['a', 0], ['say "hi"', 2]]],
  ['a \\q', [['a', 0], ['\\q', 2]]],
  ['a "\\t"', [['a', 0], ['\t', 2]]],
  ['a ""', [['a', 0], ['', 2]]],
  ['\ta\t\tb', [['a', 1], ['b', 4]]],
  ['a "${HOME}" \'${HOME}\' ${HOME}', [['a', 0], ['${HOME}', 2], ['${HOME}', 12], ['${HOME}', 22]]],
];

for (const [line, expected] of tokenCases) {
  test(`tokenize ${JSON.stringify(line)}`, () => {
    assert.deepEqual(words(line), expected);
  });
}

test('variables are recognised only in double quotes', () => {
  const st = parseHaproxy('global\n  a "$X" \'$Y\' $Z "${V-def}"\n').statements[1];
  assert.deepEqual(
    st.words.map((w) => w.hasVariable),
    [false, true, false, false, true],
  );
});

test('raw text and ranges are exact', () => {
  const config = parseHaproxy('frontend fe\n  bind "*:80" \\#x # c\n');
  const st = config.statements[1];
  assert.deepEqual(
    st.words.map((w) => [w.raw, w.range.start.character, w.range.end.character]),
    [
      ['bind', 2, 6],
      ['"*:80"', 7, 13],
      ['\\#x', 14, 17],
    ],
  );
  assert.equal(config.comments[0].text, ' c');
  assert.equal(config.comments[0].ownLine, false);
});

const errorCases: [string, string[]][] = [
  ['global\n  a "b\n', ['1:4 error Unmatched double quote']],
  ["global\n  a 'b\n", ['1:4 error Unmatched single quote']],
  ['global\n  a \\x4\n', ['1:4 error Truncated or invalid hexadecimal escape']],
  ['global\n  a b\\\n  c\n', ['1:5 warning A backslash at the end of a line']],
  ['.if defined(X)\nglobal\n', ['0:0 error .if block is never closed']],
  ['global\n.endif\n', ['1:0 error .endif without a matching .if']],
  ['global\n.else\n', ['1:0 error .else without a matching .if']],
  ['.if defined(X)\n.else\n.else\n.endif\n', ['2:0 error .else after .else']],
  ['.if\n.endif\n', ['0:0 error .if needs a condition']],
  ['backend\n', ["0:0 error 'backend' needs a name"]],
  ['global\n  a "${X"\n', ['1:5 error Unterminated or invalid environment variable']],
];

for (const [text, expected] of errorCases) {
  test(`errors for ${JSON.stringify(text)}`, () => {
    const actual = errors(text);
    assert.equal(actual.length, expected.length, actual.join('\n'));
    expected.forEach((e, i) => assert.ok(actual[i].startsWith(e), `${actual[i]} should start with ${e}`));
  });
}

test('no line continuation: a trailing backslash leaves the next line a statement', () => {
  const config = parseHaproxy('global\n  a b\\\n  c\n');
  assert.deepEqual(
    config.statements.map((s) => s.words.map((w) => w.text)),
    [['global'], ['a', 'b\\'], ['c']],
  );
});

test('sections, names, from, and statement membership', () => {
  const text = [
    '# top',
    'global',
    '  daemon',
    'defaults base',
    '  mode http',
    'defaults web from base',
    'frontend fe from web',
    '  bind :80',
    '',
    '# trailing',
    'backend be',
    '  server s1 10.0.0.1:80',
    '',
  ].join('\n');
  const config = parseHaproxy(text);
  assert.deepEqual(
    config.sections.map((s) => [s.kind, s.name?.text, s.from?.text, s.statements.length, s.header.line, s.lastLine]),
    [
      ['global', undefined, undefined, 1, 1, 2],
      ['defaults', 'base', undefined, 1, 3, 4],
      ['defaults', 'web', 'base', 0, 5, 5],
      ['frontend', 'fe', 'web', 1, 6, 7],
      ['backend', 'be', undefined, 1, 10, 12],
    ],
  );
  assert.equal(config.errors.length, 0);
  assert.equal(config.orphans.length, 0);
});

test('the word after the section keyword is its name, even "from" (checked with haproxy -c 2.6)', () => {
  const config = parseHaproxy(['defaults from base', 'defaults from', 'backend from', 'backend from from web', 'listen li from', ''].join('\n'));
  assert.deepEqual(
    config.sections.map((s) => [s.kind, s.name?.text, s.from?.text]),
    [
      // `defaults from <name>`: an unnamed defaults section that inherits from <name>.
      ['defaults', undefined, 'base'],
      ['defaults', 'from', undefined],
      ['backend', 'from', undefined],
      ['backend', 'from', 'web'],
      ['listen', 'li', undefined],
    ],
  );
  assert.equal(config.errors.length, 0);
});

test('statements before any section are orphans', () => {
  const config = parseHaproxy('maxconn 10\nglobal\n');
  assert.deepEqual(config.orphans.map((s) => s.words[0].text), ['maxconn']);
});

test('.if blocks keep their statements with a depth', () => {
  const config = parseHaproxy('global\n.if defined(A)\n  .if streq("$A",x)\n  daemon\n  .endif\n.elif feature(OPENSSL)\n  nbthread 2\n.else\n  nbthread 1\n.endif\n');
  assert.deepEqual(
    config.statements.map((s) => [s.words[0].text, s.conditionalDepth]),
    [
      ['global', 0],
      ['daemon', 2],
      ['nbthread', 1],
      ['nbthread', 1],
    ],
  );
  assert.deepEqual(config.directives.map((d) => d.kind), ['.if', '.if', '.endif', '.elif', '.else', '.endif']);
  assert.equal(config.errors.length, 0);
});

test('CRLF, CR-only and BOM keep exact positions', () => {
  for (const eol of ['\r\n', '\r', '\n']) {
    const config = parseHaproxy(`\uFEFFglobal${eol}  maxconn 5${eol}`);
    assert.equal(config.sections.length, 1, JSON.stringify(eol));
    const w = config.statements[1].words[1];
    assert.deepEqual([w.text, w.range.start.line, w.range.start.character], ['5', 1, 10]);
  }
});

test('anonymous ACL braces are separate words', () => {
  const config = parseHaproxy('frontend fe\n  http-request deny if { src 10.0.0.0/8 } !{ path /x }\n');
  assert.deepEqual(
    config.statements[1].words.map((w) => w.text),
    ['http-request', 'deny', 'if', '{', 'src', '10.0.0.0/8', '}', '!{', 'path', '/x', '}'],
  );
});

test('too many words is an error', () => {
  const line = 'log ' + Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ');
  assert.ok(errors(`global\n${line}\n`).some((e) => e.includes('Too many words')));
});

test('never throws on hostile input and ranges stay inside the document', () => {
  const inputs = [
    '',
    '\0\0\0',
    '"'.repeat(1000),
    '\\'.repeat(1001),
    'global\n' + 'x'.repeat(200000),
    '\r\r\n\n\r',
    '\uD800 broken surrogate',
    '.if\n'.repeat(2000),
    'frontend "\n',
  ];
  for (const input of inputs) {
    const config = parseHaproxy(input);
    const lastLine = config.source.lineCount - 1;
    for (const st of config.statements) {
      for (const w of st.words) {
        assert.ok(w.start >= 0 && w.end <= input.length && w.start <= w.end);
        assert.ok(w.range.end.line <= lastLine);
      }
    }
  }
});

test('equal word values are shared, and stay right from one document to the next', () => {
  const a = parseHaproxy('backend b1\n  server s1 10.0.0.1:80 check\n  server s2 10.0.0.2:80 check\n');
  const [x, y] = [a.statements[1].words, a.statements[2].words];
  assert.equal(x[0].text, 'server');
  assert.equal(x[3].text, y[3].text);
  // A different document with words of the same shape gets its own values.
  const b = parseHaproxy('backend b1\n  servez s1 10.0.0.1:81 chock\n');
  assert.deepEqual(b.statements[1].words.map((w) => w.text), ['servez', 's1', '10.0.0.1:81', 'chock']);
});

test('quoted values with many pieces are read whole', () => {
  const config = parseHaproxy('global\n  a "x y"\\ z\'q r\'\\x41"$V-${W}"\n');
  const w = config.statements[1].words[1];
  assert.equal(w.text, 'x y zq rA$V-${W}');
  assert.equal(w.raw, '"x y"\\ z\'q r\'\\x41"$V-${W}"');
  assert.deepEqual([w.quoted, w.hasVariable, w.start, w.end], [true, true, 11, 11 + w.raw.length]);
});

test('line starts for \\n, \\r\\n and lone \\r', () => {
  for (const [text, starts] of [
    ['a\nb\n', [0, 2, 4]],
    ['a\r\nb', [0, 3]],
    ['a\rb\r\r\n', [0, 2, 4, 6]],
    ['', [0]],
  ] as [string, number[]][]) {
    assert.deepEqual(Array.from(new SourceText(text).lineStarts), starts, JSON.stringify(text));
    assert.equal(new SourceText(text).lineCount, starts.length);
  }
});

test('re-parsing after edits that add and remove headers and directives equals a full parse', () => {
  const site = (i: number) => `frontend f${i}\n  bind :${8000 + i}\n  default_backend b${i}\nbackend b${i}\n  server s 10.0.0.${i}:80 check\n`;
  let text = Array.from({ length: 30 }, (_, i) => site(i)).join('');
  let config = parseHaproxy(text);
  const edits: [string, string][] = [
    ['  bind :8005\n', '  bind :8005\nbackend extra\n'],
    ['backend extra\n', ''],
    ['  server s 10.0.0.7:80 check\n', '.if defined(X)\n  server s 10.0.0.7:80 check\n'],
    ['backend b20\n', '.endif\nbackend b20\n'],
    ['.if defined(X)\n', ''],
    ['frontend f12\n', 'frontend f12 # c\n'],
    ['  default_backend b3\n', '  default_backend b3\n  "quoted \\\n'],
    ['frontend f29\n', ''],
  ];
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    config = reparseHaproxy(config, text);
    const fresh = parseHaproxy(text);
    const shape = (c: typeof config) =>
      JSON.stringify({
        statements: c.statements.map((s) => [s.line, s.range, s.conditionalDepth, s.section?.header.line, s.words.map((w) => [w.text, w.start, w.end])]),
        sections: c.sections.map((s) => [s.kind, s.name?.text, s.range, s.lastLine, s.statements.map((x) => x.line)]),
        orphans: c.orphans.map((s) => s.line),
        directives: c.directives.map((d) => [d.kind, d.range, d.depth]),
        comments: c.comments.map((x) => [x.text, x.range, x.start]),
        errors: c.errors,
      });
    assert.equal(shape(config), shape(fresh), `after replacing ${JSON.stringify(from)}`);
  }
});
