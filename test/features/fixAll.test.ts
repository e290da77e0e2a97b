/**
 * `source.fixAll`: every safe fix of the document in one edit, with the same notion of
 * safe as the CLI's `--fix`, and never two edits that touch the same text.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/common/types';
import { parseDocument, validate } from '../../server/src/service';
import { fixAll } from '../../server/src/features/codeActions';
import { applyEdits } from '../helpers/rule-tester';

const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

function finding(rule: string, fixes: Finding['fixes']): Finding {
  return { rule, severity: 'error', message: rule, range: at(0, 0, 1), fixes };
}

test('applies every preferred or only fix, leaves removals and ignore comments alone', () => {
  const code = [
    'frontend fe',
    '    bind 127.0.0.1:80',
    '    acl api path_beg /api',
    '    acl old src 10.0.0.1',
    '    use_backend be_ap if apo',
    '    default_backend Be_App',
    'backend be_app',
    '',
  ].join('\n');
  const doc = parseDocument(code, 'haproxy');
  const findings = validate(doc, { rules: {} }).filter((f) => ['undefined-backend', 'undefined-acl', 'unused-acl'].includes(f.rule));
  assert.ok(findings.some((f) => f.rule === 'unused-acl'), 'the removal fixes are offered');
  const result = fixAll(doc, findings);
  assert.equal(result.fixed, 3);
  assert.equal(
    applyEdits(code, result.edits),
    [
      'frontend fe',
      '    bind 127.0.0.1:80',
      '    acl api path_beg /api',
      '    acl old src 10.0.0.1',
      '    use_backend be_app if api',
      '    default_backend be_app',
      'backend be_app',
      '',
    ].join('\n'),
  );
});

test('edits that overlap or start at the same place as an earlier pick wait for the next run', () => {
  const doc = parseDocument('abcdef\n', 'haproxy');
  const findings = [
    finding('a', [{ title: 'first', edits: [{ range: at(0, 0, 3), newText: 'X' }] }]),
    finding('b', [{ title: 'overlaps', edits: [{ range: at(0, 2, 4), newText: 'Y' }] }]),
    finding('c', [{ title: 'same start', edits: [{ range: at(0, 0, 0), newText: 'Z' }] }]),
    finding('d', [{ title: 'touches', edits: [{ range: at(0, 3, 4), newText: 'W' }] }]),
    finding('e', [{ title: 'twice the same fix', edits: [{ range: at(0, 0, 3), newText: 'X' }] }]),
  ];
  const result = fixAll(doc, findings);
  assert.equal(result.fixed, 2);
  assert.equal(applyEdits('abcdef\n', result.edits), 'XWef\n');
});

test('which fix of a finding is safe', () => {
  const doc = parseDocument('abcdef\n', 'haproxy');
  const edit = (from: number, text: string) => [{ range: at(0, from, from + 1), newText: text }];
  const findings = [
    // Two fixes, none preferred: a choice for a person.
    finding('a', [{ title: 'one', edits: edit(0, '1') }, { title: 'two', edits: edit(0, '2') }]),
    // A preferred fix that is not the first one.
    finding('b', [{ title: 'other', edits: edit(1, 'x') }, { title: 'preferred', edits: edit(1, 'B'), preferred: true }]),
    // The only fix, marked as not preferred.
    finding('c', [{ title: 'remove', edits: edit(2, ''), preferred: false }]),
    // An ignore comment is never a fix.
    finding('d', [{ title: 'ignore', edits: [{ range: at(0, 0, 0), newText: '# haproxy-bitbucket-lint ignore=d\n' }] }]),
    // An edit in another document.
    finding('e', [{ title: 'elsewhere', edits: [{ range: at(0, 4, 5), newText: 'E', uri: 'file:///other.properties' }] }]),
    // The only fix.
    finding('f', [{ title: 'only', edits: edit(5, 'F') }]),
  ];
  const result = fixAll(doc, findings);
  assert.equal(applyEdits('abcdef\n', result.edits), 'aBcdeF\n');
});

test('nothing to fix in a clean document', () => {
  const doc = parseDocument('global\n    maxconn 100\n', 'haproxy');
  assert.deepEqual(fixAll(doc, validate(doc, { rules: {} })), { edits: [], fixed: 0 });
});
