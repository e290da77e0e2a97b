/**
 * Fixture deployments under test/deployment/fixtures: each directory is one consistent
 * Bitbucket-behind-HAProxy installation (TLS with a context path, root context on 8443
 * with Host routing, plain HTTP, several frontends, a listen section, Bitbucket 4.x with
 * server.xml, a haproxy.d directory). They must produce no cross-file finding, HAProxy
 * must accept them, and each single mistake put into one of them must give exactly its
 * own rule, whose fix (across files where needed) restores the consistent files.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyFix, lintDeployment, type Files } from '../helpers/deployment-tester';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'deployment', 'fixtures');

function readFixture(name: string): Files {
  const files: Files = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${entry}/`);
      else files[`${prefix}${entry}`] = readFileSync(full, 'utf8');
    }
  };
  walk(path.join(FIXTURES, name), '');
  return files;
}

const fixtures = readdirSync(FIXTURES).filter((n) => statSync(path.join(FIXTURES, n)).isDirectory()).sort();

function crossFindings(files: Files): string[] {
  const out: string[] = [];
  for (const [name, findings] of lintDeployment(files)) {
    for (const f of findings) out.push(`${name}:${f.range.start.line + 1}: ${f.rule}: ${f.message}`);
  }
  return out;
}

test('there are consistent fixture deployments', () => {
  assert.ok(fixtures.length >= 7, fixtures.join(', '));
});

for (const name of fixtures) {
  test(`consistent deployment '${name}': no cross-file finding`, () => {
    assert.deepEqual(crossFindings(readFixture(name)), []);
  });
}

let pem: string | undefined;
function certificate(): string {
  if (pem) return pem;
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-deploy-crt-'));
  const key = path.join(dir, 'key.pem');
  const crt = path.join(dir, 'crt.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '2', '-keyout', key, '-out', crt], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  pem = path.join(dir, 'site.pem');
  writeFileSync(pem, readFileSync(crt, 'utf8') + readFileSync(key, 'utf8'));
  return pem;
}

test('HAProxy accepts the HAProxy side of every fixture without warnings', { skip: skipWithoutHaproxy() }, () => {
  for (const name of fixtures) {
    const files = readFixture(name);
    const cfgs = Object.keys(files).filter((f) => f.endsWith('.cfg'));
    // Several files are loaded as one configuration, in order, like `haproxy -f a -f b`.
    const text = cfgs.map((f) => files[f].replace(/\/etc\/haproxy\/certs\/site\.pem/g, certificate())).join('\n');
    const check = haproxyCheck({ text });
    assert.equal(check.exitCode, 0, `${name}: ${check.messages.map((m) => m.text).join('\n')}`);
    assert.deepEqual(check.messages.filter((m) => m.level !== 'NOTICE').map((m) => m.text), [], name);
  }
});

interface Mistake {
  name: string;
  fixture: string;
  /** [file, text in the consistent file, text with the mistake]. */
  change: [string, string, string];
  rule: string;
  /** Where the fix is taken from, and its title. */
  fixFrom: string;
  fixTitle?: string;
  /** Expected files after the fix, when they are not the consistent ones. */
  after?: Files;
}

const MISTAKES: Mistake[] = [
  {
    name: 'health check under another context path',
    fixture: 'tls-context-path',
    change: ['haproxy.cfg', 'option httpchk GET /bitbucket/status', 'option httpchk GET /stash/status'],
    rule: 'context-path-mismatch',
    fixFrom: 'haproxy.cfg',
  },
  {
    name: 'path ACL for another context path, fixed from bitbucket.properties',
    fixture: 'multi-frontend',
    change: ['bitbucket.properties', 'server.context-path=/git\n', 'server.context-path=/scm\n'],
    rule: 'context-path-mismatch',
    fixFrom: 'bitbucket.properties',
    after: {
      'bitbucket.properties': readFixture('multi-frontend')['bitbucket.properties'],
    },
  },
  {
    name: 'health check of a login page',
    fixture: 'tls-context-path',
    change: ['haproxy.cfg', 'option httpchk GET /bitbucket/status', 'option httpchk GET /bitbucket/login'],
    rule: 'health-check-path',
    fixFrom: 'haproxy.cfg',
  },
  {
    name: 'proxy port of another bind, fixed from haproxy.cfg',
    fixture: 'tls-context-path',
    change: ['bitbucket.properties', 'server.proxy-port=443', 'server.proxy-port=8443'],
    rule: 'proxy-port-mismatch',
    fixFrom: 'haproxy.cfg',
  },
  {
    name: 'http scheme behind TLS',
    fixture: 'tls-context-path',
    change: ['bitbucket.properties', 'server.scheme=https\nserver.secure=true', 'server.scheme=http\nserver.secure=false'],
    rule: 'scheme-mismatch',
    fixFrom: 'bitbucket.properties',
  },
  {
    name: 'https scheme on a plain listener',
    fixture: 'http-only',
    change: ['bitbucket.properties', 'server.proxy-port=8080\n', 'server.proxy-port=8080\nserver.scheme=https\nserver.secure=true\n'],
    rule: 'scheme-mismatch',
    fixFrom: 'haproxy.cfg',
    after: { 'bitbucket.properties': 'server.proxy-name=bitbucket.internal\nserver.proxy-port=8080\nserver.scheme=http\nserver.secure=false\nsetup.baseUrl=http://bitbucket.internal:8080/\n' },
  },
  {
    name: 'secure flag off with https',
    fixture: 'tls-context-path',
    change: ['bitbucket.properties', 'server.secure=true', 'server.secure=false'],
    rule: 'secure-flag-mismatch',
    fixFrom: 'bitbucket.properties',
  },
  {
    name: 'a node on the SSH port',
    fixture: 'tls-context-path',
    change: ['haproxy.cfg', 'server node2 10.0.1.22:7990 check', 'server node2 10.0.1.22:7999 check'],
    rule: 'backend-port-mismatch',
    fixFrom: 'haproxy.cfg',
  },
  {
    name: 'server.port changed without HAProxy',
    fixture: 'listen-section',
    change: ['bitbucket.properties', 'server.port=7991', 'server.port=7990'],
    rule: 'backend-port-mismatch',
    fixFrom: 'bitbucket.properties',
    fixTitle: 'Set server.port=7991',
  },
  {
    name: 'proxy name of another host',
    fixture: 'tls-context-path',
    change: ['bitbucket.properties', 'server.proxy-name=git.example.com', 'server.proxy-name=git.example.org'],
    rule: 'proxy-name-mismatch',
    fixFrom: 'bitbucket.properties',
  },
  {
    name: 'proxy name that the Host ACL does not route',
    fixture: 'root-context-8443',
    change: ['bitbucket.properties', 'setup.baseUrl=https://code.example.org:8443\nserver.proxy-name=code.example.org', 'server.proxy-name=code.example.com'],
    rule: 'proxy-name-mismatch',
    fixFrom: 'haproxy.cfg',
    after: { 'bitbucket.properties': '# Root context: server.context-path is left out.\nserver.proxy-name=code.example.org\nserver.proxy-port=8443\nserver.scheme=https\nserver.secure=true\n' },
  },
  {
    name: 'no X-Forwarded-For with a websudo allowlist',
    fixture: 'tls-context-path',
    change: ['haproxy.cfg', '    option forwardfor\n', ''],
    rule: 'forwardfor-missing',
    fixFrom: 'bitbucket.properties',
    after: {
      'haproxy.cfg': readFixture('tls-context-path')['haproxy.cfg'].replace('    option forwardfor\n', '').replace(
        'server node2 10.0.1.22:7990 check\n',
        'server node2 10.0.1.22:7990 check\n    option forwardfor\n',
      ),
    },
  },
  {
    name: 'server.xml left next to a Bitbucket 5 bitbucket.properties',
    fixture: 'bitbucket4-server-xml',
    change: ['conf/server.xml', '<Server port="8006"', '<Server port="8006"'],
    rule: 'legacy-server-xml',
    fixFrom: 'conf/server.xml',
  },
  {
    name: 'root context written as "/" in server.xml',
    fixture: 'bitbucket4-server-xml',
    change: ['conf/server.xml', 'path="/bitbucket"', 'path="/"'],
    rule: 'root-context-path',
    fixFrom: 'conf/server.xml',
  },
];

for (const m of MISTAKES) {
  test(`one mistake: ${m.name} → ${m.rule} only, and its fix`, () => {
    const good = readFixture(m.fixture);
    const [file, from, to] = m.change;
    assert.ok(good[file]?.includes(from), `${m.fixture}/${file} has no '${from}'`);
    const bad: Files = { ...good, [file]: good[file].replace(from, to) };
    let expectedAfter: Files = good;
    let leftAfterFix: string[] = [];
    if (m.rule === 'legacy-server-xml') {
      // The mistake is the pair: a bitbucket.properties next to the server.xml, as after an
      // upgrade to Bitbucket 5. The fix moves every setting; server.xml stays as a leftover.
      bad['bitbucket.properties'] = 'jdbc.url=jdbc:postgresql://10.0.1.40:5432/bitbucket\n';
      expectedAfter = {
        ...bad,
        'bitbucket.properties':
          'jdbc.url=jdbc:postgresql://10.0.1.40:5432/bitbucket\nserver.port=7990\nserver.proxy-name=git.example.com\nserver.proxy-port=443\n' +
          'server.scheme=https\nserver.secure=true\nserver.redirect-port=443\nserver.context-path=/bitbucket\n',
      };
      leftAfterFix = ['legacy-server-xml', 'legacy-server-xml'];
    } else if (m.rule === 'root-context-path') {
      // The HAProxy side of that fixture uses /bitbucket: make it a root deployment first.
      bad['haproxy.cfg'] = bad['haproxy.cfg'].replace('    redirect location /bitbucket if { path -i / }\n', '').replace('/bitbucket/status', '/status');
      expectedAfter = { ...bad, 'conf/server.xml': bad['conf/server.xml'].replace('path="/"', 'path=""') };
    } else if (m.after) {
      expectedAfter = { ...bad, ...m.after };
    }
    const findings = lintDeployment(bad);
    const rules = new Set<string>();
    for (const list of findings.values()) for (const f of list) rules.add(f.rule);
    assert.deepEqual([...rules], [m.rule], crossFindings(bad).join('\n'));
    for (const list of findings.values()) {
      for (const f of list) assert.ok(f.message.length > 40, f.message);
    }
    const candidates = (findings.get(m.fixFrom) ?? []).filter((f) => f.rule === m.rule);
    assert.ok(candidates.length > 0, `no ${m.rule} finding in ${m.fixFrom}: ${crossFindings(bad).join('\n')}`);
    const finding = candidates.find((f) => f.fixes.some((x) => !m.fixTitle || x.title.includes(m.fixTitle)));
    assert.ok(finding, `no fix in ${m.fixFrom}`);
    const fix = finding.fixes.find((x) => !m.fixTitle || x.title.includes(m.fixTitle))!;
    const after = applyFix(bad, m.fixFrom, fix);
    assert.deepEqual(after, expectedAfter, fix.title);
    const remaining = [...lintDeployment(after).values()].flat();
    assert.deepEqual(remaining.map((f) => f.rule), leftAfterFix, `after '${fix.title}': ${crossFindings(after).join('\n')}`);
    for (const f of remaining) assert.equal(f.severity, 'information', f.message);
  });
}
