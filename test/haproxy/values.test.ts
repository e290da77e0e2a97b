/**
 * Tables for the value helpers of server/src/haproxy/values.ts and conditions.ts, plus a
 * check that HAProxy itself agrees with the verdicts in the tables (skipped without it).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  addressSlots,
  checkAddressHost,
  checkIpNetwork,
  checkIpv6,
  checkPort,
  checkPortNumber,
  describeDuration,
  formatHaproxyTime,
  humanDurationMicros,
  isStrictIpv4,
  looksLikeHostName,
  parseHaproxyTime,
  readIpv4,
  splitAddress,
  splitAddressList,
  suggestHaproxyTime,
  wildcardToCidr,
  wordSubRange,
  type AddressRules,
  type TimeUnit,
} from '../../server/src/haproxy/values';
import { aclExpressions, findCondition, matchesIp, namedAcl, splitFetch } from '../../server/src/haproxy/conditions';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';

// --- durations --------------------------------------------------------------------------

/** text, base unit, expected issue kind (or 'ok'), value in the base unit when HAProxy reads one. */
const TIMES: [string, TimeUnit, string, number?][] = [
  ['50s', 'ms', 'ok', 50000],
  ['50000', 'ms', 'ok', 50000],
  ['500us', 'ms', 'ok', 1],
  ['1500us', 'ms', 'ok', 2],
  ['0', 'ms', 'ok', 0],
  ['1m', 'ms', 'ok', 60000],
  ['10ms', 'ms', 'ok', 10],
  ['3h', 'ms', 'ok', 10800000],
  ['1d', 'ms', 'ok', 86400000],
  ['2147483647', 'ms', 'ok', 2147483647],
  ['2147483648', 'ms', 'overflow'],
  ['24d', 'ms', 'ok', 2073600000],
  ['25d', 'ms', 'overflow'],
  ['596h', 'ms', 'ok', 2145600000],
  ['597h', 'ms', 'overflow'],
  ['99999999999999999999', 'ms', 'overflow'],
  ['25d', 's', 'ok', 2160000],
  ['300', 's', 'ok', 300],
  ['500ms', 's', 'ok', 1],
  ['50x', 'ms', 'invalid-unit'],
  ['5S', 'ms', 'invalid-unit'],
  ['10M', 'ms', 'invalid-unit'],
  ['10u', 'ms', 'invalid-unit'],
  ['0x10', 'ms', 'invalid-unit'],
  ['1.5s', 'ms', 'decimal'],
  ['10mins', 'ms', 'trailing', 600000],
  ['5sec', 'ms', 'trailing', 5000],
  ['10mss', 'ms', 'trailing', 10],
  ['1hour', 'ms', 'trailing', 3600000],
  ['-5', 'ms', 'not-a-number'],
  ['+5', 'ms', 'not-a-number'],
  ['s', 'ms', 'not-a-number'],
  ['', 'ms', 'empty'],
];

for (const [text, base, kind, value] of TIMES) {
  test(`parseHaproxyTime(${JSON.stringify(text)}, ${base}) -> ${kind}`, () => {
    const r = parseHaproxyTime(text, base);
    assert.equal(r.issue?.kind ?? 'ok', kind);
    if (value !== undefined) assert.equal(r.time?.value, value);
  });
}

test('parseHaproxyTime points at the unit part and honours a keyword limit', () => {
  assert.deepEqual(parseHaproxyTime('50x').issue, { kind: 'invalid-unit', start: 2, end: 3 });
  assert.deepEqual(parseHaproxyTime('10mins').issue, { kind: 'trailing', start: 2, end: 6 });
  assert.equal(parseHaproxyTime('10mins').time?.end, 3);
  assert.equal(parseHaproxyTime('65535', 'ms', 65535).issue, undefined);
  assert.equal(parseHaproxyTime('65536', 'ms', 65535).issue?.kind, 'overflow');
  assert.equal(parseHaproxyTime('66s', 'ms', 65535).issue?.kind, 'overflow');
});

const SUGGESTIONS: [string, TimeUnit, string | undefined][] = [
  ['10mins', 'ms', '10m'],
  ['5sec', 'ms', '5s'],
  ['2min', 'ms', '2m'],
  ['1hour', 'ms', '1h'],
  ['1.5s', 'ms', '1500ms'],
  ['1.5h', 'ms', '90m'],
  ['5S', 'ms', '5s'],
  ['2 min', 'ms', '2m'],
  ['1w', 'ms', '7d'],
  ['250usec', 'ms', undefined],
  ['250usec', 'us', '250us'],
  ['1.5s', 's', undefined],
  ['1.5m', 's', '90s'],
  ['5M', 'ms', undefined],
  ['1y', 'ms', undefined],
  ['4w', 'ms', undefined],
  ['50x', 'ms', undefined],
  ['-5s', 'ms', undefined],
  ['10mss', 'ms', undefined],
];

for (const [text, base, expected] of SUGGESTIONS) {
  test(`suggestHaproxyTime(${JSON.stringify(text)}, ${base}) -> ${expected}`, () => {
    assert.equal(suggestHaproxyTime(text, base), expected);
  });
}

test('durations are written and described exactly', () => {
  assert.equal(formatHaproxyTime(50_000_000), '50s');
  assert.equal(formatHaproxyTime(1_500_000), '1500ms');
  assert.equal(formatHaproxyTime(5_400_000_000), '90m');
  assert.equal(formatHaproxyTime(500), '500us');
  assert.equal(formatHaproxyTime(0), '0');
  assert.equal(describeDuration(50_000_000), '50 seconds');
  assert.equal(describeDuration(90_000_000), '1 minute 30 seconds');
  assert.equal(describeDuration(86_400_000_000), '1 day');
  assert.equal(describeDuration(1_500), '1 millisecond 500 microseconds');
  assert.equal(humanDurationMicros('5 minutes', 's'), 300_000_000);
  assert.equal(humanDurationMicros('30', 's'), 30_000_000);
  assert.equal(humanDurationMicros('soon', 's'), undefined);
});

// --- IPv4 / IPv6 ------------------------------------------------------------------------

test('readIpv4 reads the forms the C resolver takes', () => {
  const cases: [string, string | undefined][] = [
    ['10.0.0.1', '10.0.0.1'],
    ['10.12', '10.0.0.12'],
    ['10', '0.0.0.10'],
    ['1.2.65535', '1.2.255.255'],
    ['4294967295', '255.255.255.255'],
    ['010.1.1.1', '8.1.1.1'],
    ['0177.1', '127.0.0.1'],
    ['300.1.1.1', undefined],
    ['1.2.65536', undefined],
    ['08.1.1.1', undefined],
    ['1.2.3.4.5', undefined],
    ['1..2', undefined],
    ['1.2.3.', undefined],
  ];
  for (const [text, dotted] of cases) {
    const r = readIpv4(text);
    assert.equal(r.ok ? r.ipv4.dotted : undefined, dotted, text);
  }
  const bad = readIpv4('10.0.300.1');
  assert.ok(!bad.ok);
  assert.deepEqual([bad.issue.start, bad.issue.end], [5, 8]);
  const extra = readIpv4('1.2.3.4.5');
  assert.ok(!extra.ok);
  assert.deepEqual([extra.issue.start, extra.issue.end], [7, 9]);
  const octal = readIpv4('010.1.1.1');
  assert.ok(octal.ok);
  assert.deepEqual(octal.ipv4.octal, [{ start: 0, end: 3, decimal: 10, octal: 8 }]);
  assert.deepEqual((readIpv4('01.02.03.04') as { ipv4: { octal: unknown[] } }).ipv4.octal, []);
});

test('isStrictIpv4 and checkIpv6 follow inet_pton', () => {
  assert.ok(isStrictIpv4('192.168.1.10'));
  assert.ok(!isStrictIpv4('010.1.1.1'));
  assert.ok(!isStrictIpv4('10.1'));
  for (const ok of ['::', '::1', 'fe80::/10'.split('/')[0], '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::ffff:1.2.3.4', 'A::B']) {
    assert.equal(checkIpv6(ok), undefined, ok);
  }
  const cases: [string, number, number][] = [
    ['2001:db8::1::2', 11, 13],
    ['::1%eth0', 3, 8],
    ['g::1', 0, 1],
    ['12345::1', 0, 5],
    ['::1.2.3', 2, 7],
    ['::ffff:010.1.1.1', 7, 16],
    ['1:2:3:4:5:6:7:8:9', 0, 17],
  ];
  for (const [text, start, end] of cases) {
    const issue = checkIpv6(text);
    assert.ok(issue, text);
    assert.deepEqual([issue.start, issue.end], [start, end], text);
  }
});

test('looksLikeHostName and wildcardToCidr', () => {
  for (const name of ['localhost', 'app.example.com', 'app-1', 'db_1.local', 'bitbucket.']) assert.ok(looksLikeHostName(name), name);
  for (const name of ['1.2.3.4-1.2.3.9', '0x0a.1.1.1', '*', '-app', 'a..b', '[::1]', '']) assert.ok(!looksLikeHostName(name), name);
  assert.equal(wildcardToCidr('192.168.1.*'), '192.168.1.0/24');
  assert.equal(wildcardToCidr('10.*.*.*'), '10.0.0.0/8');
  assert.equal(wildcardToCidr('*'), '0.0.0.0/0');
  assert.equal(wildcardToCidr('192.*.1.*'), undefined);
});

/** ACL pattern, expected [start, end, severity] of each issue. HAProxy 2.6 agrees on error/no error. */
const NETWORKS: [string, [number, number, string][]][] = [
  ['10.0.0.1', []],
  ['10.0.0.0/8', []],
  ['10.12/8', []],
  ['10/8', []],
  ['10', []],
  ['10.0.0.0/255.255.0.0', []],
  ['10.0.0.0/255.0.255.0', []],
  ['10.0.0.0/024', []],
  ['10.0.0.0/+8', []],
  ['0/0', []],
  ['1.2.65535', []],
  ['::1/128', []],
  ['::/0', []],
  ['::1/080', []],
  ['::1/-0', []],
  ['fe80::/10', []],
  ['::ffff:1.2.3.4/96', []],
  ['localhost', []],
  ['localhost/8', []],
  ['01.02.03.04', []],
  ['010.1.1.1', [[0, 3, 'warning']]],
  ['300.1.1.1', [[0, 3, 'error']]],
  ['10.0.0.256', [[7, 10, 'error']]],
  ['10.0.0.0/33', [[9, 11, 'error']]],
  ['10.0.0.0/-1', [[9, 11, 'error']]],
  ['10.0.0.0/', [[8, 9, 'error']]],
  ['10.0.0.0/8.0', [[9, 12, 'error']]],
  ['10.0.0.0/1e1', [[9, 12, 'error']]],
  ['10.1.1.1.1', [[8, 10, 'error']]],
  ['1.2.3.4.', [[7, 8, 'error']]],
  ['08.1.1.1', [[0, 2, 'error']]],
  ['4294967296', [[0, 10, 'error']]],
  ['::1/129', [[4, 7, 'error']]],
  ['::1/-1', [[4, 6, 'error']]],
  ['::/', [[2, 3, 'error']]],
  ['::1/255.255.0.0', [[4, 15, 'error']]],
  ['2001:db8::1::2', [[11, 13, 'error']]],
  ['::1%eth0', [[3, 8, 'error']]],
  ['[::1]', [[0, 5, 'error']]],
  ['/8', [[0, 2, 'error']]],
  ['*', [[0, 1, 'error']]],
  ['192.168.1.*', [[0, 11, 'error']]],
  ['1.2.3.4-1.2.3.9', [[0, 15, 'error']]],
  ['0x0a.1.1.1', [[0, 10, 'error']]],
  ['1.2.3.4/8/8', [[0, 9, 'error']]],
];

for (const [text, expected] of NETWORKS) {
  test(`checkIpNetwork(${JSON.stringify(text)})`, () => {
    assert.deepEqual(
      checkIpNetwork(text).map((i) => [i.start, i.end, i.severity]),
      expected,
    );
  });
}

test('checkIpNetwork explains wildcards and ranges', () => {
  assert.match(checkIpNetwork('192.168.1.*')[0].message, /192\.168\.1\.0\/24/);
  assert.match(checkIpNetwork('1.2.3.4-1.2.3.9')[0].message, /range/);
  assert.match(checkIpNetwork('010.1.1.1')[0].message, /8\.1\.1\.1/);
});

// --- addresses and ports ------------------------------------------------------------------

test('splitAddress finds prefix, host and port like str2sa_range', () => {
  const cases: [string, string | undefined, string | undefined, string | undefined, string][] = [
    ['10.0.0.1:80', undefined, '10.0.0.1', '80', 'ip'],
    [':443', undefined, '', '443', 'ip'],
    ['*:443', undefined, '*', '443', 'ip'],
    ['[::1]:443', undefined, '[::1]', '443', 'ip'],
    ['[::1]', undefined, '[::1]', undefined, 'ip'],
    [':::443', undefined, '::', '443', 'ip'],
    ['::1', undefined, ':', '1', 'ip'],
    ['ipv4@10.0.0.1:80', 'ipv4@', '10.0.0.1', '80', 'ipv4'],
    ['stream+ipv6@[::]:80', 'stream+ipv6@', '[::]', '80', 'ipv6'],
    ['unix@/run/h.sock', 'unix@', undefined, undefined, 'unix'],
    ['/run/h.sock', undefined, undefined, undefined, 'unix'],
    ['abns@x', 'abns@', undefined, undefined, 'abns'],
    ['fd@3', 'fd@', undefined, undefined, 'fd'],
    ['ring@buf', 'ring@', undefined, undefined, 'other'],
    ['10.0.0.1', undefined, '10.0.0.1', undefined, 'ip'],
  ];
  for (const [text, prefix, host, port, family] of cases) {
    const p = splitAddress(text, 100);
    assert.equal(p.prefix?.text, prefix, text);
    assert.equal(p.host?.text, host, text);
    assert.equal(p.port?.text, port, text);
    assert.equal(p.family, family, text);
  }
  const p = splitAddress('ipv4@10.0.0.1:80', 100);
  assert.deepEqual([p.host?.start, p.host?.end, p.port?.start, p.port?.end], [105, 113, 114, 116]);
  assert.deepEqual(
    splitAddressList(':80,:443').map((s) => [s.text, s.start, s.end]),
    [[':80', 0, 3], [':443', 4, 8]],
  );
});

const LISTENER: AddressRules = { portRequired: true, zeroPort: false, range: true, offset: false, port: true };
const SERVER: AddressRules = { portRequired: false, zeroPort: true, range: false, offset: true, port: true };

/** address, rules, expected [start, end, severity] of each port issue (offsets in the address). */
const PORTS: [string, AddressRules, [number, number, string][]][] = [
  [':443', LISTENER, []],
  ['10.0.0.1:80-90', LISTENER, []],
  [':80-80', LISTENER, []],
  ['10.0.0.1:08', LISTENER, []],
  ['10.0.0.1', LISTENER, [[0, 8, 'error']]],
  ['[::1]', LISTENER, [[0, 5, 'error']]],
  ['10.0.0.1:', LISTENER, [[0, 9, 'error']]],
  ['10.0.0.1:0', LISTENER, [[9, 10, 'error']]],
  ['10.0.0.1:65536', LISTENER, [[9, 14, 'error']]],
  ['10.0.0.1:0-10', LISTENER, [[9, 10, 'error']]],
  ['10.0.0.1:1-65536', LISTENER, [[11, 16, 'error']]],
  ['10.0.0.1:90-80', LISTENER, [[9, 14, 'error']]],
  ['10.0.0.1:80-', LISTENER, [[9, 12, 'error']]],
  ['10.0.0.1:http', LISTENER, [[9, 13, 'error']]],
  ['10.0.0.1:0x50', LISTENER, [[9, 13, 'error']]],
  ['10.0.0.1:+80', LISTENER, [[9, 12, 'error']]],
  ['10.0.0.1', SERVER, []],
  ['10.0.0.1:0', SERVER, []],
  ['10.0.0.1:', SERVER, []],
  ['10.0.0.1:+80', SERVER, []],
  ['10.0.0.1:-80', SERVER, []],
  ['10.0.0.1:+65536', SERVER, [[10, 15, 'warning']]],
  ['10.0.0.1:80-90', SERVER, [[9, 14, 'error']]],
  ['10.0.0.1:65536', SERVER, [[9, 14, 'error']]],
];

for (const [text, rules, expected] of PORTS) {
  test(`checkPort(${JSON.stringify(text)}, ${rules === LISTENER ? 'listener' : 'server'})`, () => {
    const parts = splitAddress(text, 0);
    const { issues } = checkPort(parts.port, rules, { text, start: 0, end: text.length });
    assert.deepEqual(
      issues.map((i) => [i.start, i.end, i.severity]),
      expected,
    );
  });
}

test('checkPortNumber reads server port options like atol', () => {
  const sev = (t: string) => checkPortNumber(t, 0).map((i) => i.severity);
  assert.deepEqual(sev('8080'), []);
  assert.deepEqual(sev('65535'), []);
  assert.deepEqual(sev('70000'), ['error']);
  assert.deepEqual(sev('abc'), ['error']);
  assert.deepEqual(sev('-1'), ['error']);
  assert.deepEqual(sev('80abc'), ['warning']);
  assert.deepEqual(sev('0'), ['warning']);
  assert.deepEqual(checkPortNumber('70000', 10).map((i) => [i.start, i.end]), [[10, 15]]);
});

/** Host part of an address with the expected [start, end, severity] of each issue. */
const HOSTS: [string, [number, number, string][]][] = [
  ['10.0.0.1:80', []],
  ['*:80', []],
  [':80', []],
  [':::80', []],
  ['[::1]:80', []],
  ['[10.0.0.1]:80', []],
  ['10.1:80', []],
  ['app.example.com:80', []],
  ['ipv4@10.0.0.1:80', []],
  ['ipv6@[::1]:80', []],
  ['unix@/run/x.sock', []],
  ['300.1.1.1:80', [[0, 3, 'error']]],
  ['010.1.1.1:80', [[0, 3, 'warning']]],
  ['ipv4@[::1]:80', [[5, 10, 'error']]],
  ['ipv6@10.0.0.1:80', [[5, 13, 'error']]],
  ['::1', [[0, 3, 'error']]],
  ['2001:db8::1', [[0, 11, 'error']]],
  ['[::1', [[0, 4, 'error']]],
  ['::1]:80', [[0, 4, 'error']]],
  ['[]:80', [[0, 2, 'error']]],
  ['10.0.0.1:80:90', [[0, 11, 'error']]],
  ['fe80::1%lo:80', [[7, 10, 'error']]],
  ['*.0.0.1:80', [[0, 7, 'error']]],
];

for (const [text, expected] of HOSTS) {
  test(`checkAddressHost(${JSON.stringify(text)})`, () => {
    const parts = splitAddress(text, 0);
    assert.deepEqual(
      checkAddressHost(parts, { text, start: 0, end: text.length }).map((i) => [i.start, i.end, i.severity]),
      expected,
    );
  });
}

test('addressSlots finds addresses by section and keyword', () => {
  const cfg = parseHaproxy(
    [
      'global',
      '  log 10.0.0.9:514 local0',
      '  log stdout format raw local0',
      '  stats socket ipv4@127.0.0.1:9999 level admin',
      'frontend fe',
      '  bind :80,:443',
      '  log global',
      'backend be',
      '  source 10.0.0.5 usesrc clientip',
      '  server s1 10.0.0.1:80 check addr 10.0.0.2 agent-addr 10.0.0.3 source 10.0.0.4:1-10 usesrc 10.0.0.6 socks4 10.0.0.7:1080',
      '  server s2 "${APP}:80"',
      '  server-template web 3 app.example.com:80',
      '  tcp-check connect addr 10.0.0.8 port 80',
      'peers p',
      '  peer a 10.0.0.10:1024',
      'resolvers r',
      '  nameserver ns 10.0.0.11:53',
      'mailers m',
      '  mailer mx 10.0.0.12:25',
      '',
    ].join('\n'),
  );
  const found = cfg.statements.flatMap((s) => addressSlots(s).map((a) => `${a.keyword}=${a.word.text}${a.list ? ' (list)' : ''}`));
  assert.deepEqual(found, [
    'log=10.0.0.9:514',
    'stats socket=ipv4@127.0.0.1:9999',
    'bind=:80,:443 (list)',
    'source=10.0.0.5',
    'server=10.0.0.1:80',
    'addr=10.0.0.2',
    'agent-addr=10.0.0.3',
    'source=10.0.0.4:1-10',
    'usesrc=10.0.0.6',
    'socks4=10.0.0.7:1080',
    'server-template=app.example.com:80',
    'tcp-check connect addr=10.0.0.8',
    'peer=10.0.0.10:1024',
    'nameserver=10.0.0.11:53',
    'mailer=10.0.0.12:25',
  ]);
});

test('wordSubRange maps plain and wholly quoted words exactly', () => {
  const cfg = parseHaproxy('backend be\n  acl a src 10.0.0.0/33 "10.0.0.0/33" 10.0.0.\\x30/33\n');
  const [plain, quoted, escaped] = cfg.statements[1].words.slice(3);
  assert.equal(escaped.text, '10.0.0.0/33');
  assert.deepEqual(wordSubRange(plain, 9, 11), { start: plain.start + 9, end: plain.start + 11 });
  assert.deepEqual(wordSubRange(quoted, 9, 11), { start: quoted.start + 10, end: quoted.start + 12 });
  assert.deepEqual(wordSubRange(escaped, 9, 11), { start: escaped.start, end: escaped.end });
});

// --- conditions ---------------------------------------------------------------------------

test('conditions: if/unless, negation, alternatives and anonymous ACLs', () => {
  const cfg = parseHaproxy(
    [
      'frontend fe',
      '  acl internal src -i -f /etc/haproxy/internal.lst -m ip -- -x 10.0.0.0/8 --',
      '  http-request deny if !{ src 10.0.0.1 } || ! internal { dst -n 10.0.0.2 } or !admin',
      '  use_backend b unless { hdr_ip(x-forwarded-for,-1),ipmask(24) 10.0.0.0 }',
      '  http-request set-header X-if yes if { src 10.0.0.3',
      '  http-request return string "if" content-type text/plain',
      '',
    ].join('\n'),
  );
  const [acl, deny, use, unclosed, quotedIf] = cfg.statements.slice(1);

  const named = namedAcl(acl)!;
  assert.equal(named.name?.text, 'internal');
  assert.equal(named.fetch.text, 'src');
  assert.deepEqual(named.flags.map((f) => f.flag.text + (f.argument ? ` ${f.argument.text}` : '')), ['-i', '-f /etc/haproxy/internal.lst', '-m ip']);
  assert.deepEqual(named.files.map((w) => w.text), ['/etc/haproxy/internal.lst']);
  assert.equal(named.match, 'ip');
  // `--` ends the flags; after the first pattern it is a pattern itself.
  assert.deepEqual(named.patterns.map((w) => w.text), ['-x', '10.0.0.0/8', '--']);

  const cond = findCondition(deny)!;
  assert.equal(cond.keyword.text, 'if');
  assert.equal(cond.alternatives.length, 3);
  const [first, second, third] = cond.alternatives;
  assert.equal(first.length, 1);
  assert.equal(first[0].negated, true);
  assert.deepEqual(first[0].anonymous?.patterns.map((w) => w.text), ['10.0.0.1']);
  assert.deepEqual(second.map((t) => [t.negated, t.aclName ?? t.anonymous?.fetch.text]), [[true, 'internal'], [false, 'dst']]);
  assert.deepEqual(second[1].anonymous?.flags.map((f) => f.flag.text), ['-n']);
  assert.deepEqual(third.map((t) => [t.negated, t.aclName]), [[true, 'admin']]);
  assert.deepEqual(aclExpressions(deny).map((e) => e.fetch.text), ['src', 'dst']);

  const [anon] = aclExpressions(use);
  assert.equal(findCondition(use)?.keyword.text, 'unless');
  assert.ok(matchesIp(anon));
  assert.equal(anon.close?.text, '}');

  const open = findCondition(unclosed)!;
  assert.equal(open.unclosed?.text, '{');
  assert.deepEqual(aclExpressions(unclosed)[0].patterns.map((w) => w.text), ['10.0.0.3']);
  assert.equal(findCondition(quotedIf), undefined);
});

test('splitFetch and matchesIp', () => {
  assert.deepEqual(splitFetch('hdr_ip(x-forwarded-for,-1)'), { name: 'hdr_ip', args: 'x-forwarded-for,-1', converters: [] });
  assert.deepEqual(splitFetch('src,ipmask(24),lower'), { name: 'src', args: undefined, converters: ['ipmask', 'lower'] });
  const cfg = parseHaproxy(
    [
      'frontend fe',
      '  acl a src 10.0.0.1',
      '  acl b req.hdr(x) -m ip 10.0.0.1',
      '  acl c src -m str 10.0.0.1',
      '  acl d src,ipmask(24) 10.0.0.0',
      '  acl e src,lower 10.0.0.1',
      '  acl f req.fhdr(x),map_str_ip(/etc/m) 10.0.0.1',
      '  acl g path_beg /x',
      '  acl h bc_src 10.0.0.1',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    cfg.statements.slice(1).map((s) => matchesIp(namedAcl(s)!)),
    [true, true, false, true, false, true, false, false],
  );
});

// --- HAProxy agrees with the tables -------------------------------------------------------

test('HAProxy 2.6 accepts exactly the ACL patterns the table finds no error in', { skip: skipWithoutHaproxy() }, () => {
  const lines = ['defaults', '  mode http', '  timeout connect 5s', '  timeout client 5s', '  timeout server 5s', 'frontend fe', '  bind 127.0.0.1:8080'];
  const at = new Map<number, string>();
  NETWORKS.forEach(([text], i) => {
    at.set(lines.length + 1, text);
    lines.push(`  acl a${i} src ${text}`);
  });
  const result = haproxyCheck({ text: `${lines.join('\n')}\n` });
  const rejected = new Set(result.messages.filter((m) => m.level === 'ALERT' && m.line).map((m) => at.get(m.line!)));
  for (const [text, expected] of NETWORKS) {
    const ourError = expected.some(([, , severity]) => severity === 'error');
    assert.equal(rejected.has(text), ourError, `HAProxy and the table disagree on '${text}'`);
  }
});

test('HAProxy 2.6 agrees with the duration table', { skip: skipWithoutHaproxy() }, () => {
  const lines = ['defaults', '  mode http', '  timeout connect 5s', '  timeout client 5s', '  timeout server 5s'];
  const at = new Map<number, [string, string]>();
  TIMES.forEach(([text, base, kind], i) => {
    if (text === '') return;
    // `expire` counts in milliseconds, `maxidle` in seconds.
    lines.push(`backend b${i}`);
    at.set(lines.length + 1, [text, kind]);
    lines.push(base === 'ms' ? `  stick-table type ip size 1k expire ${text}` : `  cookie SRV insert maxidle ${text}`);
  });
  const result = haproxyCheck({ text: `${lines.join('\n')}\n` });
  const alerts = new Set(result.messages.filter((m) => m.level === 'ALERT' && m.line).map((m) => m.line));
  const warned = result.messages.filter((m) => m.level === 'WARNING' && /after the timer value/.test(m.text)).map((m) => /'([^']+)'/.exec(m.text.split('timer value')[1])?.[1]);
  for (const [line, [text, kind]] of at) {
    const error = kind !== 'ok' && kind !== 'trailing';
    assert.equal(alerts.has(line), error, `HAProxy and the table disagree on '${text}' (${kind})`);
    if (kind === 'trailing') assert.ok(warned.includes(text), `HAProxy should warn about '${text}'`);
  }
});

test('HAProxy 2.6 agrees with the bind and server port tables', { skip: skipWithoutHaproxy() }, () => {
  const lines = ['defaults', '  mode http', '  timeout connect 5s', '  timeout client 5s', '  timeout server 5s', 'frontend fe'];
  const at = new Map<number, [string, boolean]>();
  for (const [text, rules, expected] of PORTS) {
    if (rules !== LISTENER) continue;
    at.set(lines.length + 1, [text, expected.some(([, , s]) => s === 'error')]);
    lines.push(`  bind ${text}`);
  }
  lines.push('backend be');
  PORTS.forEach(([text, rules, expected], i) => {
    if (rules !== SERVER) return;
    at.set(lines.length + 1, [text, expected.some(([, , s]) => s === 'error')]);
    lines.push(`  server s${i} ${text}`);
  });
  const result = haproxyCheck({ text: `${lines.join('\n')}\n` });
  const alerts = new Set(result.messages.filter((m) => m.level === 'ALERT' && m.line).map((m) => m.line));
  for (const [line, [text, error]] of at) {
    assert.equal(alerts.has(line), error, `HAProxy and the table disagree on '${text}'`);
  }
});
