/**
 * Table-driven tests for cross-file rules. A case is a small deployment written as
 * several files, keyed by path (`haproxy.cfg`, `bitbucket.properties`, `conf/server.xml`,
 * `haproxy.d/10-bitbucket.cfg`); the role of each file comes from its name (`*.cfg`,
 * `*.properties`, `server.xml`). Expected findings are `^^^ severity: fragment` lines
 * under the line they point at, in any file, as in rule-tester.ts (in server.xml write the
 * carets on a line of their own, without a comment marker). Annotation lines are removed
 * before the files are parsed.
 *
 * For fixes, `output` lists the expected text of every file the fix changes; the other
 * files must stay as they were, and the finding must be gone afterwards.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding, Fix, Settings } from '../../server/src/common/types';
import { parseDocument, validate, validateDeployment } from '../../server/src/service';
import { parseServerXml } from '../../server/src/serverxml/parser';
import { createDeployment, type Deployment } from '../../server/src/deployment/model';
import { applyEdits, parseFixture, type Expected } from './rule-tester';

export const ROOT_URI = 'file:///deploy/';

export type Files = Record<string, string>;

export function uriOf(name: string): string {
  return ROOT_URI + name;
}

export function nameOf(uri: string): string {
  return uri.startsWith(ROOT_URI) ? uri.slice(ROOT_URI.length) : uri;
}

/** Builds a deployment from plain (annotation-free) files. */
export function buildDeployment(files: Files): Deployment {
  return createDeployment(
    Object.entries(files).map(([name, text]) => ({
      uri: uriOf(name),
      document: /(^|\/)server\.xml$/i.test(name)
        ? parseServerXml(text)
        : parseDocument(text, name.endsWith('.properties') ? 'bitbucket-properties' : 'haproxy'),
    })),
  );
}

/** Cross-file findings per file name. */
export function lintDeployment(files: Files, settings: Partial<Settings> = {}): Map<string, Finding[]> {
  const all = validateDeployment(buildDeployment(files), () => ({ rules: {}, ...settings }));
  const out = new Map<string, Finding[]>();
  for (const [uri, findings] of all) out.set(nameOf(uri), findings);
  return out;
}

/** Single-file and cross-file findings per file name, as an editor would show them. */
export function lintAll(files: Files, settings: Partial<Settings> = {}): Map<string, Finding[]> {
  const cross = lintDeployment(files, settings);
  const out = new Map<string, Finding[]>();
  for (const [name, text] of Object.entries(files)) {
    const single = /(^|\/)server\.xml$/i.test(name)
      ? []
      : validate(parseDocument(text, name.endsWith('.properties') ? 'bitbucket-properties' : 'haproxy'), { rules: {}, ...settings });
    out.set(name, [...single, ...(cross.get(name) ?? [])]);
  }
  return out;
}

/** Applies a fix whose edits may name other files; returns the new files. */
export function applyFix(files: Files, fromFile: string, fix: Fix): Files {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) {
    const name = e.uri ? nameOf(e.uri) : fromFile;
    assert.ok(name in files, `the fix edits an unknown file ${e.uri}`);
    byFile.set(name, [...(byFile.get(name) ?? []), e]);
  }
  const out: Files = { ...files };
  for (const [name, edits] of byFile) out[name] = applyEdits(files[name], edits);
  return out;
}

export interface DeploymentValidCase {
  name?: string;
  files: Files;
  settings?: Partial<Settings>;
}

export interface DeploymentInvalidCase {
  name?: string;
  /** Files with annotations. */
  files: Files;
  /** Expected text of the files the fix changes. */
  output?: Files;
  /** Apply the fix whose title contains this (default: the first fix found). */
  fixTitle?: string;
  /** Take the fix from the finding in this file (default: the first file with a fixable finding). */
  fixFrom?: string;
  settings?: Partial<Settings>;
}

export interface DeploymentTable {
  valid: DeploymentValidCase[];
  invalid: DeploymentInvalidCase[];
}

function describe(f: Finding): string {
  const r = f.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${f.severity}: ${f.message}`;
}

function render(files: Map<string, Finding[]>, ruleId: string): string {
  const lines: string[] = [];
  for (const [name, findings] of files) {
    for (const f of findings.filter((x) => x.rule === ruleId)) lines.push(`${name} ${describe(f)}`);
  }
  return lines.join('\n') || '(none)';
}

/** Registers one node:test per case for the cross-file checks of `ruleId`. */
export function deploymentTester(ruleId: string, table: DeploymentTable): void {
  table.valid.forEach((c, i) => {
    test(`${ruleId} deployment valid #${i + 1}${c.name ? ` (${c.name})` : ''}`, () => {
      const findings = lintDeployment(c.files, c.settings);
      assert.equal(render(findings, ruleId), '(none)', `expected no ${ruleId} findings`);
    });
  });
  table.invalid.forEach((c, i) => {
    test(`${ruleId} deployment invalid #${i + 1}${c.name ? ` (${c.name})` : ''}`, () => {
      const files: Files = {};
      const expected = new Map<string, Expected[]>();
      for (const [name, text] of Object.entries(c.files)) {
        const parsed = parseFixture(text);
        files[name] = parsed.code;
        expected.set(name, parsed.expected);
      }
      assert.ok([...expected.values()].some((e) => e.length > 0), 'an invalid case needs at least one ^ annotation');
      const findings = lintDeployment(files, c.settings);
      for (const [name, wanted] of expected) {
        const actual = (findings.get(name) ?? []).filter((f) => f.rule === ruleId).map((f) => ({ f, used: false }));
        for (const e of wanted) {
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
          assert.ok(match, `${name}: expected ${e.line}:${e.start}-${e.line}:${e.end} ${e.severity}: …${e.message}…\nactual:\n${render(findings, ruleId)}`);
          match.used = true;
        }
        const extra = actual.filter((a) => !a.used).map((a) => `${name} ${describe(a.f)}`);
        assert.deepEqual(extra, [], `unexpected ${ruleId} findings`);
      }
      for (const [name, list] of findings) {
        for (const f of list.filter((x) => x.rule === ruleId)) {
          for (const r of f.related ?? []) assert.ok(r.uri && nameOf(r.uri) in files, `${name}: related location in an unknown file ${r.uri}`);
        }
      }
      if (c.output !== undefined) {
        let chosen: { file: string; finding: Finding; fix: Fix } | undefined;
        for (const [name, list] of findings) {
          if (c.fixFrom && name !== c.fixFrom) continue;
          for (const f of list.filter((x) => x.rule === ruleId)) {
            const fix = f.fixes.find((x) => !c.fixTitle || x.title.includes(c.fixTitle));
            if (fix && !chosen) chosen = { file: name, finding: f, fix };
          }
        }
        assert.ok(chosen, `expected a fix${c.fixTitle ? ` titled …${c.fixTitle}…` : ''}`);
        const after = applyFix(files, chosen.file, chosen.fix);
        for (const name of Object.keys(files)) {
          assert.equal(after[name], c.output[name] ?? files[name], `${name} after '${chosen.fix.title}'`);
        }
        const again = lintDeployment(after, c.settings).get(chosen.file) ?? [];
        assert.deepEqual(
          again.filter((f) => f.rule === ruleId && f.message === chosen!.finding.message).map(describe),
          [],
          'the fix did not remove the finding',
        );
      }
    });
  });
}
