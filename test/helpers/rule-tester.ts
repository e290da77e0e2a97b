/**
 * Table-driven rule tests. A fixture is the file text with expectations written as
 * annotation lines under the line they point at:
 *
 *     timeout client 50x
 *     #              ^^^ error: unit
 *
 * `^` marks the columns of the expected range on the line above (the first annotation
 * line after a code line refers to that line; more annotations may follow). After the
 * carets: the severity, a colon and a fragment that the message must contain. Annotation
 * lines are removed before the rule runs, so columns match the real file. Use `!` instead
 * of `#` in properties fixtures if you like; both are comments there. A range that starts
 * in column 0 is written with bare carets (`^^^^ error: ...`), with no comment marker.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding, LanguageId, Settings, Fix, TextEdit } from '../../server/src/common/types';
import { parseDocument, validate } from '../../server/src/service';
import { SourceText } from '../../server/src/common/source';

export interface Expected {
  line: number;
  start: number;
  end: number;
  severity: string;
  message: string;
}

const ANNOTATION = /^(\s*)(?:[#!]\s*)?(\^+)\s+(error|warning|information|hint):\s?(.*)$/;

export function parseFixture(fixture: string): { code: string; expected: Expected[] } {
  const lines = fixture.split('\n');
  const code: string[] = [];
  const expected: Expected[] = [];
  for (const line of lines) {
    const m = ANNOTATION.exec(line);
    if (m && code.length > 0) {
      const caretStart = line.indexOf('^');
      expected.push({
        line: code.length - 1,
        start: caretStart,
        end: caretStart + m[2].length,
        severity: m[3],
        message: m[4].trim(),
      });
      continue;
    }
    code.push(line);
  }
  return { code: code.join('\n'), expected };
}

/** Applies edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const src = new SourceText(text);
  const sorted = edits
    .map((e) => ({ start: src.offsetAt(e.range.start), end: src.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export function lint(code: string, language: LanguageId, settings: Partial<Settings> = {}): Finding[] {
  const doc = parseDocument(code, language);
  return validate(doc, { rules: {}, ...settings });
}

export interface InvalidCase {
  /** Fixture with annotations. */
  code: string;
  /** Expected text after applying the fix of the first finding (or the one whose title contains `fixTitle`). */
  output?: string;
  fixTitle?: string;
  settings?: Partial<Settings>;
  name?: string;
}

export interface ValidCase {
  code: string;
  settings?: Partial<Settings>;
  name?: string;
}

export interface RuleTable {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

function describeFinding(f: Finding): string {
  const r = f.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${f.severity}: ${f.message}`;
}

/** Registers one node:test per case for `ruleId` in `language`. */
export function ruleTester(ruleId: string, language: LanguageId, table: RuleTable): void {
  table.valid.forEach((c, i) => {
    const kase = typeof c === 'string' ? { code: c } : c;
    test(`${ruleId} valid #${i + 1}${kase.name ? ` (${kase.name})` : ''}`, () => {
      const findings = lint(kase.code, language, kase.settings).filter((f) => f.rule === ruleId);
      assert.deepEqual(findings.map(describeFinding), [], `expected no ${ruleId} findings in:\n${kase.code}`);
    });
  });
  table.invalid.forEach((c, i) => {
    test(`${ruleId} invalid #${i + 1}${c.name ? ` (${c.name})` : ''}`, () => {
      const { code, expected } = parseFixture(c.code);
      assert.ok(expected.length > 0, 'an invalid case needs at least one ^ annotation');
      const findings = lint(code, language, c.settings).filter((f) => f.rule === ruleId);
      const actual = findings.map((f) => ({ f, used: false }));
      for (const e of expected) {
        const match = actual.find(
          (a) =>
            !a.used &&
            a.f.range.start.line === e.line &&
            a.f.range.start.character === e.start &&
            a.f.range.end.line === e.line &&
            a.f.range.end.character === e.end &&
            a.f.severity === e.severity &&
            a.f.message.toLowerCase().includes(e.message.toLowerCase()),
        );
        assert.ok(
          match,
          `expected ${e.line}:${e.start}-${e.line}:${e.end} ${e.severity}: …${e.message}…\nactual:\n${findings.map(describeFinding).join('\n') || '(none)'}\nin:\n${code}`,
        );
        match.used = true;
      }
      const extra = actual.filter((a) => !a.used).map((a) => describeFinding(a.f));
      assert.deepEqual(extra, [], `unexpected ${ruleId} findings in:\n${code}`);
      if (c.output !== undefined) {
        const withFix = findings.find((f) => f.fixes.some((x) => !c.fixTitle || x.title.includes(c.fixTitle)));
        assert.ok(withFix, `expected a fix${c.fixTitle ? ` titled …${c.fixTitle}…` : ''}`);
        const fix = withFix.fixes.find((x) => !c.fixTitle || x.title.includes(c.fixTitle)) as Fix;
        assert.equal(applyEdits(code, fix.edits), c.output);
        // A fix must remove what it fixed.
        const again = lint(c.output, language, c.settings).filter(
          (f) => f.rule === ruleId && f.range.start.line === withFix.range.start.line && f.message === withFix.message,
        );
        assert.deepEqual(again.map(describeFinding), [], 'the fix did not remove the finding');
      }
    });
  });
}
