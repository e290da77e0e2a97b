import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service';
import { hover } from '../../server/src/features/hover';
import { complete } from '../../server/src/features/completion';
import { keywordByName } from '../../server/src/facts/haproxy';
import { keywordMarkdown, syntaxSnippet, versionSummary } from '../../server/src/features/keyword-docs';
import type { Settings } from '../../server/src/common/types';

const any: Settings = { rules: {} };

function hoverAt(text: string, line: number, character: number, settings: Settings = any) {
  return hover(parseDocument(text, 'haproxy'), { line, character }, settings);
}

const config = [
  'global',
  '    tune.ssl.capture-cipherlist-size 96',
  'defaults',
  '    mode http',
  '    timeout client 30s',
  '    option httplog',
  'frontend fe',
  '    bind :443 ssl crt /x.pem process 1',
  '    capture request header Host len 64',
  '    acl api path_beg,lower /rest/api',
  '    http-request set-header X-Forwarded-Proto https if { ssl_fc }',
  '    default_backend be',
  'backend be',
  '    http-check send meth GET uri /status',
  '    server s1 127.0.0.1:7990 check',
].join('\n');

test('hover anywhere on a multi-word keyword describes the whole keyword', () => {
  for (const [line, character, name] of [
    [4, 5, 'timeout client'],
    [4, 13, 'timeout client'],
    [5, 12, 'option httplog'],
    [8, 4, 'capture request header'],
    [8, 20, 'capture request header'],
    [13, 16, 'http-check send'],
  ] as [number, number, string][]) {
    const h = hoverAt(config, line, character);
    assert.ok(h, `no hover at ${line}:${character}`);
    assert.match(h.contents, new RegExp(`^\\*\\*${name}\\*\\*`), `${line}:${character}`);
  }
});

test('keyword hover: description, syntax, sections, modes, default, versions and a manual link of the target', () => {
  const h = hoverAt(config, 4, 6, { rules: {}, haproxyVersion: '2.6' })!;
  assert.match(h.contents, /```haproxy\ntimeout client <time>\n```/);
  assert.match(h.contents, /- Allowed in: [^\n]*frontend/);
  assert.match(h.contents, /- Proxy modes: TCP and HTTP/);
  assert.match(h.contents, /- Versions: HAProxy 2\.4 to 3\.5-dev \(latest\)/);
  assert.match(h.contents, /\[HAProxy 2\.6 manual\]\(https:\/\/docs\.haproxy\.org\/2\.6\/configuration\.html#4\.2-timeout%20client\)/);
  const log = hoverAt(config, 5, 6)!;
  assert.match(log.contents, /Proxy modes: HTTP only/);
});

test('keyword hover shows deprecation and the replacement', () => {
  const h = hoverAt(config, 1, 8)!;
  assert.match(h.contents, /Deprecated since 2\.6: use 'tune\.ssl\.capture-buffer-size'/);
  const bind = hoverAt(config, 7, 31)!;
  assert.match(bind.contents, /\*\*process\*\* \(bind option\)/);
  assert.match(bind.contents, /Deprecated since 2\.5, removed in 2\.7/);
  assert.match(bind.contents, /HAProxy 2\.4 to 2\.6 \(not in versions after 2\.6\)/);
});

test('hover on actions, fetches, converters and ACL keywords', () => {
  const action = hoverAt(config, 10, 20)!;
  assert.match(action.contents, /\*\*set-header\*\* \(action\)/);
  assert.match(action.contents, /Accepted by: [^\n]*http-request/);
  const fetch = hoverAt(config, 9, 14)!;
  assert.match(fetch.contents, /\*\*path_beg\*\* \(ACL keyword\)/);
  const converter = hoverAt(config, 9, 22)!;
  assert.match(converter.contents, /\*\*lower\*\* \(converter\)/);
  const inCondition = hoverAt(config, 10, 60)!;
  assert.match(inCondition.contents, /\*\*ssl_fc\*\* \(sample fetch\)/);
  assert.match(inCondition.contents, /Usable in: /);
  // Server names are not expressions.
  assert.equal(hoverAt('backend b\n    server src 127.0.0.1:80', 1, 12), null);
});

test('versionSummary names first and last versions', () => {
  assert.equal(versionSummary(['2.4', '2.6', '2.8', '3.0', '3.2', '3.5-dev']), 'HAProxy 2.4 to 3.5-dev (latest)');
  assert.equal(versionSummary(['2.6', '2.8', '3.0', '3.2', '3.5-dev']), 'HAProxy 2.6 to 3.5-dev (latest) (new in 2.6)');
  assert.equal(versionSummary(['3.5-dev']), 'HAProxy 3.5-dev (latest) (new in 3.5-dev)');
  assert.equal(versionSummary(['2.4', '3.0']), 'HAProxy 2.4, 3.0 (not in versions after 3.0)');
  assert.equal(versionSummary([]), '');
});

test('keyword documentation flags a target that lacks the keyword', () => {
  const md = keywordMarkdown(keywordByName('option http-restrict-req-hdr-names')!, '2.4');
  assert.match(md, /Not available in HAProxy 2\.4/);
});

test('syntax snippets insert placeholders for required arguments only', () => {
  assert.equal(syntaxSnippet('timeout client <timeout>', 'timeout client', 'client'), 'client ${1:timeout}');
  assert.equal(syntaxSnippet('mode <tcp|http>', 'mode', 'mode'), 'mode ${1|tcp,http|}');
  assert.equal(syntaxSnippet('option httplog [clf]', 'option httplog', 'httplog'), undefined);
  assert.equal(syntaxSnippet('[no] option http-keep-alive', 'option http-keep-alive', 'http-keep-alive'), undefined);
  assert.equal(syntaxSnippet('balance <algorithm> [<arguments>]', 'balance', 'balance'), 'balance ${1:algorithm}');
  assert.equal(syntaxSnippet(undefined, 'x', 'x'), undefined);
  assert.equal(syntaxSnippet('other <a>', 'x', 'x'), undefined);
});

test('completion items carry the hover documentation and argument snippets', () => {
  const text = 'defaults\n    \nfrontend fe\n    timeout \n    option \n    bind :80 ';
  const doc = parseDocument(text, 'haproxy');
  const atStart = complete(doc, { line: 1, character: 4 }, { rules: {}, haproxyVersion: '2.6' });
  const maxconn = atStart.find((c) => c.label === 'maxconn')!;
  assert.match(maxconn.documentation!, /^\*\*maxconn\*\*/);
  assert.equal(maxconn.snippet, true);
  assert.match(maxconn.insertText!, /^maxconn \$\{1:/);
  const timeoutWord = atStart.find((c) => c.label === 'timeout')!;
  assert.match(timeoutWord.documentation!, /followed by one of: [^\n]*`client`/);
  const kinds = complete(doc, { line: 3, character: 12 }, any);
  const client = kinds.find((c) => c.label === 'client')!;
  assert.equal(client.insertText, 'client ${1:time}');
  assert.match(client.documentation!, /Allowed in:/);
  const options = complete(doc, { line: 4, character: 11 }, any);
  assert.match(options.find((c) => c.label === 'httplog')!.documentation!, /^\*\*option httplog\*\*/);
  const bindOptions = complete(doc, { line: 5, character: 13 }, any);
  const crt = bindOptions.find((c) => c.label === 'crt')!;
  assert.equal(crt.insertText, 'crt ${1:value}');
  assert.match(crt.documentation!, /\(bind option\)/);
  const actions = complete(parseDocument('frontend f\n    http-request ', 'haproxy'), { line: 1, character: 17 }, any);
  const setHeader = actions.find((c) => c.label === 'set-header')!;
  assert.match(setHeader.documentation!, /\*\*set-header\*\* \(action\)/);
  const modes = complete(parseDocument('defaults\n    mode ', 'haproxy'), { line: 1, character: 9 }, { rules: {}, haproxyVersion: '2.6' });
  assert.deepEqual(modes.map((m) => m.label), ['tcp', 'http']);
});
