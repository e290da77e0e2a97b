/**
 * scripts/coverage.mjs: every keyword of the fact files and of `haproxy -dKall` is known,
 * and every known keyword, option, action, fetch, converter, filter and service has a
 * written description. Skipped when the fact files are not beside the repository.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const repoRoot = resolve(__dirname, '..', '..', '..');
const factsDir = resolve(process.env.HB_FACTS_DIR || join(repoRoot, '..', 'shared', 'facts'));

interface Group {
  group: string;
  total: number;
  missing: string[];
}

test('coverage report: 100% known and 100% described', { skip: !existsSync(factsDir) && `no fact files at ${factsDir}` }, () => {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'coverage.mjs'), '--json', '--strict'], {
    env: { ...process.env, HB_FACTS_DIR: factsDir },
    encoding: 'utf8',
  });
  const report = JSON.parse(run.stdout) as { facts: (Group & { version: string })[]; dump: { groups: Group[] }; descriptions: Group[] };
  assert.deepEqual(report.facts.map((f) => f.version), ['2.4', '2.6', '2.8', '3.0', '3.2', '3.5-dev']);
  const gaps = [
    ...report.facts.filter((f) => f.missing.length).map((f) => `${f.version}: ${f.missing.join(', ')}`),
    ...report.dump.groups.filter((g) => g.missing.length).map((g) => `dump ${g.group}: ${g.missing.join(', ')}`),
    ...report.descriptions.filter((g) => g.missing.length).map((g) => `descriptions ${g.group}: ${g.missing.join(', ')}`),
  ];
  assert.deepEqual(gaps, []);
  assert.ok(report.dump.groups.find((g) => g.group === 'sample fetches')!.total > 400);
  assert.ok(report.descriptions.find((g) => g.group === 'configuration keywords')!.total > 500);
  assert.equal(run.status, 0, run.stderr);
});

test('coverage report: a keyword we do not know is listed, and --strict fails', { skip: !existsSync(factsDir) && `no fact files at ${factsDir}` }, () => {
  const copy = mkdtempSync(join(tmpdir(), 'hb-facts-'));
  try {
    cpSync(factsDir, copy, { recursive: true });
    appendFileSync(join(copy, 'haproxy-2.6', 'global-keywords.txt'), 'tune.made-up-for-the-test\n');
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'coverage.mjs'), '--strict'], {
      env: { ...process.env, HB_FACTS_DIR: copy },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /2\.6 .*missing: tune\.made-up-for-the-test/);
    assert.match(run.stdout, /Written descriptions/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
