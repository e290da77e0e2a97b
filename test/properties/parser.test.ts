import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseProperties } from '../../server/src/properties/parser';
import type { PropertiesFile, PropertyEntry } from '../../server/src/properties/ast';
import type { Range } from '../../server/src/common/types';

/** What a case expects of one entry. `keyText`/`valueText` are the raw document text of
 * keyRange/valueRange; `valueAt` is [line, character] where an empty value's range sits. */
interface EntryCase {
  key: string;
  value: string;
  keyText?: string;
  valueText?: string;
  valueAt?: [number, number];
  line?: number;
  lastLine?: number;
  separator?: '=' | ':' | '';
  valueRange?: [number, number, number, number];
  valueOffsets?: number[];
}

interface Case {
  name: string;
  text: string;
  entries: EntryCase[];
  comments?: { marker: '#' | '!'; text: string; line: number }[];
  /** Raw document text covered by each error, with its severity and a message fragment. */
  errors?: { severity: 'error' | 'warning'; text: string; message: string }[];
  byKey?: Record<string, string>;
}

const flat = (r: Range) => [r.start.line, r.start.character, r.end.line, r.end.character];

/** Parses, checks the invariants every parse must hold, then the case's expectations. */
function check(kase: Case): PropertiesFile {
  const file = parseProperties(kase.text);
  const { source } = file;
  const slice = (r: Range) => kase.text.slice(source.offsetAt(r.start), source.offsetAt(r.end));
  for (const e of file.entries) assertEntryInvariants(kase.text, file, e);
  assert.deepEqual(
    file.entries.map((e) => [e.key, e.value]),
    kase.entries.map((e) => [e.key, e.value]),
    'keys and values',
  );
  kase.entries.forEach((want, i) => {
    const got = file.entries[i];
    if (want.keyText !== undefined) assert.equal(slice(got.keyRange), want.keyText, `keyRange of ${want.key}`);
    if (want.valueText !== undefined) assert.equal(slice(got.valueRange), want.valueText, `valueRange of ${want.key}`);
    if (want.valueAt) {
      assert.deepEqual(flat(got.valueRange), [...want.valueAt, ...want.valueAt], `empty valueRange of ${want.key}`);
    }
    if (want.valueRange) assert.deepEqual(flat(got.valueRange), want.valueRange, `valueRange of ${want.key}`);
    if (want.line !== undefined) assert.equal(got.line, want.line, `line of ${want.key}`);
    if (want.lastLine !== undefined) assert.equal(got.lastLine, want.lastLine, `lastLine of ${want.key}`);
    if (want.separator !== undefined) assert.equal(got.separator, want.separator, `separator of ${want.key}`);
    if (want.valueOffsets) assert.deepEqual(got.valueOffsets, want.valueOffsets, `valueOffsets of ${want.key}`);
  });
  assert.deepEqual(
    file.comments.map((c) => ({ marker: c.marker, text: c.text, line: c.line })),
    kase.comments ?? [],
    'comments',
  );
  assert.deepEqual(
    file.errors.map((e) => ({ severity: e.severity, text: slice(e.range) })),
    (kase.errors ?? []).map((e) => ({ severity: e.severity, text: e.text })),
    'errors',
  );
  (kase.errors ?? []).forEach((e, i) => assert.match(file.errors[i].message, new RegExp(e.message)));
  if (kase.byKey) {
    assert.deepEqual(Object.fromEntries([...file.byKey].map(([k, e]) => [k, e.value])), kase.byKey, 'byKey');
  }
  return file;
}

/** Holds for every entry of every parse. */
function assertEntryInvariants(text: string, file: PropertiesFile, e: PropertyEntry): void {
  const { source } = file;
  assert.ok(0 <= e.keyStart && e.keyStart <= e.keyEnd && e.keyEnd <= text.length, 'key offsets');
  assert.ok(0 <= e.valueStart && e.valueStart <= e.valueEnd && e.valueEnd <= text.length, 'value offsets');
  assert.ok(e.keyEnd <= e.valueStart, 'key before value');
  assert.deepEqual(e.keyRange, source.range(e.keyStart, e.keyEnd));
  assert.deepEqual(e.valueRange, source.range(e.valueStart, e.valueEnd));
  assert.equal(e.valueOffsets.length, e.value.length + 1, 'one offset per value character, plus the end');
  assert.equal(e.valueOffsets[e.value.length], e.valueEnd);
  for (let i = 0; i < e.value.length; i++) {
    const at = e.valueOffsets[i];
    assert.ok(at >= e.valueStart && at < e.valueEnd, 'value offset inside the value');
    if (i > 0) assert.ok(at > e.valueOffsets[i - 1], 'value offsets increase');
    // A character comes from itself or from an escape starting with a backslash.
    assert.ok(text[at] === e.value[i] || text[at] === '\\', `offset of value character ${i}`);
  }
  assert.ok(e.line <= e.lastLine && e.lastLine < source.lineCount, 'line numbers');
}

const cases: Case[] = [
  // Separators.
  { name: 'key=value', text: 'key=value', entries: [{ key: 'key', value: 'value', keyText: 'key', valueText: 'value', separator: '=' }] },
  { name: 'key:value', text: 'key:value', entries: [{ key: 'key', value: 'value', separator: ':' }] },
  { name: 'key value', text: 'key value', entries: [{ key: 'key', value: 'value', valueText: 'value', separator: '' }] },
  { name: 'key = value', text: 'key = value', entries: [{ key: 'key', value: 'value', keyText: 'key', valueText: 'value', separator: '=' }] },
  { name: 'key\\t:\\tvalue', text: 'key\t:\tvalue', entries: [{ key: 'key', value: 'value', separator: ':' }] },
  { name: 'key, spaces, value with an equals sign', text: 'key   value = x', entries: [{ key: 'key', value: 'value = x', separator: '' }] },
  { name: 'only one separator is skipped', text: 'key = = value', entries: [{ key: 'key', value: '= value', valueText: '= value' }] },
  { name: 'colon then equals', text: 'key:=value', entries: [{ key: 'key', value: '=value' }] },
  { name: 'leading whitespace and form feed', text: ' \t\fkey=value', entries: [{ key: 'key', value: 'value', keyText: 'key' }] },
  { name: 'empty key', text: '=value', entries: [{ key: '', value: 'value', valueText: 'value', separator: '=' }] },

  // Empty values and trailing whitespace.
  { name: 'key= (empty value after the separator)', text: 'key=', entries: [{ key: 'key', value: '', valueAt: [0, 4] }] },
  { name: 'key = (blank after the separator)', text: 'key =   ', entries: [{ key: 'key', value: '', valueAt: [0, 5] }] },
  { name: 'key alone', text: 'key', entries: [{ key: 'key', value: '', valueAt: [0, 3], separator: '' }] },
  { name: 'key and blanks', text: 'key   \n', entries: [{ key: 'key', value: '', valueAt: [0, 3] }] },
  { name: 'trailing whitespace is kept', text: 'key=value \t\n', entries: [{ key: 'key', value: 'value \t', valueText: 'value \t' }] },

  // Comments and blank lines.
  {
    name: 'comments with # and !, indented, blank lines',
    text: '# one\n\n   ! two\n\t#\nkey=v\n',
    entries: [{ key: 'key', value: 'v', line: 4 }],
    comments: [
      { marker: '#', text: ' one', line: 0 },
      { marker: '!', text: ' two', line: 2 },
      { marker: '#', text: '', line: 3 },
    ],
  },
  {
    name: 'a comment ending in a backslash does not continue',
    text: '# note \\\nkey=v',
    entries: [{ key: 'key', value: 'v', line: 1 }],
    comments: [{ marker: '#', text: ' note \\', line: 0 }],
  },
  {
    name: 'a marker after the value is part of the value',
    text: 'server.port=7990 # http',
    entries: [{ key: 'server.port', value: '7990 # http' }],
  },
  { name: 'comment at the end of the file without a line break', text: 'a=1\n#last', entries: [{ key: 'a', value: '1' }], comments: [{ marker: '#', text: 'last', line: 1 }] },

  // Continuation lines.
  {
    name: 'continuation joins lines and drops the indent',
    text: 'key=one,\\\n    two',
    entries: [
      {
        key: 'key',
        value: 'one,two',
        valueRange: [0, 4, 1, 7],
        line: 0,
        lastLine: 1,
        valueOffsets: [4, 5, 6, 7, 14, 15, 16, 17],
      },
    ],
  },
  {
    name: 'continuation in the key',
    text: 'ke\\\n  y=v',
    entries: [{ key: 'key', value: 'v', line: 0, lastLine: 1, keyText: 'ke\\\n  y' }],
  },
  {
    name: 'a continuation line that looks like a comment is content',
    text: 'key=a\\\n  # not a comment\nnext=1',
    entries: [
      { key: 'key', value: 'a# not a comment', line: 0, lastLine: 1 },
      { key: 'next', value: '1', line: 2 },
    ],
  },
  {
    name: 'an even number of backslashes does not continue',
    text: 'a=x\\\\\nb=y',
    entries: [
      { key: 'a', value: 'x\\', valueText: 'x\\\\', lastLine: 0 },
      { key: 'b', value: 'y', line: 1 },
    ],
  },
  {
    name: 'three backslashes: one escaped backslash and a continuation',
    text: 'a=x\\\\\\\n y',
    entries: [{ key: 'a', value: 'x\\y', lastLine: 1 }],
  },
  {
    name: 'continuation onto a blank line ends the value',
    text: 'a=x\\\n\nb=y',
    entries: [
      { key: 'a', value: 'x', lastLine: 1 },
      { key: 'b', value: 'y', line: 2 },
    ],
  },
  {
    name: 'continuation onto a whitespace-only line',
    text: 'a=x\\\n   \nb=y',
    entries: [
      { key: 'a', value: 'x', valueText: 'x', lastLine: 1 },
      { key: 'b', value: 'y', line: 2 },
    ],
  },
  {
    name: 'value that starts on the continuation line',
    text: 'key=\\\n   value',
    entries: [{ key: 'key', value: 'value', valueRange: [1, 3, 1, 8], valueOffsets: [9, 10, 11, 12, 13, 14] }],
  },
  { name: 'trailing backslash on the last line is dropped', text: 'key=value\\', entries: [{ key: 'key', value: 'value', valueText: 'value' }] },
  { name: 'trailing backslash before the final line break', text: 'key=value\\\n', entries: [{ key: 'key', value: 'value', lastLine: 0 }] },
  { name: 'escaped backslash on the last line stays', text: 'key=value\\\\', entries: [{ key: 'key', value: 'value\\' }] },

  // Line endings.
  {
    name: 'CRLF',
    text: 'a=1\r\n# c\r\nb=2\r\n',
    entries: [
      { key: 'a', value: '1', line: 0, valueText: '1' },
      { key: 'b', value: '2', line: 2, valueRange: [2, 2, 2, 3] },
    ],
    comments: [{ marker: '#', text: ' c', line: 1 }],
  },
  {
    name: 'CRLF continuation',
    text: 'a=one\\\r\n  two\r\nb=2',
    entries: [
      { key: 'a', value: 'onetwo', valueRange: [0, 2, 1, 5], lastLine: 1, valueOffsets: [2, 3, 4, 10, 11, 12, 13] },
      { key: 'b', value: '2', line: 2 },
    ],
  },
  {
    name: 'CR only',
    text: 'a=1\r# c\rb=2\r',
    entries: [
      { key: 'a', value: '1', line: 0 },
      { key: 'b', value: '2', line: 2, valueRange: [2, 2, 2, 3] },
    ],
    comments: [{ marker: '#', text: ' c', line: 1 }],
  },
  {
    name: 'CR-only continuation',
    text: 'a=one\\\r  two\rb=2',
    entries: [
      { key: 'a', value: 'onetwo', valueRange: [0, 2, 1, 5], lastLine: 1 },
      { key: 'b', value: '2', line: 2 },
    ],
  },

  // Escapes.
  {
    name: 'character escapes',
    text: 'key=a\\tb\\nc\\rd\\fe\\\\f\\:g\\=h\\ i\\#j\\qk',
    entries: [{ key: 'key', value: 'a\tb\nc\rd\fe\\f:g=h i#jqk' }],
  },
  {
    name: 'unicode escape and its offsets',
    text: 'k=x\\u0041y\\u00e9',
    entries: [{ key: 'k', value: 'xAyé', valueOffsets: [2, 3, 9, 10, 16] }],
  },
  { name: 'unicode escape in the key', text: 'a\\u002Eb=1', entries: [{ key: 'a.b', value: '1', keyText: 'a\\u002Eb' }] },
  {
    name: 'unicode escape split by a continuation',
    text: 'k=\\u00\\\n  41',
    entries: [{ key: 'k', value: 'A', valueRange: [0, 2, 1, 4] }],
  },
  {
    name: 'malformed unicode escape: bad digit',
    text: 'k=\\u12G4\nnext=1',
    entries: [
      { key: 'k', value: '\\u12G4' },
      { key: 'next', value: '1' },
    ],
    errors: [{ severity: 'error', text: '\\u12G', message: 'four hexadecimal digits' }],
  },
  {
    name: 'malformed unicode escape: too short at the end of the value',
    text: 'k=ab\\u12',
    entries: [{ key: 'k', value: 'ab\\u12' }],
    errors: [{ severity: 'error', text: '\\u12', message: 'Malformed' }],
  },
  {
    name: 'malformed unicode escape in the key',
    text: 'a\\uZ=1',
    entries: [{ key: 'a\\uZ', value: '1' }],
    errors: [{ severity: 'error', text: '\\uZ', message: 'whole file is not loaded' }],
  },

  // Keys with escaped separators.
  { name: 'escaped equals in the key', text: 'a\\=b=c', entries: [{ key: 'a=b', value: 'c', keyText: 'a\\=b', valueText: 'c' }] },
  { name: 'escaped colon in the key', text: 'a\\:b:c', entries: [{ key: 'a:b', value: 'c', keyText: 'a\\:b' }] },
  { name: 'escaped space in the key', text: 'a\\ b c', entries: [{ key: 'a b', value: 'c', keyText: 'a\\ b', separator: '' }] },
  { name: 'escaped backslash before the separator', text: 'a\\\\=b', entries: [{ key: 'a\\', value: 'b', keyText: 'a\\\\' }] },

  // Odd content.
  {
    name: 'NUL and control characters are kept',
    text: 'k\u0000=v\u0001\u007f',
    entries: [{ key: 'k\u0000', value: 'v\u0001\u007f' }],
  },
  {
    name: 'the last setting of a key wins',
    text: 'a=1\nb=2\na=3',
    entries: [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'a', value: '3', line: 2 },
    ],
    byKey: { a: '3', b: '2' },
  },
  {
    name: 'a line holding only a backslash lets the next line be a comment, as in Java',
    text: '\\\n# c\nk=v',
    entries: [{ key: 'k', value: 'v', line: 2 }],
    comments: [{ marker: '#', text: ' c', line: 1 }],
  },
  {
    name: 'a lone backslash before the final line break is an empty key, as in Java',
    text: 'k=v\n\\\n',
    entries: [
      { key: 'k', value: 'v' },
      { key: '', value: '' },
    ],
  },

  // Byte order mark.
  {
    name: 'BOM before the first key',
    text: '\uFEFFserver.port=7990\n',
    entries: [{ key: 'server.port', value: '7990', keyText: 'server.port' }],
    errors: [{ severity: 'warning', text: '\uFEFF', message: "'server.port' is read as" }],
  },
  {
    name: 'BOM before a comment',
    text: '\uFEFF# top\nk=v',
    entries: [{ key: 'k', value: 'v', line: 1 }],
    comments: [{ marker: '#', text: ' top', line: 0 }],
    errors: [{ severity: 'warning', text: '\uFEFF', message: 'byte order mark' }],
  },
  { name: 'empty file', text: '', entries: [] },
  { name: 'only blank lines', text: '\n\r\n  \t\n', entries: [] },
];

for (const kase of cases) {
  test(`properties parser: ${kase.name}`, () => {
    check(kase);
  });
}

test('properties parser: separatorOffset and entry range', () => {
  const file = parseProperties('  key : value\nother value');
  const [a, b] = file.entries;
  assert.equal(a.separatorOffset, 6);
  assert.deepEqual(flat(a.range), [0, 2, 0, 13]);
  assert.equal(b.separatorOffset, undefined);
  assert.deepEqual(flat(b.range), [1, 0, 1, 11]);
});

test('properties parser: 100,000 lines parse quickly and completely', () => {
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    if (i % 10 === 0) lines.push(`# comment ${i}`);
    else if (i % 10 === 1) lines.push(`key.${i} = first part \\`, `    second part \\u0041`);
    else lines.push(`key.${i}=value ${i}`);
  }
  const text = lines.join('\r\n');
  const started = Date.now();
  const file = parseProperties(text);
  const elapsed = Date.now() - started;
  assert.equal(file.comments.length, 10_000);
  assert.equal(file.entries.length, 90_000);
  assert.equal(file.byKey.get('key.1')?.value, 'first part second part A');
  assert.equal(file.entries[file.entries.length - 1].lastLine, file.source.lineCount - 1);
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test('properties parser: long runs of backslashes and a very long line stay fast', () => {
  const started = Date.now();
  const a = parseProperties('\\'.repeat(200_001));
  const b = parseProperties(`k=${'x'.repeat(500_000)}`);
  assert.equal(a.entries.length, 1);
  assert.equal(b.entries[0].value.length, 500_000);
  assert.ok(Date.now() - started < 5000);
});

// Real files: the shared corpus sits next to the repository checkout.
const corpusDir = resolve(__dirname, '../../../../shared/corpus/bitbucket');
const corpusFiles = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.properties')).sort() : [];

test('properties parser: the bitbucket corpus is present', { skip: corpusFiles.length === 0 && 'no corpus beside the checkout' }, () => {
  assert.ok(corpusFiles.length > 0);
});

for (const name of corpusFiles) {
  test(`properties parser: corpus ${name}`, () => {
    const text = readFileSync(join(corpusDir, name), 'utf8');
    const file = parseProperties(text);
    const inDocument = (r: Range) => {
      const start = file.source.offsetAt(r.start);
      const end = file.source.offsetAt(r.end);
      assert.ok(r.start.line < file.source.lineCount && r.end.line < file.source.lineCount, 'line inside the document');
      assert.ok(0 <= start && start <= end && end <= text.length, 'offsets inside the document');
      assert.deepEqual(file.source.positionAt(start), r.start, 'start position is a real position');
      assert.deepEqual(file.source.positionAt(end), r.end, 'end position is a real position');
    };
    for (const e of file.entries) {
      assertEntryInvariants(text, file, e);
      [e.keyRange, e.valueRange, e.range].forEach(inDocument);
    }
    file.comments.forEach((c) => inDocument(c.range));
    file.errors.forEach((e) => inDocument(e.range));
    const hasContent = text.split(/\r\n|\r|\n/).some((l) => !/^[ \t\f]*([#!].*)?$/.test(l));
    if (hasContent) assert.ok(file.entries.length > 0, 'a file with content has keys');
    assert.equal(file.comments.length > 0 || file.entries.length > 0, text.trim().length > 0);
  });
}

// Differential check against Java itself, when a JDK is installed: every case above and a
// few thousand generated files must load to the same key/value map, and the files Java
// rejects are exactly those where the parser reports an error.
const JAVA_ORACLE = `
import java.io.*;
import java.nio.file.*;
import java.util.*;
public class PropertiesOracle {
  static String hex(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(String.format("%04x", (int) c));
    return b.toString();
  }
  public static void main(String[] args) throws Exception {
    File[] files = new File(args[0]).listFiles();
    Arrays.sort(files);
    StringBuilder out = new StringBuilder();
    for (File f : files) {
      Properties p = new Properties();
      String line;
      try {
        p.load(new StringReader(new String(Files.readAllBytes(f.toPath()), "UTF-8")));
        TreeMap<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) m.put(hex(k), hex(p.getProperty(k)));
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) b.append(e.getKey()).append('=').append(e.getValue()).append(';');
        line = b.toString();
      } catch (IllegalArgumentException e) {
        line = "ERROR";
      }
      out.append(f.getName()).append('\\t').append(line).append('\\n');
    }
    Files.write(Paths.get(args[1]), out.toString().getBytes("UTF-8"));
  }
}
`;

function hasJava(): boolean {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return r.status === 0 && /version "(1[1-9]|[2-9]\d)/.test(r.stderr);
}

function hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/** The map our parser yields, in the oracle's notation. */
function asJavaSees(text: string): string {
  const file = parseProperties(text);
  if (file.errors.some((e) => e.severity === 'error')) return 'ERROR';
  return [...file.byKey]
    .map(([k, e]) => [hex(k), hex(e.value)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v};`)
    .join('');
}

function generatedInputs(count: number): string[] {
  const alphabet = ['a', 'b', '=', ':', ' ', '\t', '\f', '\\', '\\', '\n', '\r', '\r\n', '#', '!', 'u', '0', '4', '1', 'F', 'g', 't', 'n', '\u00e9', '\u0000'];
  let seed = 20240611;
  const next = (k: number) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed >>> 8) % k;
  };
  const inputs: string[] = [];
  for (let c = 0; c < count; c++) {
    let s = '';
    const len = next(40);
    for (let j = 0; j < len; j++) s += alphabet[next(alphabet.length)];
    if (next(4) === 0) s += `\\u00${['4', 'g', ''][next(3)]}${['1', ''][next(2)]}`;
    inputs.push(s);
  }
  return inputs;
}

test('properties parser: agrees with java.util.Properties.load', { skip: !hasJava() && 'no JDK 11+ on PATH' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'properties-oracle-'));
  try {
    const inputs = [...cases.map((c) => c.text).filter((t) => !t.startsWith('\uFEFF')), ...generatedInputs(3000)];
    const casesDir = join(dir, 'cases');
    mkdirSync(casesDir);
    inputs.forEach((text, i) => writeFileSync(join(casesDir, String(i).padStart(5, '0')), text, 'utf8'));
    writeFileSync(join(dir, 'PropertiesOracle.java'), JAVA_ORACLE);
    const run = spawnSync('java', [join(dir, 'PropertiesOracle.java'), casesDir, join(dir, 'out.tsv')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const java = new Map(
      readFileSync(join(dir, 'out.tsv'), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => l.split('\t') as [string, string]),
    );
    assert.equal(java.size, inputs.length);
    const differences = inputs
      .map((text, i) => ({ text, java: java.get(String(i).padStart(5, '0')), ours: asJavaSees(text) }))
      .filter((d) => d.java !== d.ours);
    assert.deepEqual(differences.slice(0, 5), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
