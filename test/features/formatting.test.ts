/**
 * Formatting tables: input and expected output. Range formatting cases mark the range
 * with `«...»` (see fixture.ts). Every case also checks that formatting the output again
 * changes nothing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service';
import { formatDocument, type FormattingOptions } from '../../server/src/features/formatting';
import { applyEdits } from '../helpers/rule-tester';
import { parseMarkers } from './fixture';

interface FormatCase {
  name: string;
  code: string;
  output: string;
  options?: FormattingOptions;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

const cases: FormatCase[] = [
  {
    name: 'statements indented 4 spaces, headers in column 0, one space between words',
    code: lines('  global', 'log   stdout\tlocal0', '\tdefaults', '        timeout   connect    5s  ', 'backend  be', '  server s1    127.0.0.1:80   check'),
    output: lines('global', '    log stdout local0', 'defaults', '    timeout connect 5s', 'backend be', '    server s1 127.0.0.1:80 check'),
  },
  {
    name: 'tabSize from the options',
    options: { tabSize: 2, insertSpaces: true },
    code: lines('backend be', '    server s1 127.0.0.1:80'),
    output: lines('backend be', '  server s1 127.0.0.1:80'),
  },
  {
    name: 'tabs when insertSpaces is false',
    options: { tabSize: 8, insertSpaces: false },
    code: lines('backend be', '    server s1 127.0.0.1:80', '    .if defined(X)', '    server s2 127.0.0.1:81', '    .endif'),
    output: lines('backend be', '\tserver s1 127.0.0.1:80', '\t.if defined(X)', '\t\tserver s2 127.0.0.1:81', '\t.endif'),
  },
  {
    name: 'quotes, escapes and spaces inside quotes stay exactly as written',
    code: lines('frontend fe', '  http-request   set-header  X-A   "a  b\\"c"   ', "  http-request return   string 'x   y'   content-type text/plain", '  acl  sp  path  /a\\ \\ b'),
    output: lines('frontend fe', '    http-request set-header X-A "a  b\\"c"', "    http-request return string 'x   y' content-type text/plain", '    acl sp path /a\\ \\ b'),
  },
  {
    name: 'trailing comments get one space before #, their text unchanged',
    code: lines('defaults', '    timeout client 30s        #   client side  ', '    timeout server 30s#no space'),
    output: lines('defaults', '    timeout client 30s #   client side  ', '    timeout server 30s #no space'),
  },
  {
    name: 'own-line comments are indented like the statements around them',
    code: lines('backend be', '# the main server', '    server s1 127.0.0.1:80', '        #    server s2 127.0.0.1:81'),
    output: lines('backend be', '    # the main server', '    server s1 127.0.0.1:80', '    #    server s2 127.0.0.1:81'),
  },
  {
    name: 'column-0 comments directly above a header stay in column 0',
    code: lines('# file header', '', 'global', '    maxconn 100', '', '#-----', '# Bitbucket', '#-----', 'backend be', '    server s1 127.0.0.1:80', '  # indented comment above a header', 'backend other'),
    output: lines('# file header', '', 'global', '    maxconn 100', '', '#-----', '# Bitbucket', '#-----', 'backend be', '    server s1 127.0.0.1:80', '    # indented comment above a header', 'backend other'),
  },
  {
    name: 'blank lines stay, emptied of spaces',
    code: lines('global', '    maxconn 100', '   \t ', '', 'defaults', '    mode http'),
    output: lines('global', '    maxconn 100', '', '', 'defaults', '    mode http'),
  },
  {
    name: '.if blocks: directives at statement level, their lines one level deeper',
    code: lines(
      'global',
      '.if feature(THREAD)',
      'nbthread 4',
      '.if version_atleast(2.6)',
      'thread-groups 1',
      '.elif defined(X)',
      '# a comment in the block',
      'thread-groups 2',
      '.else',
      '.notice "old"',
      '.endif',
      '.endif',
    ),
    output: lines(
      'global',
      '    .if feature(THREAD)',
      '        nbthread 4',
      '        .if version_atleast(2.6)',
      '            thread-groups 1',
      '        .elif defined(X)',
      '            # a comment in the block',
      '            thread-groups 2',
      '        .else',
      '            .notice "old"',
      '        .endif',
      '    .endif',
    ),
  },
  {
    name: 'an .if block around whole sections does not indent them',
    code: lines('.if defined(WITH_STATS)', 'listen stats', '  bind 127.0.0.1:8404', '  stats enable', '.endif', 'backend be', '  server s1 127.0.0.1:80'),
    output: lines('.if defined(WITH_STATS)', 'listen stats', '    bind 127.0.0.1:8404', '    stats enable', '    .endif', 'backend be', '    server s1 127.0.0.1:80'),
  },
  {
    name: 'CRLF line breaks and a byte order mark are kept',
    code: '\ufeff  global\r\n  maxconn   100\r\n\r\nbackend be\r\n\tserver s1 127.0.0.1:80\r\n',
    output: '\ufeffglobal\r\n    maxconn 100\r\n\r\nbackend be\r\n    server s1 127.0.0.1:80\r\n',
  },
  {
    // Moved to the start of the file, the U+FEFF word would be read as a byte order mark.
    name: 'a U+FEFF word first on the first line keeps a space before it',
    code: '  \ufeff ! 503\nglobal\n',
    output: ' \ufeff ! 503\nglobal\n',
  },
  {
    name: 'a lone CR and a missing final line break are kept',
    code: 'global\r  maxconn 100\rbackend be\n  server s1 127.0.0.1:80',
    output: 'global\r    maxconn 100\rbackend be\n    server s1 127.0.0.1:80',
  },
  {
    name: 'a line HAProxy cannot read is left alone',
    code: lines('frontend fe', '   http-request  set-header X "unclosed   value', '   bind   127.0.0.1:80'),
    output: lines('frontend fe', '   http-request  set-header X "unclosed   value', '    bind 127.0.0.1:80'),
  },
  {
    name: 'statements before the first section stay in column 0',
    code: lines('   maxconn 100', '  # orphan comment', 'global', '    daemon'),
    output: lines('maxconn 100', '# orphan comment', 'global', '    daemon'),
  },
  {
    name: 'a quoted section keyword is still a header',
    code: lines('  "backend" be', '        server s1 127.0.0.1:80'),
    output: lines('"backend" be', '    server s1 127.0.0.1:80'),
  },
];

for (const c of cases) {
  test(`format: ${c.name}`, () => {
    const formatted = applyEdits(c.code, formatDocument(parseDocument(c.code, 'haproxy'), c.options));
    assert.equal(formatted, c.output);
    assert.deepEqual(formatDocument(parseDocument(formatted, 'haproxy'), c.options), [], 'formatting twice changes nothing');
  });
}

const rangeCases: { name: string; code: string; output: string }[] = [
  {
    name: 'only the lines of the range change, indented from the whole file',
    code: lines('backend be', '  server s1   127.0.0.1:80', '«  .if defined(X)', 'server s2   127.0.0.1:81»', '  .endif', 'frontend   fe'),
    output: lines('backend be', '  server s1   127.0.0.1:80', '    .if defined(X)', '        server s2 127.0.0.1:81', '  .endif', 'frontend   fe'),
  },
  {
    name: 'a range ending in column 0 leaves that line alone',
    code: lines('backend be', '«  server s1   127.0.0.1:80', '»  server s2   127.0.0.1:81'),
    output: lines('backend be', '    server s1 127.0.0.1:80', '  server s2   127.0.0.1:81'),
  },
];

for (const c of rangeCases) {
  test(`format range: ${c.name}`, () => {
    const { code, ranges } = parseMarkers(c.code);
    const formatted = applyEdits(code, formatDocument(parseDocument(code, 'haproxy'), {}, ranges[0]));
    assert.equal(formatted, c.output);
  });
}

test('edits touch only the lines that change, never a line break', () => {
  const code = 'global\r\n    maxconn 100\r\nbackend  be\r\n';
  const edits = formatDocument(parseDocument(code, 'haproxy'), {});
  assert.deepEqual(edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } }, newText: 'backend be' }]);
});

test('bitbucket.properties is not formatted', () => {
  assert.deepEqual(formatDocument(parseDocument('  server.port   =  7990\n', 'bitbucket-properties'), {}), []);
});
