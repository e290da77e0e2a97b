/** The server.xml reader: positions, entity decoding, comments, and broken files. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decodeXmlText, encodeXmlAttribute, parseServerXml } from '../../server/src/serverxml/parser';
import { attribute, attributeAt, elementsAt } from '../../server/src/serverxml/tree';
import { contextPathAttribute, httpConnectors } from '../../server/src/serverxml/tomcat';

const XML = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<!-- haproxy-bitbucket-lint ignore=legacy-server-xml -->',
  '<Server port="8006">',
  '  <Service name="Catalina">',
  '    <Connector port="8009" protocol="AJP/1.3"/>',
  "    <Connector port='7990' proxyName=\"git.example.com\" scheme=\"https\"",
  '               secure="true"/>',
  '    <Engine><Host><Context path="/a&amp;b" docBase="${catalina.home}/x"/></Host></Engine>',
  '  </Service>',
  '</Server>',
  '',
].join('\n');

test('elements, attributes and exact ranges', () => {
  const xml = parseServerXml(XML);
  assert.deepEqual(xml.errors, []);
  assert.equal(xml.root?.name, 'Server');
  assert.deepEqual(elementsAt(xml, 'Connector', 'Service').length, 2);
  const http = httpConnectors(xml);
  assert.equal(http.length, 1);
  const port = attribute(http[0], 'port')!;
  assert.equal(port.value, '7990');
  assert.equal(port.quote, "'");
  assert.deepEqual(port.valueRange, { start: { line: 5, character: 21 }, end: { line: 5, character: 25 } });
  const secure = attribute(http[0], 'secure')!;
  assert.deepEqual(secure.range, { start: { line: 6, character: 15 }, end: { line: 6, character: 28 } });
  assert.equal(http[0].line, 5);
  const ctx = contextPathAttribute(xml)!;
  assert.equal(ctx.path.value, '/a&b');
  assert.equal(ctx.path.raw, '/a&amp;b');
  assert.equal(xml.comments.length, 1);
  assert.equal(xml.comments[0].text.trim(), 'haproxy-bitbucket-lint ignore=legacy-server-xml');
  assert.equal(xml.comments[0].ownLine, true);
  const at = attributeAt(xml, xml.source.offsetAt({ line: 5, character: 30 }));
  assert.equal(at?.attribute.name, 'proxyName');
});

test('entities and character references', () => {
  assert.equal(decodeXmlText('&lt;a&gt; &quot;b&quot; &apos;c&apos; &#65;&#x42; &unknown;'), '<a> "b" \'c\' AB &unknown;');
  assert.equal(encodeXmlAttribute('a&b<"c"', '"'), 'a&amp;b&lt;&quot;c&quot;');
  assert.equal(encodeXmlAttribute("it's", "'"), 'it&apos;s');
});

test('a broken file gives what could be read and errors, never an exception', () => {
  const broken = '<Server>\n  <Service>\n    <Connector port="7990" secure="true\n    <Engine><Host><Context path="/"/></Host></Engine>\n';
  const xml = parseServerXml(broken);
  assert.ok(xml.errors.length > 0);
  for (const e of xml.errors) assert.doesNotMatch(e.message, /-->|<--/, 'our own words, not the parser library’s');
  assert.equal(attribute(httpConnectors(xml)[0], 'port')?.value, '7990');
  assert.equal(contextPathAttribute(xml)?.path.value, '/');
});

test('inputs that are not XML at all', () => {
  for (const text of ['', 'garbage <<< >>', '<', '<?xml', '\u0000\u0001', '<a b=>', '<a><b></a>', '<!-- open']) {
    const xml = parseServerXml(text);
    assert.ok(Array.isArray(xml.elements), JSON.stringify(text));
  }
});
