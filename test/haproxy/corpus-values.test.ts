/**
 * The value rules (time-unit, ip-pattern, port-range) against the shared corpus of real
 * configurations:
 * - on every file HAProxy 2.6.12 accepts, none of them reports an error;
 * - the quick fixes they offer there keep the file valid for HAProxy, and the durations
 *   they rewrite mean the same to HAProxy afterwards (no new warning, same exit code).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding, TextEdit } from '../../server/src/common/types';
import { parseDocument, validate } from '../../server/src/service';
import { applyEdits } from '../helpers/rule-tester';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'haproxy');
const LABELS = path.join(CORPUS, 'labels-haproxy-2.6.12.tsv');
const RULES = new Set(['time-unit', 'ip-pattern', 'port-range']);

function accepted(): string[] {
  return readFileSync(LABELS, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim().length > 0)
    .map((l) => l.split('\t'))
    .filter(([, code]) => code === '0' || code === '2')
    .map(([file]) => file);
}

function findingsOf(text: string): Finding[] {
  return validate(parseDocument(text, 'haproxy'), { rules: {} }).filter((f) => RULES.has(f.rule) || f.rule === 'internal-error');
}

const corpusMissing = existsSync(LABELS) ? false : `corpus not found at ${CORPUS}`;

test('no error from the value rules on files HAProxy 2.6 accepts', { skip: corpusMissing }, () => {
  const files = accepted();
  assert.ok(files.length > 100, `expected the corpus to hold many accepted files, found ${files.length}`);
  const errors: string[] = [];
  let findings = 0;
  for (const file of files) {
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    for (const f of findingsOf(text)) {
      findings++;
      if (f.severity === 'error') errors.push(`${file}:${f.range.start.line + 1} [${f.rule}] ${f.message}`);
    }
  }
  assert.deepEqual(errors, []);
  // The corpus is full of bare millisecond timeouts: the rules do look at these files.
  assert.ok(findings > 20, `expected information findings on accepted files, found ${findings}`);
});

test('quick fixes on accepted files keep them valid and mean the same to HAProxy', { skip: corpusMissing || skipWithoutHaproxy() }, () => {
  let fixed = 0;
  for (const file of accepted()) {
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    const edits: TextEdit[] = [];
    for (const f of findingsOf(text)) {
      const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
      if (fix) edits.push(...fix.edits);
    }
    if (edits.length === 0) continue;
    fixed++;
    const before = haproxyCheck({ file: path.join(CORPUS, file) });
    const after = haproxyCheck({ text: applyEdits(text, edits) });
    assert.equal(after.exitCode, before.exitCode, `${file}: exit code changed after the fixes`);
    const timerWarnings = after.messages.filter((m) => /timer value/.test(m.text));
    assert.deepEqual(timerWarnings, [], `${file}: HAProxy warns about a rewritten duration`);
    // Nothing else may change: HAProxy reports the same alerts and warnings, line for line.
    const strip = (r: typeof before) => r.messages.filter((m) => m.level !== 'NOTICE').map((m) => m.text.replace(/\[[^\]]*:(\d+)\]/, '[:$1]'));
    assert.deepEqual(strip(after), strip(before), `${file}: HAProxy messages changed after the fixes`);
    // And the fixed file has nothing left for these rules to say about durations.
    assert.deepEqual(
      findingsOf(applyEdits(text, edits)).filter((f) => f.rule === 'time-unit').map((f) => f.message),
      [],
      `${file}: findings left after the fixes`,
    );
  }
  assert.ok(fixed > 5, `expected several accepted files with fixable findings, found ${fixed}`);
});
