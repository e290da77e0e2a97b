/**
 * Outline and breadcrumbs need document symbols whose ranges nest: a child inside its
 * parent, the selection range inside the symbol, siblings in order and never
 * overlapping. Checked on every corpus file of both languages, and on the cases that used
 * to break it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Position, Range } from '../../server/src/common/types';
import type { LanguageId } from '../../server/src/common/types';
import { parseDocument } from '../../server/src/service';
import { documentSymbols, type DocumentSymbol } from '../../server/src/features/symbols';
import { skipWithoutCorpus } from '../helpers/shared';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const inside = (inner: Range, outer: Range) => before(outer.start, inner.start) && before(inner.end, outer.end);
const show = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

function checkNesting(symbols: DocumentSymbol[], where: string, parent?: DocumentSymbol): void {
  symbols.forEach((s, i) => {
    assert.ok(inside(s.selectionRange, s.range), `${where}: selection ${show(s.selectionRange)} of '${s.name}' outside ${show(s.range)}`);
    if (parent) assert.ok(inside(s.range, parent.range), `${where}: '${s.name}' ${show(s.range)} outside '${parent.name}' ${show(parent.range)}`);
    const next = symbols[i + 1];
    if (next) {
      const apart = before(s.range.end, next.range.start) && !(s.range.end.line === next.range.start.line && s.range.end.character > next.range.start.character);
      assert.ok(apart, `${where}: '${s.name}' ${show(s.range)} overlaps '${next.name}' ${show(next.range)}`);
    }
    checkNesting(s.children, where, s);
  });
}

function files(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p, ext);
    return ext.test(name) ? [p] : [];
  });
}

const corpus: [string, LanguageId][] = [
  ...files(path.join(SHARED, 'haproxy'), /\.cfg$/).map((f) => [f, 'haproxy'] as [string, LanguageId]),
  ...files(path.join(SHARED, 'bitbucket'), /\.properties$/).map((f) => [f, 'bitbucket-properties'] as [string, LanguageId]),
];

test('document symbols nest properly in every corpus file', { skip: skipWithoutCorpus() }, () => {
  assert.ok(corpus.length > 300);
  for (const [file, language] of corpus) {
    checkNesting(documentSymbols(parseDocument(readFileSync(file, 'utf8'), language)), path.basename(file));
  }
});

test('a section symbol starts at the beginning of its header line', () => {
  const symbols = documentSymbols(parseDocument('  backend be\n    server s1 127.0.0.1:80\n', 'haproxy'));
  assert.deepEqual(symbols[0].range.start, { line: 0, character: 0 });
  assert.deepEqual(symbols[0].selectionRange, { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } });
});

test('interleaved property prefixes form consecutive groups that do not overlap', () => {
  const text = ['server.port=7990', 'setup.baseUrl=https://git.example.com', 'server.secure=true', 'server.scheme=https', 'plain=1', ''].join('\n');
  const symbols = documentSymbols(parseDocument(text, 'bitbucket-properties'));
  assert.deepEqual(
    symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
    [
      ['server', ['server.port']],
      ['setup', ['setup.baseUrl']],
      ['server', ['server.secure', 'server.scheme']],
      ['plain', []],
    ],
  );
  checkNesting(symbols, 'interleaved');
});
