/**
 * The argument facts (server/src/facts/arguments.json) against haproxy -c 2.6: for each
 * line below, invalid-argument reports an error (target 2.6) exactly when HAProxy refuses
 * the line, and a value it only misreads gets a warning while HAProxy accepts it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';
import { lint } from '../helpers/rule-tester';

type Where = 'global' | 'defaults' | 'frontend' | 'backend';

/** [section, line, what we say: 'error' | 'warning' | 'none'] */
const LINES: [Where, string, 'error' | 'warning' | 'none'][] = [
  ['defaults', 'mode tcp', 'none'],
  ['defaults', 'mode HTTP', 'error'],
  ['defaults', 'mode health', 'error'],
  ['defaults', 'mode http tcp', 'error'],
  ['defaults', 'mode log', 'error'],
  ['global', 'maxconn 10k', 'warning'],
  ['global', 'maxconn abc', 'warning'],
  ['global', 'maxconn 1 2', 'error'],
  ['global', 'maxconn', 'error'],
  ['global', 'nbthread 4x', 'error'],
  ['global', 'tune.bufsize 16k', 'warning'],
  ['global', 'tune.bufsize abc', 'error'],
  ['global', 'tune.http.maxhdr 40000', 'error'],
  ['global', 'tune.comp.maxlevel 10', 'error'],
  ['global', 'tune.ssl.default-dh-param 2048', 'none'],
  ['global', 'tune.ssl.default-dh-param 512', 'error'],
  ['global', 'spread-checks 60', 'error'],
  ['global', 'maxcompcpuusage 150', 'error'],
  ['global', 'ssl-server-verify optional', 'error'],
  ['global', 'profiling.tasks yes', 'error'],
  ['global', 'ssl-default-bind-options ssl-min-ver TLSv1.4', 'error'],
  ['global', 'ssl-default-server-options ssl-max-ver TLSv1.3', 'none'],
  ['global', 'log 127.0.0.1 local9', 'error'],
  ['global', 'log 127.0.0.1 LOCAL0', 'error'],
  ['global', 'log 127.0.0.1 local0 INFO', 'error'],
  ['global', 'log 127.0.0.1', 'error'],
  ['global', 'log 127.0.0.1 len 79 local0', 'error'],
  ['global', 'log 127.0.0.1 format json local0', 'error'],
  ['global', 'log 127.0.0.1 len 1024 format rfc5424 sample 1:2 local0 info notice', 'none'],
  ['global', 'log 127.0.0.1 local0 info notice debug', 'error'],
  ['frontend', 'bind 127.0.0.1:18081 ssl-min-ver TLSv1.4', 'error'],
  ['frontend', 'bind 127.0.0.1:18081 verify optional', 'none'],
  ['frontend', 'bind 127.0.0.1:18081 level root', 'error'],
  ['frontend', 'bind 127.0.0.1:18081 mss 0', 'error'],
  ['frontend', 'bind 127.0.0.1:18081 maxconn 10k', 'warning'],
  ['frontend', 'rate-limit sessions ten', 'error'],
  ['frontend', 'option dontlognull yes', 'error'],
  ['frontend', 'option httplog full', 'error'],
  ['frontend', 'option http-restrict-req-hdr-names drop', 'error'],
  ['frontend', 'http-request set-heder X-A b', 'error'],
  ['frontend', 'http-request set-header X-A b', 'none'],
  ['frontend', 'http-after-response set-status 200', 'none'],
  ['frontend', 'stick-table type ipv4 size 1m', 'error'],
  ['frontend', 'stick-table type ip size 1x', 'error'],
  ['backend', 'balance RoundRobin', 'error'],
  ['backend', 'balance hdr', 'error'],
  ['backend', 'balance hdr(host)', 'none'],
  ['backend', 'balance random(0)', 'error'],
  ['backend', 'balance hash req.hdr(host)', 'none'],
  ['backend', 'balance uri dept 2', 'error'],
  ['backend', 'balance url_param', 'error'],
  ['backend', 'hash-type consistant', 'error'],
  ['backend', 'hash-type consistent none', 'error'],
  ['backend', 'http-reuse ALWAYS', 'error'],
  ['backend', 'retry-on 503 conn-failures', 'error'],
  ['backend', 'retries 3 4', 'error'],
  ['backend', 'load-server-state-from-file remote', 'error'],
  ['backend', 'option httpchk GET', 'warning'],
  ['backend', 'option httpchk get /status', 'warning'],
  ['backend', 'server s2 127.0.0.1:81 weight 300', 'error'],
  ['backend', 'server s2 127.0.0.1:81 weight 10k', 'warning'],
  ['backend', 'server s2 127.0.0.1:81 rise 0', 'error'],
  ['backend', 'server s2 127.0.0.1:81 fall x', 'error'],
  ['backend', 'server s2 127.0.0.1:81 verify optional', 'error'],
  ['backend', 'server s2 127.0.0.1:81 observe layer5', 'error'],
  ['backend', 'server s2 127.0.0.1:81 on-error restart', 'error'],
  ['backend', 'server s2 127.0.0.1:81 resolve-prefer ipv5', 'error'],
  ['backend', 'server s2 127.0.0.1:81 ssl-min-ver tlsv1.2', 'error'],
];

function config(where: Where, line: string): { text: string; line: number } {
  const lines = [
    'global',
    '    #global',
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 5s',
    '    timeout server 5s',
    '    #defaults',
    'frontend fe',
    '    bind 127.0.0.1:18080',
    '    default_backend be',
    '    #frontend',
    'backend be',
    '    server s1 127.0.0.1:80',
    '    #backend',
  ];
  const index = lines.indexOf(`    #${where}`);
  lines[index] = `    ${line}`;
  return { text: lines.join('\n') + '\n', line: index };
}

test('invalid-argument agrees with haproxy -c 2.6 line by line', { skip: skipWithoutHaproxy() }, () => {
  const disagreements: string[] = [];
  for (const [where, line, ours] of LINES) {
    const { text, line: index } = config(where, line);
    const alert = haproxyCheck({ text }).messages.some((m) => m.level === 'ALERT' && m.line === index + 1);
    const findings = lint(text, 'haproxy', { haproxyVersion: '2.6' }).filter((f) => f.rule === 'invalid-argument' && f.range.start.line === index);
    const severity = findings.some((f) => f.severity === 'error') ? 'error' : findings.length ? 'warning' : 'none';
    if (severity !== ours) disagreements.push(`${line}: expected ${ours} from us, got ${severity}`);
    if (alert !== (ours === 'error')) disagreements.push(`${line}: haproxy ${alert ? 'refuses' : 'accepts'} it, but the table says ${ours}`);
  }
  assert.deepEqual(disagreements, []);
});
