import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  SUPPORTED_VERSIONS,
  bindOptions,
  editDistance,
  isKeywordPrefix,
  keywordByName,
  keywordsForSection,
  lookupKeyword,
  manualUrl,
  normaliseVersion,
  optionNames,
  proxyMisplacement,
  removedKeyword,
  sampleInfo,
  sampleNames,
  sectionDoc,
  sectionIsComplete,
  serverOptions,
  suggest,
  timeoutKinds,
  unparsedSectionVersions,
  versionsIn,
} from '../../server/src/facts/haproxy';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHaproxy } from '../../server/src/haproxy/parser';

test('supported versions, oldest first', () => {
  assert.deepEqual([...SUPPORTED_VERSIONS], ['2.4', '2.6', '2.8', '3.0', '3.2', '3.5-dev']);
});

test('normaliseVersion maps point releases, aliases and unknowns', () => {
  assert.equal(normaliseVersion('2.6.12'), '2.6');
  assert.equal(normaliseVersion('2.6'), '2.6');
  assert.equal(normaliseVersion('v2.8.3'), '2.8');
  assert.equal(normaliseVersion('HAProxy 3.0'), '3.0');
  assert.equal(normaliseVersion('3.5-dev5'), '3.5-dev');
  assert.equal(normaliseVersion('3.5'), '3.5-dev');
  assert.equal(normaliseVersion('latest'), '3.5-dev');
  assert.equal(normaliseVersion('2.7'), undefined);
  assert.equal(normaliseVersion('banana'), undefined);
  assert.equal(normaliseVersion(''), undefined);
  assert.equal(normaliseVersion(undefined), undefined);
});

test('lookupKeyword finds the longest multi-word keyword', () => {
  const httplog = lookupKeyword(['option', 'httplog', 'clf']);
  assert.equal(httplog?.info.name, 'option httplog');
  assert.equal(httplog?.wordCount, 2);
  const capture = lookupKeyword(['capture', 'request', 'header', 'Host', 'len', '64']);
  assert.equal(capture?.info.name, 'capture request header');
  assert.equal(capture?.wordCount, 3);
  assert.equal(lookupKeyword(['timeout', 'client', '30s'])?.info.name, 'timeout client');
  assert.equal(lookupKeyword(['http-check', 'send', 'meth', 'GET'])?.info.name, 'http-check send');
  assert.equal(lookupKeyword(['stats', 'enable'])?.info.name, 'stats enable');
  assert.equal(lookupKeyword(['stats', 'socket', '/run/x.sock'])?.info.name, 'stats socket');
  assert.equal(lookupKeyword(['bind', ':443'])?.info.name, 'bind');
  assert.equal(lookupKeyword(['bind', ':443'])?.wordCount, 1);
});

test("lookupKeyword counts a leading 'no' in wordCount", () => {
  const m = lookupKeyword(['no', 'option', 'httpclose']);
  assert.equal(m?.info.name, 'option httpclose');
  assert.equal(m?.wordCount, 3);
  assert.equal(m?.info.noPrefix, true);
  assert.equal(lookupKeyword(['no', 'log'])?.wordCount, 2);
});

test('lookupKeyword ignores an argument in brackets after the keyword word', () => {
  assert.equal(lookupKeyword(['http-check', 'set-var(check.port)', 'int(80)'])?.info.name, 'http-check set-var');
});

test('lookupKeyword returns undefined for unknown words', () => {
  assert.equal(lookupKeyword(['option', 'nonsense']), undefined);
  assert.equal(lookupKeyword(['frobnicate']), undefined);
  assert.equal(lookupKeyword([]), undefined);
  assert.equal(lookupKeyword(['no']), undefined);
});

test('keywords carry their sections, versions and flags', () => {
  const bind = keywordByName('bind')!;
  assert.deepEqual([...bind.sections].sort(), ['frontend', 'listen', 'log-forward', 'peers']);
  assert.deepEqual(bind.versions, [...SUPPORTED_VERSIONS]);
  const daemon = keywordByName('daemon')!;
  assert.deepEqual(daemon.sections, ['global']);
  const nbproc = keywordByName('nbproc')!;
  assert.deepEqual(nbproc.versions, ['2.4']);
  assert.equal(keywordByName('transparent')?.deprecated, true);
  assert.equal(keywordByName('http-request')?.namedDefaultsOnly, true);
  // The 2.6 keyword dump adds what the 2.6.0 manual missed.
  assert.ok(keywordByName('tune.peers.max-updates-at-once')!.versions.includes('2.6'));
  // Per-section versions: 'shards' in peers came with 2.8.
  assert.deepEqual(versionsIn(keywordByName('shards')!, 'peers'), ['2.8', '3.0', '3.2', '3.5-dev']);
  assert.deepEqual(versionsIn(keywordByName('shards')!, 'frontend'), []);
});

test('keywordsForSection filters by section and version', () => {
  const global26 = keywordsForSection('global', '2.6').map((k) => k.name);
  assert.ok(global26.includes('daemon'));
  assert.ok(global26.includes('ssl-default-bind-ciphersuites'));
  assert.ok(!global26.includes('nbproc'));
  assert.ok(!global26.includes('bind'));
  const peers = keywordsForSection('peers').map((k) => k.name);
  assert.deepEqual(peers.sort(), ['bind', 'default-bind', 'default-server', 'disabled', 'enabled', 'log', 'peer', 'server', 'shards', 'table']);
  assert.ok(!keywordsForSection('peers', '2.6').some((k) => k.name === 'shards'));
});

test('option names and timeout kinds per section', () => {
  const fe = optionNames('frontend');
  assert.ok(fe.includes('httplog'));
  assert.ok(fe.includes('forwardfor'));
  assert.ok(!fe.includes('httpchk'));
  assert.ok(optionNames('backend').includes('httpchk'));
  assert.deepEqual(optionNames('global'), []);
  assert.ok(optionNames('frontend', '2.6').includes('http-restrict-req-hdr-names'));
  assert.ok(!optionNames('frontend', '2.4').includes('http-restrict-req-hdr-names'));
  assert.ok(timeoutKinds('defaults').includes('http-request'));
  assert.ok(!timeoutKinds('backend').includes('client'));
  assert.deepEqual(timeoutKinds('resolvers'), ['resolve', 'retry']);
  assert.deepEqual(timeoutKinds('mailers'), ['mail']);
  assert.ok(timeoutKinds('defaults', '3.0').includes('client-hs'));
  assert.ok(!timeoutKinds('defaults', '2.8').includes('client-hs'));
});

test('prefix words and removed keywords', () => {
  assert.ok(isKeywordPrefix('option'));
  assert.ok(isKeywordPrefix('timeout'));
  assert.ok(!isKeywordPrefix('bind'));
  assert.equal(removedKeyword(['clitimeout', '5s'])?.removed.fix, 'timeout client');
  assert.equal(removedKeyword(['option', 'forceclose'])?.wordCount, 2);
  assert.equal(removedKeyword(['daemon']), undefined);
});

test('bind and server options per version, with arguments', () => {
  const bind26 = new Map(bindOptions('2.6').map((o) => [o.name, o]));
  assert.equal(bind26.get('crt')?.takesArgument, true);
  assert.equal(bind26.get('ssl')?.takesArgument, false);
  assert.equal(bind26.get('accept-proxy')?.takesArgument, false);
  assert.ok(bind26.get('ssl')?.summary);
  assert.ok(!bind26.has('sigalgs'));
  assert.ok(bindOptions('2.8').some((o) => o.name === 'sigalgs'));
  assert.ok(bindOptions().length >= bindOptions('2.4').length);
  const server26 = new Map(serverOptions('2.6.12').map((o) => [o.name, o]));
  assert.equal(server26.get('check')?.takesArgument, false);
  assert.equal(server26.get('inter')?.takesArgument, true);
  assert.ok(server26.has('resolve-opts'));
  assert.ok(!serverOptions().some((o) => o.name === 'address'));
  assert.ok(serverOptions('3.5-dev').some((o) => o.name === 'sni-auto'));
});

test('sections: documentation and completeness', () => {
  for (const kind of ['global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'resolvers'] as const) {
    const doc = sectionDoc(kind);
    assert.ok(doc.summary.length > 20, kind);
    assert.ok(doc.syntax.startsWith(kind), kind);
  }
  assert.equal(sectionIsComplete('frontend'), true);
  assert.equal(sectionIsComplete('acme'), false);
});

test('proxy keywords on the wrong side: ignored or rejected', () => {
  assert.equal(proxyMisplacement('balance', 'frontend'), 'ignored');
  assert.equal(proxyMisplacement('server', 'frontend'), 'rejected');
  assert.equal(proxyMisplacement('tcp-request connection', 'backend'), 'rejected');
  assert.equal(proxyMisplacement('bind', 'defaults'), 'rejected');
});

test('newer section kinds: versions known, their lines kept out of the previous section', () => {
  assert.deepEqual(unparsedSectionVersions('log-profile'), ['3.2', '3.5-dev']);
  assert.equal(unparsedSectionVersions('frontend'), undefined);
  const config = parseHaproxy('defaults\n    mode http\nlog-profile lp\n    on any format x\n');
  assert.deepEqual(config.sections.map((s) => [s.kind, s.statements.map((st) => st.words[0].text)]), [
    ['defaults', ['mode']],
    ['log-profile', ['on']],
  ]);
});

test('manualUrl links to the version and the keyword anchor', () => {
  assert.equal(manualUrl('2.6.12'), 'https://docs.haproxy.org/2.6/configuration.html');
  assert.equal(manualUrl('2.6', 'option httplog'), 'https://docs.haproxy.org/2.6/configuration.html#4.2-option%20httplog');
  assert.equal(manualUrl('2.8', 'timeout client'), 'https://docs.haproxy.org/2.8/configuration.html#4.2-timeout%20client');
  assert.equal(manualUrl('2.6', 'daemon'), 'https://docs.haproxy.org/2.6/configuration.html#3.1-daemon');
  assert.equal(manualUrl('2.6', 'tune.ssl.default-dh-param'), 'https://docs.haproxy.org/2.6/configuration.html#3.2-tune.ssl.default-dh-param');
  assert.equal(manualUrl('2.6', 'stats socket'), 'https://docs.haproxy.org/2.6/configuration.html#3.1-stats%20socket');
  assert.equal(manualUrl('2.6', 'maxconn', 'global'), 'https://docs.haproxy.org/2.6/configuration.html#3.2-maxconn');
  assert.equal(manualUrl('2.6', 'maxconn'), 'https://docs.haproxy.org/2.6/configuration.html#4.2-maxconn');
  assert.equal(manualUrl('3.0', 'crt', 'bind'), 'https://docs.haproxy.org/3.0/configuration.html#5.1-crt');
  assert.equal(manualUrl('3.0', 'check', 'server'), 'https://docs.haproxy.org/3.0/configuration.html#5.2-check');
  assert.equal(manualUrl('latest', 'bind'), 'https://docs.haproxy.org/dev/configuration.html#4.2-bind');
  assert.equal(manualUrl(undefined, 'nonsense'), 'https://docs.haproxy.org/3.2/configuration.html');
  assert.equal(manualUrl('2.6', 'peer', 'peers'), 'https://docs.haproxy.org/2.6/configuration.html');
});

test('suggest picks the closest candidate within the distance', () => {
  assert.equal(suggest('daemn', ['daemon', 'maxconn']), 'daemon');
  assert.equal(suggest('httplgo', ['httplog', 'httpchk', 'tcplog']), 'httplog');
  assert.equal(suggest('clinet', ['client', 'server', 'connect']), 'client');
  assert.equal(suggest('zzzzzz', ['client', 'server']), undefined);
  assert.equal(suggest('abc', ['abd', 'abe']), 'abd');
  assert.equal(suggest('client', ['client']), undefined);
  assert.equal(suggest('maxcon', ['maxconn'], 0), undefined);
});

test('editDistance counts a swap of neighbours as one edit', () => {
  assert.equal(editDistance('prot', 'port'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
});

test('hover texts: every documented name exists, and common keywords are documented', () => {
  const docs = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'server', 'src', 'facts', 'haproxy-docs.json'), 'utf8'));
  for (const name of Object.keys(docs.keywords)) assert.ok(keywordByName(name), `documented keyword '${name}' is unknown`);
  const bindNames = new Set(bindOptions().map((o) => o.name));
  for (const name of Object.keys(docs.bindOptions)) assert.ok(bindNames.has(name), `documented bind option '${name}' is unknown`);
  const serverNames = new Set(serverOptions().map((o) => o.name));
  for (const name of Object.keys(docs.serverOptions)) assert.ok(serverNames.has(name), `documented server option '${name}' is unknown`);
  assert.ok(Object.keys(docs.keywords).length >= 150);
  for (const words of [['daemon'], ['maxconn', '100'], ['option', 'forwardfor'], ['timeout', 'http-request', '10s'], ['stats', 'socket', 'x'], ['bind', ':443'], ['server', 's1', 'a:1']]) {
    const info = lookupKeyword(words)!.info;
    assert.ok(info.summary && info.syntax, `no hover text for '${info.name}'`);
  }
  assert.equal(lookupKeyword(['balance', 'roundrobin'])!.info.defaultValue, 'roundrobin');
  for (const kind of Object.keys(docs.sections)) assert.ok(sectionDoc(kind as never).summary === docs.sections[kind].summary);
});

test('keywords carry their lifecycle: deprecations, removals and renames', () => {
  const bindProcess = keywordByName('bind-process')!;
  assert.equal(bindProcess.lifecycle?.deprecatedSince, '2.5');
  assert.equal(bindProcess.lifecycle?.removedIn, '2.7');
  assert.deepEqual(bindProcess.versions, ['2.4', '2.6']);
  assert.equal(keywordByName('tune.ssl.capture-cipherlist-size')!.lifecycle?.fix, 'tune.ssl.capture-buffer-size');
  assert.deepEqual(keywordByName('tune.ssl.ocsp-update.maxdelay')!.deprecatedIn, ['3.0', '3.2', '3.5-dev']);
  assert.equal(keywordByName('transparent')!.deprecated, true);
  assert.equal(keywordByName('timeout client')!.lifecycle, undefined);
  const process = bindOptions().find((o) => o.name === 'process')!;
  assert.equal(process.lifecycle?.removedIn, '2.7');
});

test('HTTP-only keywords are marked, from the dump and from our docs', () => {
  assert.deepEqual(keywordByName('option prefer-last-server')!.modes, ['http']);
  assert.deepEqual(keywordByName('http-request')!.modes, ['http']);
  assert.deepEqual(keywordByName('option httplog')!.modes, ['http']);
  assert.equal(keywordByName('option httpchk')!.modes, undefined);
  assert.equal(keywordByName('balance')!.modes, undefined);
});

test('every keyword and option has a written description', () => {
  for (const section of ['global', 'defaults', 'frontend', 'backend', 'listen', 'peers', 'resolvers', 'cache'] as const) {
    for (const info of keywordsForSection(section)) assert.ok(info.summary && info.syntax, `${info.name} in ${section}`);
  }
  for (const o of [...bindOptions(), ...serverOptions()]) assert.ok(o.summary, o.name);
});

test('sampleInfo describes actions, fetches, converters and ACL keywords of 2.6', () => {
  const fetch = sampleInfo('fetch', 'req.hdr')!;
  assert.equal(fetch.args, '[string,integer]');
  assert.equal(fetch.output, 'str');
  assert.ok(fetch.usableIn!.includes('frontend http-request header'));
  assert.ok(!fetch.usableIn!.includes('frontend tcp-request connection'));
  assert.match(sampleInfo('fetch', 'sc0_http_req_rate')!.summary, /stick counter 0/);
  assert.match(sampleInfo('fetch', 'ssl_c_s_dn')!.summary, /client presented/);
  assert.equal(sampleInfo('converter', 'lower')!.input, 'str');
  assert.match(sampleInfo('converter', 'map_beg_ip')!.summary, /prefix match/);
  assert.deepEqual(sampleInfo('acl', 'path_beg')!.fetch, 'path');
  assert.ok(sampleInfo('action', 'set-header')!.ruleSets!.includes('http-response'));
  assert.ok(sampleInfo('filter', 'compression'));
  assert.ok(sampleInfo('service', 'prometheus-exporter'));
  assert.equal(sampleInfo('fetch', 'no_such_fetch'), undefined);
  assert.ok(sampleNames('converter').includes('json_query'));
});
