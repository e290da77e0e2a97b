import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, openDocument, rangeIn } from './helpers';

async function hoverOn(file: string, line: string, word: string): Promise<{ text: string; ranges: vscode.Range[]; word: vscode.Range }> {
  const doc = await openDocument(file);
  const range = rangeIn(doc, line, word);
  // Ask in the middle of the word, as a mouse would.
  const position = range.start.translate(0, Math.floor(word.length / 2));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return { text: hoverText(hovers), ranges: hovers.map((h) => h.range).filter((r): r is vscode.Range => !!r), word: range };
}

describe('hover', () => {
  it('explains a keyword with the sections that allow it', async () => {
    const h = await hoverOn('haproxy.cfg', 'maxconn 4096', 'maxconn');
    assert.match(h.text, /\*\*maxconn\*\*/);
    assert.match(h.text, /Allowed in: [^\n]*\bglobal\b/);
    assert.match(h.text, /\[HAProxy manual\]\(https:\/\/docs\.haproxy\.org\//);
    assert.ok(h.ranges.some((r) => r.isEqual(h.word)), 'the hover range is the keyword');
  });

  it('covers both words of a two-word keyword', async () => {
    const h = await hoverOn('haproxy.cfg', 'option httpchk GET', 'option');
    assert.match(h.text, /\*\*option httpchk\*\*/);
    const doc = await openDocument('haproxy.cfg');
    const both = rangeIn(doc, 'option httpchk GET', 'option httpchk');
    assert.ok(h.ranges.some((r) => r.isEqual(both)), 'the hover range spans "option httpchk"');
  });

  it('turns a duration into words', async () => {
    const h = await hoverOn('haproxy.cfg', 'timeout server 1m', '1m');
    assert.match(h.text, /\*\*1m\*\* = 1 minute/);
  });

  it('gives the first and last address and the size of a CIDR block', async () => {
    const h = await hoverOn('haproxy.cfg', 'acl admin_net src', '192.168.5.128/26');
    assert.match(h.text, /192\.168\.5\.128 - 192\.168\.5\.191, 64 addresses/);
    assert.ok(h.ranges.some((r) => r.isEqual(h.word)));
  });

  it('describes a Bitbucket property key', async () => {
    const h = await hoverOn('bitbucket.properties', 'server.proxy-name=', 'server.proxy-name');
    assert.match(h.text, /\*\*server\.proxy-name\*\*/);
    assert.match(h.text, /Type: /);
  });

  it('sizes a CIDR block in the websudo allowlist', async () => {
    const h = await hoverOn('bitbucket.properties', 'websudo.allowlist.patterns=', '10.0.0.0/8');
    assert.match(h.text, /10\.0\.0\.0 - 10\.255\.255\.255, 16,777,216 addresses/);
  });
});
