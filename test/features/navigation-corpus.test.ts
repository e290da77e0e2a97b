/**
 * The symbol index and rename against real configurations and against `haproxy -c`:
 * - every corpus file is indexed, and every definition and reference range holds exactly
 *   the name it stands for;
 * - on every file HAProxy accepts, undefined-acl reports nothing;
 * - renaming every symbol of an accepted file at once gives a file HAProxy still accepts
 *   (a missed reference would be an unknown backend, server, ACL... and a fatal error),
 *   and renaming back restores the original text;
 * - undefined-acl reports a line exactly when HAProxy says "no such ACL" there.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TextEdit } from '../../server/src/common/types';
import { parseDocument, validate } from '../../server/src/service';
import { indexConfig, rename } from '../../server/src/features/navigation';
import { applyEdits } from '../helpers/rule-tester';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';
import { acceptedHaproxyFiles, haproxyCorpusFiles, skipWithoutCorpus } from '../helpers/shared';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'haproxy');

const files = haproxyCorpusFiles();

test('every corpus file is indexed and each range holds its name', { skip: skipWithoutCorpus() }, () => {
  assert.ok(files.length > 300);
  let references = 0;
  for (const file of files) {
    const doc = parseDocument(readFileSync(file, 'utf8'), 'haproxy');
    const index = indexConfig(doc.haproxy!);
    const text = doc.source.text;
    for (const s of index.symbols) {
      for (const d of s.definitions) assert.equal(text.slice(d.start, d.end), d.name, `${file}: definition of ${s.name}`);
    }
    for (const r of index.references) {
      assert.equal(text.slice(r.start, r.end), r.name, `${file}: ${r.role} reference on line ${r.statement.line + 1}`);
      references++;
    }
  }
  assert.ok(references > 500, `only ${references} references in the corpus`);
});

test('undefined-acl reports nothing on the corpus files HAProxy accepts', { skip: skipWithoutCorpus() }, () => {
  for (const name of acceptedHaproxyFiles()) {
    const doc = parseDocument(readFileSync(path.join(CORPUS, name), 'utf8'), 'haproxy');
    const findings = validate(doc, { rules: {} }).filter((f) => f.rule === 'undefined-acl');
    assert.deepEqual(findings.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], name);
  }
});

test('renaming every symbol of an accepted corpus file keeps it valid for HAProxy, and renaming back restores it', { skip: skipWithoutCorpus() || skipWithoutHaproxy() }, () => {
  let renamedFiles = 0;
  let renamedSymbols = 0;
  for (const name of acceptedHaproxyFiles()) {
    const text = readFileSync(path.join(CORPUS, name), 'utf8');
    const doc = parseDocument(text, 'haproxy');
    const edits: TextEdit[] = [];
    const renamed: string[] = [];
    for (const s of indexConfig(doc.haproxy!).symbols) {
      const result = rename(doc, s.definitions[0].range.start, `${s.name}_r`);
      if (!('edits' in result)) continue;
      edits.push(...result.edits);
      renamed.push(`${s.name}_r`);
    }
    if (edits.length === 0) continue;
    const out = applyEdits(text, edits);
    const check = haproxyCheck({ text: out });
    assert.equal(check.exitCode, 0, `${name} after renaming:\n${check.messages.map((m) => m.text).join('\n')}`);
    // Back again.
    const renamedDoc = parseDocument(out, 'haproxy');
    const back: TextEdit[] = [];
    for (const s of indexConfig(renamedDoc.haproxy!).symbols) {
      if (!renamed.includes(s.name)) continue;
      const result = rename(renamedDoc, s.definitions[0].range.start, s.name.slice(0, -2));
      assert.ok('edits' in result, `${name}: ${JSON.stringify(result)}`);
      back.push(...result.edits);
    }
    assert.equal(applyEdits(out, back), text, `${name}: renaming back`);
    renamedFiles++;
    renamedSymbols += renamed.length;
  }
  assert.ok(renamedFiles > 100 && renamedSymbols > 500, `${renamedFiles} files, ${renamedSymbols} symbols`);
});

const HEADER = ['defaults', '    mode http', '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s'];

const aclCases: string[][] = [
  ['frontend fe', '    bind 127.0.0.1:8080', '    acl a path /a', '    http-request deny if a || !b', '    default_backend be', 'backend be', '    server s1 127.0.0.1:80'],
  ['frontend fe', '    bind 127.0.0.1:8080', '    http-request deny if later', '    acl later path /a', '    default_backend be', 'backend be', '    server s1 127.0.0.1:80'],
  ['frontend fe', '    bind 127.0.0.1:8080', '    http-request deny if METH_PATCH', '    default_backend be', 'backend be', '    server s1 127.0.0.1:80'],
  ['frontend fe', '    bind 127.0.0.1:8080', '    http-request deny if HTTP_2.0 or METH_PUT OR WAIT_END', '    default_backend be', 'backend be', '    server s1 127.0.0.1:80'],
  ['frontend fe', '    bind 127.0.0.1:8080', '    acl lan src 10.0.0.0/8', '    default_backend be', 'backend be', '    use-server s1 if lan', '    server s1 127.0.0.1:80'],
  ['frontend fe', '    bind 127.0.0.1:8080', '    acl TRUE always_false', '    http-request deny if TRUE', '    use_backend be if !{ src 10.0.0.1 } TRUE', '    default_backend be', 'backend be', '    server s1 127.0.0.1:80'],
];

test('undefined-acl flags the lines where haproxy -c finds no such ACL', { skip: skipWithoutCorpus() || skipWithoutHaproxy() }, () => {
  for (const body of aclCases) {
    const text = [...HEADER, ...body, ''].join('\n');
    const expected = haproxyCheck({ text })
      .messages.filter((m) => m.level === 'ALERT' && m.text.includes('no such ACL'))
      .map((m) => m.line);
    const actual = validate(parseDocument(text, 'haproxy'), { rules: {} })
      .filter((f) => f.rule === 'undefined-acl')
      .map((f) => f.range.start.line + 1);
    // HAProxy stops at the first unknown name of a line.
    assert.deepEqual([...new Set(actual)], expected, text);
  }
});
