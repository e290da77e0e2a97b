/** Which files form a deployment: folders, ambiguity, explicit deployments, file names. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { groupByFolder, groupBySpecs, roleForPath, type Candidate } from '../../server/src/deployment/discovery';
import { scanFolder } from '../../server/src/deployment/files';
import { shortLabels } from '../../server/src/deployment/model';

const R = path.resolve('/ws');
const c = (rel: string): Candidate => ({ path: path.join(R, rel), role: roleForPath(rel)! });
const rel = (p: string | undefined) => (p ? path.relative(R, p).split(path.sep).join('/') : undefined);
const plans = (files: string[]) => {
  const g = groupByFolder(R, files.map(c));
  return { plans: g.deployments.map((d) => [d.haproxy.map(rel).join('+'), rel(d.bitbucket) ?? '', rel(d.serverXml) ?? ''].join(' | ')), notes: g.notes };
};

test('roles by file name', () => {
  assert.equal(roleForPath('/etc/haproxy/haproxy.cfg'), 'haproxy');
  assert.equal(roleForPath('/etc/haproxy/conf.d/10-bitbucket.cfg'), 'haproxy');
  assert.equal(roleForPath('/srv/haproxy-prod.cfg'), 'haproxy');
  assert.equal(roleForPath('/srv/setup.cfg'), undefined);
  assert.equal(roleForPath('/home/bb/shared/bitbucket.properties'), 'bitbucket');
  assert.equal(roleForPath('/home/bb/stash-config.properties'), 'bitbucket');
  assert.equal(roleForPath('/home/bb/log4j.properties'), undefined);
  assert.equal(roleForPath('/opt/atlassian/bitbucket/conf/server.xml'), 'server-xml');
  assert.equal(roleForPath('/opt/tomcat/conf/context.xml'), undefined);
});

test('one folder: one deployment, haproxy.d files together', () => {
  assert.deepEqual(plans(['haproxy/haproxy.cfg', 'haproxy/conf.d/bb.cfg', 'shared/bitbucket.properties', 'conf/server.xml']), {
    plans: ['haproxy/conf.d/bb.cfg+haproxy/haproxy.cfg | shared/bitbucket.properties | conf/server.xml'],
    notes: [],
  });
});

test('environments side by side are split by folder without a note', () => {
  assert.deepEqual(plans(['prod/haproxy.cfg', 'prod/bitbucket.properties', 'staging/haproxy.cfg', 'staging/bitbucket.properties']), {
    plans: ['prod/haproxy.cfg | prod/bitbucket.properties | ', 'staging/haproxy.cfg | staging/bitbucket.properties | '],
    notes: [],
  });
});

test('ambiguous files are checked alone, and a note says so once', () => {
  const r = plans(['haproxy.cfg', 'a/bitbucket.properties', 'b/bitbucket.properties']);
  assert.deepEqual(r.plans, ['haproxy.cfg |  | ', ' | a/bitbucket.properties | ', ' | b/bitbucket.properties | ']);
  assert.equal(r.notes.length, 1);
  assert.match(r.notes[0], /This folder holds several bitbucket\.properties files \(a\/bitbucket\.properties, b\/bitbucket\.properties\)/);
  const two = plans(['x/haproxy.cfg', 'y/haproxy.cfg', 'bitbucket.properties']);
  assert.match(two.notes[0], /HAProxy configurations in folders side by side/);
  assert.deepEqual(plans(['bitbucket.properties', 'bitbucket-old.properties']).plans, [' | bitbucket-old.properties | ', ' | bitbucket.properties | ']);
});

test('explicit deployments in the config file; unnamed files stand alone', () => {
  const g = groupBySpecs(R, [{ haproxy: ['lb/haproxy.cfg'], bitbucket: 'home/shared/bitbucket.properties' }], [c('lb/haproxy.cfg'), c('home/shared/bitbucket.properties'), c('old/conf/server.xml')]);
  assert.deepEqual(
    g.deployments.map((d) => [d.haproxy.map(rel), rel(d.bitbucket), rel(d.serverXml)]),
    [
      [['lb/haproxy.cfg'], 'home/shared/bitbucket.properties', undefined],
      [[], undefined, 'old/conf/server.xml'],
    ],
  );
});

test('labels are short and tell files apart', () => {
  assert.deepEqual(shortLabels(['file:///d/haproxy.cfg', 'file:///d/bitbucket.properties']), ['haproxy.cfg', 'bitbucket.properties']);
  assert.deepEqual(shortLabels(['file:///d/lb/haproxy.cfg', 'file:///d/home/shared/bitbucket.properties']), ['lb/haproxy.cfg', 'home/shared/bitbucket.properties']);
  assert.deepEqual(shortLabels(['/x/y/haproxy.cfg']), ['haproxy.cfg']);
  assert.deepEqual(shortLabels(['file:///d/my%20dir/haproxy.cfg', 'file:///d/other/bitbucket.properties']), ['my dir/haproxy.cfg', 'other/bitbucket.properties']);
});

test('the folder walk skips node_modules and .git, large files, links out of the folder and files seen twice', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hb-scan-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'hb-scan-out-'));
  writeFileSync(path.join(root, 'haproxy.cfg'), 'defaults\n');
  for (const skip of ['node_modules/x', '.git/y']) {
    mkdirSync(path.join(root, skip), { recursive: true });
    writeFileSync(path.join(root, skip, 'bitbucket.properties'), 'a=b\n');
  }
  writeFileSync(path.join(root, 'bitbucket-huge.properties'), 'x'.repeat(2048));
  writeFileSync(path.join(outside, 'bitbucket.properties'), 'a=b\n');
  symlinkSync(outside, path.join(root, 'out-link'));
  symlinkSync(path.join(outside, 'bitbucket.properties'), path.join(root, 'bitbucket.properties'));
  mkdirSync(path.join(root, 'conf'));
  writeFileSync(path.join(root, 'conf', 'server.xml'), '<Server/>');
  symlinkSync(path.join(root, 'conf'), path.join(root, 'conf-link'));
  const found = await scanFolder(root, { maxFileBytes: 1024, maxEntries: 1000, maxDepth: 5 });
  assert.deepEqual(found.map((f) => path.relative(root, f.path)).sort(), ['conf/server.xml', 'haproxy.cfg']);
});
