/**
 * Property-based tests over both parsers, every rule, the quick fixes, formatting and the
 * incremental re-check, on arbitrary text and on mutations of the real files in
 * ../shared/corpus. The seed is fixed (see support.ts); HB_FUZZ_RUNS sets the number of
 * cases for a longer session.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Finding, LanguageId, Settings } from '../../server/src/common/types';
import { SourceText } from '../../server/src/common/source';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import type { HaproxyConfig } from '../../server/src/haproxy/ast';
import { parseProperties } from '../../server/src/properties/parser';
import { parseDocument, reparseDocument, validate } from '../../server/src/service';
import { INTERNAL_ERROR_RULE } from '../../server/src/rules';
import { formatDocument } from '../../server/src/features/formatting';
import { indexConfig, type SymbolIndex } from '../../server/src/features/navigation';
import { skipWithoutCorpus } from '../helpers/shared';
import {
  applyEditsStrict,
  applyMutation,
  assertRangeInside,
  fuzzOptions,
  haproxyCorpus,
  haproxyText,
  mapOffset,
  mutatedCorpus,
  propertiesCorpus,
  propertiesText,
  type Mutation,
} from './support';

// Without the corpus (a clone away from ../shared) the inputs are generated text only.
const haproxyInput = haproxyCorpus.length ? fc.oneof(haproxyText, mutatedCorpus(haproxyCorpus, 'haproxy')) : haproxyText;
const propertiesInput = propertiesCorpus.length ? fc.oneof(propertiesText, mutatedCorpus(propertiesCorpus, 'properties')) : propertiesText;
const settingsArb: fc.Arbitrary<Settings> = fc.constantFrom<Settings>(
  { rules: {} },
  { rules: {}, haproxyVersion: '2.6' },
  { rules: {}, haproxyVersion: '3.2' },
);

test('the corpus is there', { skip: skipWithoutCorpus() }, () => {
  assert.ok(haproxyCorpus.length > 100, 'haproxy corpus not found');
  assert.ok(propertiesCorpus.length > 5, 'bitbucket.properties corpus not found');
});

function checkHaproxyTree(text: string, config: HaproxyConfig): void {
  const src = config.source;
  assert.equal(src.text, text);
  for (const s of config.statements) {
    assert.ok(s.words.length > 0, 'a statement has words');
    assertRangeInside(src, s.range, 'statement');
    assert.equal(s.range.start.line, s.line);
    for (const w of s.words) {
      assert.equal(text.slice(w.start, w.end), w.raw, 'raw is the text at the offsets');
      assert.deepEqual(w.range, src.range(w.start, w.end), 'range matches the offsets');
      assertRangeInside(src, w.range, 'word');
    }
  }
  for (const section of config.sections) {
    assertRangeInside(src, section.range, 'section');
    assert.ok(section.lastLine < src.lineCount && section.lastLine >= section.header.line);
    for (const s of section.statements) assert.equal(s.section, section);
  }
  for (const c of config.comments) {
    assert.deepEqual(c.range, src.range(c.start, c.end));
    assert.equal(text.slice(c.start + 1, c.end), c.text);
  }
  for (const d of config.directives) assertRangeInside(src, d.range, 'directive');
  for (const e of config.errors) assertRangeInside(src, e.range, `parse error '${e.message}'`);
}

test('haproxy parser: never throws, every range inside the document, raw text at the offsets', () => {
  fc.assert(
    fc.property(haproxyInput, (text) => {
      checkHaproxyTree(text, parseHaproxy(text));
    }),
    fuzzOptions(),
  );
});

test('properties parser: never throws, every range inside the document', () => {
  fc.assert(
    fc.property(propertiesInput, (text) => {
      const file = parseProperties(text);
      const src = file.source;
      for (const e of file.entries) {
        assertRangeInside(src, e.keyRange, 'key');
        assertRangeInside(src, e.valueRange, 'value');
        assertRangeInside(src, e.range, 'entry');
        assert.equal(e.valueOffsets.length, e.value.length + 1);
        for (let i = 1; i < e.valueOffsets.length; i++) assert.ok(e.valueOffsets[i] >= e.valueOffsets[i - 1], 'value offsets in order');
        assert.ok(e.valueOffsets.every((o) => o >= 0 && o <= text.length));
        assert.equal(file.byKey.has(e.key), true);
      }
      for (const c of file.comments) assertRangeInside(src, c.range, 'comment');
      for (const e of file.errors) assertRangeInside(src, e.range, `parse error '${e.message}'`);
    }),
    fuzzOptions(),
  );
});

function describe(f: Finding): string {
  return `${f.rule} ${f.range.start.line}:${f.range.start.character} ${f.message}`;
}

/** Every rule: no internal error, ranges inside, fixes that apply and remove their finding. */
function checkRules(text: string, language: LanguageId, settings: Settings): void {
  const findings = validate(parseDocument(text, language), settings);
  const src = new SourceText(text);
  const crashed = findings.filter((f) => f.rule === INTERNAL_ERROR_RULE);
  assert.deepEqual(crashed.map(describe), [], 'a rule threw');
  let fixesChecked = 0;
  for (const f of findings) {
    assertRangeInside(src, f.range, describe(f));
    for (const r of f.related ?? []) if (!r.uri) assertRangeInside(src, r.range, `related of ${describe(f)}`);
    for (const fix of f.fixes) {
      const edits = fix.edits.filter((e) => !(e as { uri?: string }).uri);
      const fixed = applyEditsStrict(text, edits, `fix '${fix.title}' of ${describe(f)}`);
      if (fixesChecked++ >= 8) continue; // re-validating is the slow part: check the first few per case
      const moved = mapOffset(text, edits, src.offsetAt(f.range.start));
      if (moved === undefined) continue; // the fix deleted what the finding pointed at
      const line = new SourceText(fixed).positionAt(moved).line;
      const again = validate(parseDocument(fixed, language), settings).filter(
        (g) => g.rule === f.rule && g.message === f.message && g.range.start.line === line,
      );
      assert.deepEqual(again.map(describe), [], `fix '${fix.title}' did not remove ${describe(f)}\n--- before\n${text}\n--- after\n${fixed}`);
    }
  }
}

test('every haproxy rule: never throws, ranges inside the document, fixes apply and remove their finding', () => {
  fc.assert(
    fc.property(haproxyInput, settingsArb, (text, settings) => checkRules(text, 'haproxy', settings)),
    fuzzOptions(),
  );
});

test('every bitbucket.properties rule: never throws, ranges inside the document, fixes apply and remove their finding', () => {
  fc.assert(
    fc.property(propertiesInput, settingsArb, (text, settings) => checkRules(text, 'bitbucket-properties', settings)),
    fuzzOptions(),
  );
});

test('formatting: edits apply cleanly and formatting twice changes nothing more', () => {
  fc.assert(
    fc.property(haproxyInput, fc.constantFrom({}, { tabSize: 2 }, { insertSpaces: false }), (text, options) => {
      const once = applyEditsStrict(text, formatDocument(parseDocument(text, 'haproxy'), options), 'format');
      const again = formatDocument(parseDocument(once, 'haproxy'), options);
      assert.equal(applyEditsStrict(once, again, 'format again'), once, 'formatting is not idempotent');
    }),
    fuzzOptions(),
  );
});

/** Everything a parse holds that the language features read, with positions. */
function snapshot(config: HaproxyConfig): string {
  const word = (w: { text: string; raw: string; start: number; end: number; range: unknown; quoted: boolean; hasVariable: boolean }) =>
    [w.text, w.raw, w.start, w.end, w.range, w.quoted, w.hasVariable];
  return JSON.stringify({
    lines: config.source.lineStarts,
    statements: config.statements.map((s) => [s.words.map(word), s.line, s.range, s.conditionalDepth, s.section?.header.line ?? null]),
    orphans: config.orphans.map((s) => s.line),
    sections: config.sections.map((s) => [s.kind, s.header.line, s.name?.text, s.from?.text, s.statements.map((x) => x.line), s.range, s.lastLine]),
    comments: config.comments.map((c) => [c.text, c.start, c.end, c.range, c.line, c.ownLine]),
    directives: config.directives.map((d) => [d.kind, d.words.map(word), d.line, d.range, d.depth]),
    errors: config.errors.map((e) => [e.message, e.range, e.severity]),
  });
}

/** The symbol index with positions, as go to definition, rename and the name rules read it. */
function indexSnapshot(index: SymbolIndex): string {
  const occurrence = (o: { name: string; start: number; end: number; range: unknown; statement: { line: number } }) => [
    o.name,
    o.start,
    o.end,
    o.range,
    o.statement.line,
  ];
  return JSON.stringify({
    symbols: index.symbols.map((s) => [s.id, s.kind, s.sectionKind, s.name, s.section.header.line, s.template ?? false, s.definitions.map(occurrence), s.references.map(occurrence)]),
    references: index.references.map((r) => [r.role, occurrence(r), r.scope?.header.line ?? null, r.symbol?.id ?? null, r.builtin ?? false]),
    unlocatable: index.unlocatable.map((u) => [u.role, u.name, u.statement.line, u.symbol?.id ?? null]),
    dynamicBackends: index.dynamicBackends.map((d) => [d.statement.line, d.prefix]),
  });
}

test('incremental re-check: after any sequence of edits, the same parse and findings as from scratch', () => {
  const editArb: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    remove: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 200 })),
    insert: fc.oneof(
      fc.constant(''),
      fc.constantFrom('\n', '\r\n', '\r', 'x', ' ', '#', '"', '.if defined(A)\n', '.endif\n', 'backend b2\n'),
      // Lines the whole-file rules keep per-section results for.
      fc.constantFrom(
        '  bind :443 ssl\n',
        '  bind :8443 ssl crt /etc/ssl/site.pem ssl-min-ver TLSv1.0\n',
        '  bind :9443 ssl crt /etc/ssl/site.pem ssl-max-ver TLSv1.1\n',
        '  server s9 10.0.0.9:443 ssl force-tlsv10 verify none\n',
        '  server s1 10.0.0.1:80 check\n',
        '  filter spoe engine e config /etc/spoe.conf\n',
        'global\n  ssl-default-bind-options ssl-min-ver TLSv1.1\n',
        '  ssl-default-server-options ssl-min-ver TLSv1.0\n',
        'frontend f9\n  use_backend b2 if acl_x\n  acl acl_x path /x\n',
        'backend b3\n  server s3 10.0.0.3:80\n',
      ),
      haproxyText,
    ),
  });
  fc.assert(
    fc.property(
      haproxyCorpus.length ? fc.oneof(fc.constantFrom(...haproxyCorpus), haproxyText) : haproxyText,
      fc.array(fc.tuple(editArb, fc.boolean()), { minLength: 1, maxLength: 8 }),
      settingsArb,
      (start, edits, settings) => {
        let text = start;
        let doc = parseDocument(text, 'haproxy');
        validate(doc, settings);
        // Full checks run after the chain of edits, so that nothing else is validated in
        // between and the results rules keep from one version to the next are used.
        const checked: { text: string; findings: Finding[] }[] = [];
        for (const [edit, check] of edits) {
          text = applyMutation(text, edit);
          doc = reparseDocument(doc, text, 'haproxy');
          assert.equal(snapshot(doc.haproxy!), snapshot(parseHaproxy(text)), 'the re-parse differs from a full parse');
          // Validating after some edits only: the next re-check must cover several edits at once.
          if (check) {
            checked.push({ text, findings: validate(doc, settings) });
            // The symbol index may carry over from the previous version: it must match a new one.
            assert.equal(indexSnapshot(indexConfig(doc.haproxy!)), indexSnapshot(indexConfig(parseHaproxy(text))), 'the symbol index differs');
          }
        }
        for (const { text: checkedText, findings } of checked) {
          assert.deepEqual(findings, validate(parseDocument(checkedText, 'haproxy'), settings), 'the incremental findings differ from a full check');
        }
      },
    ),
    fuzzOptions(0.4),
  );
});
