/**
 * Formatting never changes what HAProxy reads, shown on every file of the shared corpus:
 * - the formatted text tokenises to the same words (value and spelling), the same
 *   sections, the same `.if` directives and the same comments, line for line;
 * - line breaks and a byte order mark are untouched;
 * - formatting twice gives the same text as formatting once;
 * - and, where `haproxy -c` is installed, it says exactly the same about the original and
 *   the formatted text of every file it accepts.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import type { HaproxyConfig } from '../../server/src/haproxy/ast';
import { formatHaproxy } from '../../server/src/features/formatting';
import { applyEdits } from '../helpers/rule-tester';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';
import { acceptedHaproxyFiles, haproxyCorpusFiles, skipWithoutCorpus } from '../helpers/shared';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'haproxy');

/** Everything HAProxy reads from a file, without positions inside a line. */
function meaning(config: HaproxyConfig) {
  const src = config.source;
  return {
    statements: config.statements.map((s) => ({ line: s.line, words: s.words.map((w) => [w.text, w.raw]), depth: s.conditionalDepth })),
    sections: config.sections.map((s) => ({ kind: s.kind, name: s.name?.text, from: s.from?.text, line: s.header.line, last: s.lastLine })),
    directives: config.directives.map((d) => ({ kind: d.kind, line: d.line, words: d.words.map((w) => w.raw) })),
    comments: config.comments.map((c) => ({ line: c.line, text: c.text, ownLine: c.ownLine })),
    errors: config.errors.map((e) => `${e.range.start.line} ${e.severity} ${e.message}`),
    lineBreaks: Array.from({ length: src.lineCount }, (_, i) => src.lineBreak(i)),
    bom: src.text.charCodeAt(0) === 0xfeff,
  };
}

const files = haproxyCorpusFiles();

test('the corpus is there', { skip: skipWithoutCorpus() }, () => {
  assert.ok(files.length > 300, `expected the shared corpus under ${CORPUS}`);
});

test('formatting keeps every word, section, directive and comment of every corpus file, and is idempotent', { skip: skipWithoutCorpus() }, () => {
  let changed = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const before = parseHaproxy(text);
    const formatted = applyEdits(text, formatHaproxy(before));
    if (formatted !== text) changed++;
    const after = parseHaproxy(formatted);
    assert.deepEqual(meaning(after), meaning(before), `${path.relative(CORPUS, file)}: formatting changed what HAProxy reads`);
    assert.equal(applyEdits(formatted, formatHaproxy(after)), formatted, `${path.relative(CORPUS, file)}: formatting twice differs`);
    // Options change indentation only.
    const tabs = applyEdits(text, formatHaproxy(before, { insertSpaces: false }));
    assert.deepEqual(meaning(parseHaproxy(tabs)), meaning(before), `${path.relative(CORPUS, file)}: tab formatting changed the meaning`);
  }
  // The corpus is written in many styles: most files have something to format.
  assert.ok(changed > files.length / 2, `only ${changed} of ${files.length} files changed`);
});

test('haproxy -c says the same about each accepted corpus file before and after formatting', { skip: skipWithoutCorpus() || skipWithoutHaproxy() }, () => {
  const labels = acceptedHaproxyFiles();
  assert.ok(labels.length > 100);
  const normalise = (messages: { level: string; text: string }[]) =>
    messages.map((m) => `${m.level} ${m.text.replace(/\/tmp\/hb-oracle-[^/\]]+\//g, '').replace(/\(\d+\)/g, '')}`);
  let checked = 0;
  for (const name of labels) {
    const text = readFileSync(path.join(CORPUS, name), 'utf8');
    const formatted = applyEdits(text, formatHaproxy(parseHaproxy(text)));
    if (formatted === text) continue;
    const a = haproxyCheck({ text });
    const b = haproxyCheck({ text: formatted });
    assert.equal(b.exitCode, a.exitCode, name);
    assert.deepEqual(normalise(b.messages), normalise(a.messages), name);
    checked++;
  }
  assert.ok(checked > 50, `only ${checked} files were compared`);
});
