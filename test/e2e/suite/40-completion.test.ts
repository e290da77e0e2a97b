import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { blankLineAfter, openDocument, rangeIn } from './helpers';

type Item = { label: string; kind: vscode.CompletionItemKind | undefined };

async function complete(doc: vscode.TextDocument, position: vscode.Position): Promise<Item[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items.map((i) => ({ label: typeof i.label === 'string' ? i.label : i.label.label, kind: i.kind }));
}

function labels(items: Item[], kind: vscode.CompletionItemKind): Set<string> {
  return new Set(items.filter((i) => i.kind === kind).map((i) => i.label));
}

function assertHas(set: Set<string>, names: string[], where: string): void {
  const missing = names.filter((n) => !set.has(n));
  assert.deepEqual(missing, [], `${where} should offer ${missing.join(', ')}`);
}

function assertLacks(set: Set<string>, names: string[], where: string): void {
  const present = names.filter((n) => set.has(n));
  assert.deepEqual(present, [], `${where} should not offer ${present.join(', ')}`);
}

describe('completion', () => {
  it('offers backend keywords inside a backend, and not frontend-only ones', async () => {
    const doc = await openDocument('haproxy.cfg');
    const items = await complete(doc, blankLineAfter(doc, 'backend bitbucket_http'));
    const keywords = labels(items, vscode.CompletionItemKind.Keyword);
    assertHas(keywords, ['server', 'balance', 'http-check'], 'a backend');
    assertLacks(keywords, ['bind', 'default_backend', 'use_backend'], 'a backend');
    assertHas(labels(items, vscode.CompletionItemKind.Module), ['frontend', 'backend'], 'a new line');
  });

  it('offers frontend keywords inside a frontend, and not backend-only ones', async () => {
    const doc = await openDocument('haproxy.cfg');
    const items = await complete(doc, blankLineAfter(doc, 'bind 10.0.0.10:443'));
    const keywords = labels(items, vscode.CompletionItemKind.Keyword);
    assertHas(keywords, ['bind', 'default_backend', 'use_backend'], 'a frontend');
    assertLacks(keywords, ['server', 'balance'], 'a frontend');
  });

  it('offers the options a backend accepts after "option"', async () => {
    const doc = await openDocument('haproxy.cfg');
    const after = rangeIn(doc, 'option httpchk GET', 'option ').end;
    const options = labels(await complete(doc, after), vscode.CompletionItemKind.Property);
    assertHas(options, ['httpchk', 'forwardfor', 'http-server-close'], '"option" in a backend');
  });

  it('offers the backends of the file after use_backend', async () => {
    const doc = await openDocument('haproxy.cfg');
    const after = rangeIn(doc, 'use_backend bitbucket_htp', 'use_backend ').end;
    const items = await complete(doc, after);
    assertHas(labels(items, vscode.CompletionItemKind.Reference), ['bitbucket_http'], 'use_backend');
  });

  it('offers Bitbucket property keys in bitbucket.properties', async () => {
    const doc = await openDocument('bitbucket.properties');
    const items = await complete(doc, blankLineAfter(doc, 'server.proxy-nmae='));
    const keys = labels(items, vscode.CompletionItemKind.Property);
    assertHas(keys, ['server.proxy-name', 'server.proxy-port', 'setup.baseUrl', 'feature.websudo'], 'a properties file');
  });

  it('offers true and false for a boolean property value', async () => {
    const doc = await openDocument('bitbucket.properties');
    const values = labels(await complete(doc, rangeIn(doc, 'feature.websudo=true', 'true').start), vscode.CompletionItemKind.Value);
    assertHas(values, ['true', 'false'], 'feature.websudo=');
  });
});
