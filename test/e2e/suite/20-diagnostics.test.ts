import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostic, openDocument, rangeIn, summarise, waitForDiagnostics } from './helpers';

interface Expected {
  code: string;
  severity: vscode.DiagnosticSeverity;
  /** Text that occurs on exactly one line of the file, and the part of it the range covers. */
  line: string;
  word: string;
  /** A fragment of the message. */
  message: string;
}

const { Error: E, Warning: W } = vscode.DiagnosticSeverity;

// The known mistakes in the fixture workspace, in document order.
const HAPROXY: Expected[] = [
  { code: 'time-unit', severity: E, line: 'timeout client 50x', word: 'x', message: "'50x'" },
  { code: 'unknown-keyword', severity: E, line: 'optoin forwardfor', word: 'optoin', message: "'option'" },
  { code: 'undefined-backend', severity: E, line: 'use_backend bitbucket_htp', word: 'bitbucket_htp', message: "'bitbucket_http'" },
];

const PROPERTIES: Expected[] = [
  { code: 'boolean-value', severity: W, line: 'server.secure=yes', word: 'yes', message: "'true'" },
  { code: 'unknown-property', severity: W, line: 'server.proxy-nmae=', word: 'server.proxy-nmae', message: "'server.proxy-name'" },
];

// Tomcat's file stays in the XML language; the server still reads it alongside
// bitbucket.properties.
const SERVER_XML: Expected[] = [
  { code: 'legacy-server-xml', severity: W, line: '<Connector port="7990"', word: 'Connector', message: 'server.port' },
];

async function check(file: string, expected: Expected[]): Promise<void> {
  const doc = await openDocument(...file.split('/'));
  const want = expected.map((e) => ({ ...e, range: rangeIn(doc, e.line, e.word) }));
  const wanted = want.map((e) => describeDiagnostic(e.code, e.severity, e.range));
  const got = await waitForDiagnostics(doc.uri, `the diagnostics of ${file}`, (ds) => ds.length >= expected.length);
  assert.deepEqual(
    [...got].sort((a, b) => a.range.start.compareTo(b.range.start)).map(summarise),
    wanted,
  );
  for (const e of want) {
    const d = got.find((g) => codeOf(g) === e.code)!;
    assert.ok(d.message.includes(e.message), `${e.code} message ${JSON.stringify(d.message)} should mention ${e.message}`);
    assert.equal(d.source, 'haproxy-bitbucket');
    const target = typeof d.code === 'object' ? d.code.target : undefined;
    assert.ok(target && target.toString().endsWith(`/docs/rules/${e.code}.md`), `${e.code} should link its docs page, got ${target}`);
  }
}

describe('diagnostics', () => {
  it('reports the known mistakes in haproxy.cfg with codes, ranges and severities', async () => {
    await check('haproxy.cfg', HAPROXY);
  });

  it('reports the known mistakes in bitbucket.properties with codes, ranges and severities', async () => {
    await check('bitbucket.properties', PROPERTIES);
  });

  it('warns that Bitbucket 5 and later ignore the Connector in conf/server.xml', async () => {
    await check('conf/server.xml', SERVER_XML);
  });
});
