import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { blankLineAfter, openDocument, ours } from './helpers';

describe('language ids', () => {
  it('opens haproxy.cfg as haproxy', async () => {
    const doc = await openDocument('haproxy.cfg');
    assert.equal(doc.languageId, 'haproxy');
  });

  it('opens bitbucket.properties as bitbucket-properties, not the built-in properties', async () => {
    const doc = await openDocument('bitbucket.properties');
    assert.equal(doc.languageId, 'bitbucket-properties');
  });

  it('leaves Tomcat conf/server.xml to the XML language', async () => {
    const doc = await openDocument('conf', 'server.xml');
    assert.equal(doc.languageId, 'xml');
  });

  it('does not claim an application app.cfg that is not HAProxy', async () => {
    const doc = await openDocument('app.cfg');
    assert.notEqual(doc.languageId, 'haproxy');
    assert.notEqual(doc.languageId, 'bitbucket-properties');
    // If our server were attached to this file it would offer HAProxy section names here.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      blankLineAfter(doc, 'port = 5432'),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(!labels.includes('frontend') && !labels.includes('backend'), `HAProxy completions offered in app.cfg: ${labels.join(', ')}`);
    // `ttl = 50x` would be a time-unit error if our server validated this file.
    assert.deepEqual(ours(doc.uri), []);
  });
});
