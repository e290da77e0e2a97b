/** Workspace symbols: open documents plus HAProxy files found on disk, within limits. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from '../../server/src/service';
import { DiskSymbols, isHaproxyFileName, matchesQuery, workspaceSymbols } from '../../server/src/features/workspaceSymbols';

const CFG = [
  'global',
  '    maxconn 100',
  'frontend fe_https',
  '    acl is_git path_beg /scm',
  '    acl is_git path_beg /git',
  '    default_backend bitbucket',
  'backend bitbucket',
  '    server node1 10.0.0.21:7990 check',
  '',
].join('\n');

test('symbols of open documents: sections, servers and ACLs with their container', () => {
  const doc = parseDocument(CFG, 'haproxy');
  const all = workspaceSymbols([{ uri: 'file:///a/haproxy.cfg', doc }], '');
  assert.deepEqual(
    all.map((s) => [s.name, s.kind, s.containerName, s.range.start.line]),
    [
      ['global', 'section', 'global', 0],
      ['fe_https', 'section', 'frontend', 2],
      ['is_git', 'acl', 'frontend fe_https', 3],
      ['bitbucket', 'section', 'backend', 6],
      ['node1', 'server', 'backend bitbucket', 7],
    ],
  );
  assert.deepEqual(
    workspaceSymbols([{ uri: 'file:///a/haproxy.cfg', doc }], 'bbkt').map((s) => s.name),
    ['bitbucket'],
  );
  assert.deepEqual(workspaceSymbols([{ uri: 'file:///a/haproxy.cfg', doc }], '', 2).length, 2);
  assert.deepEqual(workspaceSymbols([{ uri: 'file:///a/bitbucket.properties', doc: parseDocument('a.b=1\n', 'bitbucket-properties') }], ''), []);
});

test('query matching is a case-insensitive subsequence', () => {
  assert.ok(matchesQuery('be_bitbucket', 'BEbit'));
  assert.ok(matchesQuery('be_bitbucket', ''));
  assert.ok(matchesQuery('be_bitbucket', 'be bit'));
  assert.ok(!matchesQuery('be_bitbucket', 'tib'));
});

test('HAProxy file names follow the manifest patterns', () => {
  for (const yes of ['haproxy.cfg', '/etc/haproxy/haproxy.cfg', '/x/haproxy-prod.cfg', '/etc/haproxy/conf/site.cfg', '/etc/haproxy.d/10-fe.cfg']) {
    assert.ok(isHaproxyFileName(yes), yes);
  }
  for (const no of ['/x/app.cfg', '/x/haproxy.cfg.bak', '/x/haproxy.d/sub/a.cfg', '/x/bitbucket.properties']) {
    assert.ok(!isHaproxyFileName(no), no);
  }
});

test('files on disk: found within limits, skipped when open, cached until they change', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hb-ws-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('haproxy.cfg', 'backend main\n');
  write('haproxy.d/20-backends.cfg', 'backend extra\n');
  write('deploy/haproxy/site.cfg', 'frontend site\n');
  write('deploy/app.cfg', 'backend not_haproxy\n');
  write('node_modules/pkg/haproxy.cfg', 'backend in_node_modules\n');
  write('.git/haproxy.cfg', 'backend in_git\n');
  write('a/b/c/d/haproxy.cfg', 'backend too_deep\n');
  write('haproxy-big.cfg', `backend big\n${'#'.repeat(2000)}\n`);

  const disk = new DiskSymbols({ maxFiles: 10, maxDepth: 3, maxEntries: 1000, maxBytes: 1000 });
  const names = async (skip: Set<string> = new Set()) =>
    workspaceSymbols(await disk.sources([root], skip), '').map((s) => s.name).sort();
  assert.deepEqual(await names(), ['extra', 'main', 'site']);
  assert.deepEqual(await names(new Set([path.join(root, 'haproxy.cfg')])), ['extra', 'site']);

  const first = (await disk.sources([root], new Set())).find((s) => s.uri.endsWith('/haproxy.cfg'))!;
  const again = (await disk.sources([root], new Set())).find((s) => s.uri.endsWith('/haproxy.cfg'))!;
  assert.equal(again.doc, first.doc, 'an unchanged file is not parsed again');
  write('haproxy.cfg', 'backend renamed\n');
  utimesSync(path.join(root, 'haproxy.cfg'), new Date(), new Date(Date.now() + 5000));
  assert.deepEqual(await names(), ['extra', 'renamed', 'site']);

  const few = new DiskSymbols({ maxFiles: 1, maxDepth: 8, maxEntries: 1000, maxBytes: 1000 });
  assert.equal((await few.findFiles([root])).length, 1);
  assert.deepEqual(await new DiskSymbols().findFiles([path.join(root, 'missing')]), []);
  rmSync(root, { recursive: true, force: true });
});
