/**
 * Differential tests against Debian's `haproxy -c` (2.6):
 * 1. every corpus config that haproxy accepts gets no error from us (target version 2.6);
 * 2. seeded mistakes that haproxy rejects (or warns about) are reported by us on the same line.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';
import { lint } from '../helpers/rule-tester';
import { skipWithoutCorpus } from '../helpers/shared';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'haproxy');

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['examples', 'wild', 'regtests']) {
    const full = path.join(CORPUS, dir);
    let names: string[] = [];
    try {
      names = readdirSync(full);
    } catch {
      continue;
    }
    for (const n of names.sort()) out.push(path.join(full, n));
  }
  return out;
}

test('corpus: no error on any file that haproxy -c accepts (target 2.6)', { skip: skipWithoutCorpus() || skipWithoutHaproxy() }, () => {
  const files = corpusFiles();
  assert.ok(files.length > 100, `corpus not found at ${CORPUS}`);
  let accepted = 0;
  const falseErrors: string[] = [];
  for (const file of files) {
    const check = haproxyCheck({ file });
    if (check.exitCode !== 0 && check.exitCode !== 2) continue;
    accepted++;
    const text = readFileSync(file, 'utf8');
    const errors = lint(text, 'haproxy', { haproxyVersion: '2.6' }).filter((f) => f.severity === 'error');
    for (const e of errors) falseErrors.push(`${path.relative(CORPUS, file)}:${e.range.start.line + 1}: ${e.message} [${e.rule}]`);
  }
  assert.ok(accepted > 100, `only ${accepted} accepted files`);
  assert.deepEqual(falseErrors, []);
});

const BASE = (crt: string) =>
  [
    'global',
    '    log stdout local0',
    '    ssl-default-bind-options ssl-min-ver TLSv1.2',
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    'frontend fe',
    `    bind 127.0.0.1:8443 ssl crt ${crt}`,
    '    acl internal src 10.0.0.0/8',
    '    default_backend be',
    '    #FRONTEND',
    'backend be',
    '    server s1 127.0.0.1:7990',
    '    #BACKEND',
  ].join('\n') + '\n';

interface Seed {
  name: string;
  rule: string;
  /** Where the line goes: the marker comment it replaces. */
  at: '#FRONTEND' | '#BACKEND' | '#DEFAULTS';
  line: string;
  /** What haproxy says about it. */
  haproxy: 'ALERT' | 'WARNING';
  severity: 'error' | 'warning';
  /** haproxy's message carries no line number (checked by our line instead). */
  lineless?: boolean;
}

const SEEDS: Seed[] = [
  { name: 'unknown time unit', rule: 'time-unit', at: '#FRONTEND', line: 'timeout client 50x', haproxy: 'ALERT', severity: 'error' },
  { name: 'space inside a time', rule: 'time-unit', at: '#FRONTEND', line: 'timeout client 5 0s', haproxy: 'ALERT', severity: 'error' },
  // haproxy 2.6 names no line in this warning.
  { name: 'trailing junk after a unit', rule: 'time-unit', at: '#BACKEND', line: 'timeout connect 10mins', haproxy: 'WARNING', severity: 'warning', lineless: true },
  { name: 'mask over 32', rule: 'ip-pattern', at: '#FRONTEND', line: 'acl bad src 10.0.0.0/33', haproxy: 'ALERT', severity: 'error' },
  { name: 'octet over 255', rule: 'ip-pattern', at: '#FRONTEND', line: 'acl bad src 300.1.1.1', haproxy: 'ALERT', severity: 'error' },
  { name: 'ssl without crt', rule: 'bind-ssl-without-crt', at: '#FRONTEND', line: 'bind 127.0.0.1:9443 ssl', haproxy: 'ALERT', severity: 'error' },
  { name: 'unknown keyword', rule: 'unknown-keyword', at: '#BACKEND', line: 'maxconnn 10', haproxy: 'ALERT', severity: 'error' },
  { name: 'server in a frontend', rule: 'keyword-section', at: '#FRONTEND', line: 'server s9 127.0.0.1:80', haproxy: 'ALERT', severity: 'error' },
  { name: 'global keyword in a proxy', rule: 'keyword-section', at: '#BACKEND', line: 'daemon', haproxy: 'ALERT', severity: 'error' },
  // haproxy ignores these with a warning: an error from us would reject a config it accepts.
  { name: 'bind in a backend', rule: 'keyword-section', at: '#BACKEND', line: 'bind 127.0.0.1:81', haproxy: 'WARNING', severity: 'warning' },
  { name: 'balance in a frontend', rule: 'keyword-section', at: '#FRONTEND', line: 'balance roundrobin', haproxy: 'WARNING', severity: 'warning' },
  { name: 'undefined backend', rule: 'undefined-backend', at: '#FRONTEND', line: 'use_backend nope if internal', haproxy: 'ALERT', severity: 'error', lineless: true },
  { name: 'port over 65535', rule: 'port-range', at: '#BACKEND', line: 'server s2 127.0.0.1:70000', haproxy: 'ALERT', severity: 'error' },
  { name: 'duplicate server name', rule: 'duplicate-name', at: '#BACKEND', line: 'server s1 127.0.0.2:7990', haproxy: 'ALERT', severity: 'error' },
  { name: 'unmatched quote', rule: 'syntax-error', at: '#BACKEND', line: 'http-response set-header X-A "b', haproxy: 'ALERT', severity: 'error' },
];

function certificate(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-crt-'));
  const key = path.join(dir, 'key.pem');
  const crt = path.join(dir, 'crt.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '2', '-keyout', key, '-out', crt], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  const pem = path.join(dir, 'site.pem');
  writeFileSync(pem, readFileSync(crt, 'utf8') + readFileSync(key, 'utf8'));
  return pem;
}

test('seeded mistakes: haproxy -c complains and we report the same line', { skip: skipWithoutHaproxy() }, async (t) => {
  const crt = certificate();
  const base = BASE(crt);
  assert.equal(haproxyCheck({ text: base }).exitCode, 0, 'the base config must be valid');
  assert.deepEqual(lint(base, 'haproxy', { haproxyVersion: '2.6' }).filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  for (const seed of SEEDS) {
    await t.test(seed.name, () => {
      const lines = base.split('\n');
      const index = lines.findIndex((l) => l.trim() === seed.at);
      lines[index] = `    ${seed.line}`;
      const text = lines.join('\n');
      const check = haproxyCheck({ text });
      const theirs = check.messages.filter((m) => m.level === seed.haproxy && (seed.lineless || m.line === index + 1));
      assert.ok(theirs.length > 0, `haproxy did not ${seed.haproxy} on line ${index + 1}: ${JSON.stringify(check.messages)}`);
      const ours = lint(text, 'haproxy', { haproxyVersion: '2.6' }).filter((f) => f.rule === seed.rule && f.range.start.line === index);
      assert.ok(ours.some((f) => f.severity === seed.severity), `we did not report ${seed.rule} (${seed.severity}) on line ${index + 1}: ${JSON.stringify(ours)}`);
    });
  }
});
