/**
 * The committed data files must match what scripts/update-data.mjs makes from the shared
 * fact files today. Skipped when the fact files are not beside the repository.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const repoRoot = resolve(__dirname, '..', '..', '..');
const factsDir = resolve(process.env.HB_FACTS_DIR || join(repoRoot, '..', 'shared', 'facts'));
const dataDir = join(repoRoot, 'server', 'src', 'facts', 'data');

test('generated data is up to date', { skip: !existsSync(factsDir) && `no fact files at ${factsDir}` }, () => {
  const out = mkdtempSync(join(tmpdir(), 'hb-data-'));
  try {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'update-data.mjs')], {
      env: { ...process.env, HB_FACTS_DIR: factsDir, HB_DATA_OUT: out },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const files = readdirSync(out).sort();
    assert.deepEqual(files, readdirSync(dataDir).sort());
    for (const name of files) {
      assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(dataDir, name), 'utf8'), `${name} is stale: run npm run update-data`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the data has no source column and keeps sorted, stable order', () => {
  const props = JSON.parse(readFileSync(join(dataDir, 'bitbucket-properties.json'), 'utf8')).properties as { key: string }[];
  assert.ok(props.every((p) => !('source' in p)));
  const keys = props.map((p) => p.key);
  assert.deepEqual(keys, [...keys].sort());
  const keywords = JSON.parse(readFileSync(join(dataDir, 'haproxy-keywords.json'), 'utf8')).keywords as { name: string }[];
  const names = keywords.map((k) => k.name);
  assert.deepEqual(names, [...names].sort());
});

test('the 2.6 dump tables are present', () => {
  const dump = JSON.parse(readFileSync(join(dataDir, 'haproxy-dump-2.6.json'), 'utf8'));
  const fetch = (dump.fetches as { name: string; contexts: string }[]).find((f) => f.name === 'src');
  assert.ok(fetch);
  assert.match(fetch.contexts, /^[01]{22}$/);
  assert.ok((dump.converters as { name: string }[]).some((c) => c.name === 'lower'));
  assert.ok((dump.aclKeywords as { name: string }[]).some((a) => a.name === 'path_beg'));
  assert.ok((dump.actions['http-request'] as { name: string }[]).some((a) => a.name === 'set-header'));
  assert.ok((dump.actions['http-request'] as { name: string; parametrised?: boolean }[]).some((a) => a.name === 'set-var' && a.parametrised));
  assert.ok((dump.filters as string[]).includes('compression'));
  assert.deepEqual(dump.services, ['prometheus-exporter']);
});
