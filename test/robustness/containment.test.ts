/**
 * A rule that throws is contained: the document still gets every other rule's findings
 * plus one internal-error finding, the error is logged once, and the server lives on.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseDocument, validate } from '../../server/src/service';
import { INTERNAL_ERROR_RULE, rulesById } from '../../server/src/rules';
import { COMPILED_SERVER, ServerProcess } from './lsp-process';

const TEXT = [
  'global',
  '    maxconn 100',
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  'frontend fe',
  '    bind 127.0.0.1:80',
  '    timeout client 50x',
  '    default_backend missing',
  '',
].join('\n');

test('in process: a throwing rule gives one internal-error finding and the other rules still run', () => {
  const rule = rulesById.get('time-unit')!;
  const original = rule.check;
  const failures: string[] = [];
  rule.check = () => {
    throw new Error('deliberate failure');
  };
  try {
    const findings = validate(parseDocument(TEXT, 'haproxy'), { rules: {} }, { onRuleError: (id) => failures.push(id) });
    const internal = findings.filter((f) => f.rule === INTERNAL_ERROR_RULE);
    assert.equal(internal.length, 1);
    assert.match(internal[0].message, /time-unit.*deliberate failure/);
    assert.ok(findings.some((f) => f.rule === 'undefined-backend'), 'the other rules still report');
    assert.ok(!findings.some((f) => f.rule === 'time-unit'));
    assert.deepEqual(failures, ['time-unit']);
  } finally {
    rule.check = original;
  }
  // Restored: the rule works again.
  assert.ok(validate(parseDocument(TEXT, 'haproxy'), { rules: {} }).some((f) => f.rule === 'time-unit'));
});

test('over LSP: one internal-error diagnostic per publication, logged once, the server keeps working', async () => {
  const server = new ServerProcess({ server: COMPILED_SERVER, preload: path.join(__dirname, 'throwing-rule.js') });
  try {
    await server.initialize();
    const uri = 'file:///tmp/hb-containment/haproxy.cfg';
    await server.open(uri, 'haproxy', TEXT, 1);
    for (let version = 1; version <= 3; version++) {
      if (version > 1) {
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ text: `${TEXT}# edit ${version}\n` }],
        });
      }
      const published = await server.diagnostics(uri, version);
      const internal = published.diagnostics.filter((d) => d.code === INTERNAL_ERROR_RULE);
      assert.equal(internal.length, 1, JSON.stringify(published.diagnostics));
      assert.match(internal[0].message, /time-unit/);
      assert.ok(published.diagnostics.some((d) => d.code === 'undefined-backend'), 'the other rules still report');
    }
    const other = 'file:///tmp/hb-containment/other.cfg';
    await server.open(other, 'haproxy', 'global\n    maxconn 10\n');
    await server.diagnostics(other, 1);
    const logged = server.logs.filter((l) => l.includes('rule time-unit failed'));
    assert.equal(logged.length, 1, `expected the failure logged once, got:\n${server.logs.join('\n')}`);
    assert.ok(server.alive);
  } finally {
    await server.stop();
  }
});
