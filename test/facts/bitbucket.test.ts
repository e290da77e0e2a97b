import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  allProperties,
  closestProperty,
  concreteKey,
  deprecatedProperty,
  isKeystorePasswordKey,
  isSecretKey,
  lookupProperty,
} from '../../server/src/facts/bitbucket';

test('lookupProperty finds exact keys with their facts', () => {
  const port = lookupProperty('server.port');
  assert.equal(port?.type, 'port');
  assert.equal(port?.default, '7990');
  const scheme = lookupProperty('server.scheme');
  assert.deepEqual(scheme?.allowed, ['http', 'https']);
  assert.equal(lookupProperty('application.mode')?.since, '4.13');
  assert.equal(lookupProperty('server.session.timeout')?.unit, 'seconds');
  assert.equal(lookupProperty('no.such.key'), undefined);
});

test('lookupProperty matches indexed keys for positive integers only', () => {
  const one = lookupProperty('server.additional-connector.1.port');
  assert.equal(one?.key, 'server.additional-connector.<n>.port');
  assert.ok(one?.pattern);
  assert.equal(lookupProperty('server.additional-connector.27.ssl.key-alias')?.key, 'server.additional-connector.<n>.ssl.key-alias');
  assert.equal(lookupProperty('server.additional-connector.0.port'), undefined);
  assert.equal(lookupProperty('server.additional-connector.x.port'), undefined);
  assert.equal(lookupProperty('server.additional-connector.<n>.port'), undefined);
});

test('every catalogue entry has a description in sentence form', () => {
  const all = allProperties();
  // 139 rows of the shared catalogue plus the additions of bitbucket-curated.json.
  assert.equal(all.length, 197);
  for (const p of all) {
    assert.ok(p.description.length > 20, p.key);
    assert.match(p.description, /^[A-Z'`(]/, p.key);
    assert.match(p.description, /[.)]$/, p.key);
  }
});

test('descriptive allowed-value notes are not treated as enumerations', () => {
  assert.equal(lookupProperty('server.ssl.key-store-type')?.allowed, undefined);
  assert.equal(lookupProperty('plugin.mirroring.upstream.type')?.allowed, undefined);
  assert.deepEqual(lookupProperty('audit.highest.priority.to.log')?.allowed, ['HIGH', 'MEDIUM', 'LOW', 'NONE']);
});

test('closestProperty measures typos, indexed keys included', () => {
  assert.deepEqual(closestProperty('server.port') && closestProperty('server.port')!.distance, 0);
  const typo = closestProperty('server.contxt-path');
  assert.equal(typo?.info.key, 'server.context-path');
  assert.equal(typo?.distance, 1);
  const indexed = closestProperty('server.additional-conector.3.port');
  assert.equal(indexed?.info.key, 'server.additional-connector.<n>.port');
  assert.equal(indexed?.distance, 1);
  assert.equal(concreteKey(indexed!.info, 'server.additional-conector.3.port'), 'server.additional-connector.3.port');
  assert.equal(concreteKey(lookupProperty('server.port')!, 'x'), 'server.port');
  assert.ok(closestProperty('completely.unrelated.thing')!.distance > 2);
});

test('the server.* family includes connector, session, TLS and compression keys', () => {
  for (const key of ['server.address', 'server.compression.enabled', 'server.session.cookie.secure', 'server.ssl.client-auth', 'server.tomcat.remote-ip-header']) {
    assert.ok(lookupProperty(key), key);
  }
  assert.deepEqual(lookupProperty('server.ssl.client-auth')?.allowed, ['none', 'want', 'need']);
  assert.equal(lookupProperty('server.additional-connector.3.require-ssl')?.type, 'boolean');
  assert.equal(lookupProperty('server.connection-timeout')?.unit, 'milliseconds');
  // No default is claimed without a source.
  assert.equal(lookupProperty('server.compression.enabled')?.default, undefined);
});

test('renamed keys point at their replacement', () => {
  const old = deprecatedProperty('plugin.stash-audit.max.entity.rows');
  assert.equal(old?.replacement, 'plugin.bitbucket-audit.max.entity.rows');
  assert.equal(old?.severity, 'warning');
  assert.equal(deprecatedProperty('plugin.search.elasticsearch.baseurl')?.severity, 'information');
  assert.equal(deprecatedProperty('server.port'), undefined);
  assert.equal(deprecatedProperty('no.such.key'), undefined);
});

test('secrets are recognised by catalogue type or by name', () => {
  assert.ok(isSecretKey('jdbc.password'));
  assert.ok(isSecretKey('server.additional-connector.2.ssl.key-store-password'));
  assert.ok(isSecretKey('com.acme.api-token'));
  assert.ok(isSecretKey('my.plugin.secret'));
  assert.ok(!isSecretKey('jdbc.user'));
  assert.ok(!isSecretKey('jdbc.password.decrypter.classname'));
  assert.ok(!isSecretKey('my.plugin.token.ttl'));
  assert.ok(isKeystorePasswordKey('server.ssl.key-password'));
  assert.ok(isKeystorePasswordKey('server.additional-connector.1.ssl.trust-store-password'));
  assert.ok(!isKeystorePasswordKey('jdbc.password'));
});
