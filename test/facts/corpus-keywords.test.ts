/**
 * Every configuration in the shared corpus that HAProxy 2.6.12 accepts (exit code 0, or 2
 * for "valid but no listener") must get no error from the keyword rules when the target
 * version is 2.6. The corpus lives beside the repository (../shared/corpus); without it
 * the test is skipped.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument, validate } from '../../server/src/service';

const repoRoot = resolve(__dirname, '..', '..', '..');
const corpus = resolve(process.env.HB_CORPUS_DIR || join(repoRoot, '..', 'shared', 'corpus', 'haproxy'));
const labels = join(corpus, 'labels-haproxy-2.6.12.tsv');
const RULES = new Set(['unknown-keyword', 'keyword-section', 'invalid-argument', 'deprecated-keyword']);

test('no keyword errors on configurations HAProxy 2.6 accepts', { skip: !existsSync(labels) && `no corpus at ${corpus}` }, () => {
  const rows = readFileSync(labels, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const accepted = rows.filter(([, code]) => code === '0' || code === '2').map(([file]) => join(corpus, file)).filter((p) => existsSync(p));
  assert.ok(accepted.length > 100, `expected the corpus to hold many accepted files, found ${accepted.length}`);
  const problems: string[] = [];
  for (const path of accepted) {
    const text = readFileSync(path, 'utf8');
    const findings = validate(parseDocument(text, 'haproxy'), { rules: {}, haproxyVersion: '2.6' });
    for (const f of findings) {
      if (RULES.has(f.rule) && f.severity === 'error') problems.push(`${path}:${f.range.start.line + 1} [${f.rule}] ${f.message}`);
    }
  }
  assert.deepEqual(problems, []);
});

/** The property rules backed by the catalogue must not call real-world files broken. */
const PROPERTY_RULES = new Set(['invalid-value', 'unknown-property', 'deprecated-keyword', 'websudo-disabled', 'allowlist-allows-all', 'keystore-default-password', 'plaintext-password']);
const propertiesCorpus = resolve(process.env.HB_CORPUS_DIR ? join(process.env.HB_CORPUS_DIR, '..', 'bitbucket') : join(repoRoot, '..', 'shared', 'corpus', 'bitbucket'));

test('no catalogue errors on real bitbucket.properties files', { skip: !existsSync(propertiesCorpus) && `no corpus at ${propertiesCorpus}` }, () => {
  const files = readdirSync(propertiesCorpus).filter((f) => f.endsWith('.properties'));
  assert.ok(files.length >= 10, `expected the corpus to hold bitbucket.properties files, found ${files.length}`);
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(propertiesCorpus, file), 'utf8');
    for (const f of validate(parseDocument(text, 'bitbucket-properties'), { rules: {} })) {
      if (PROPERTY_RULES.has(f.rule) && f.severity === 'error') problems.push(`${file}:${f.range.start.line + 1} [${f.rule}] ${f.message}`);
    }
  }
  assert.deepEqual(problems, []);
});
