/**
 * Keeps package.json honest: the per-rule settings match the rules the server runs
 * (regenerate them with `node scripts/sync-manifest.mjs`), every rule has its docs page
 * and its test, and every file the manifest points at exists and is valid.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rules } from '../server/src/rules';
import { HAPROXY_FIRST_LINE } from '../server/src/service';

const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const SYNC_HINT = 'run `node scripts/sync-manifest.mjs` to regenerate the rule settings';

interface SettingSchema {
  type?: string;
  enum?: string[];
  default?: unknown;
  description?: string;
  properties?: Record<string, SettingSchema>;
  minimum?: number;
}

const settings: Record<string, SettingSchema> = manifest.contributes?.configuration?.properties ?? {};

test('the manifest lists a rule setting for every rule and no other', () => {
  const ruleSettings = settings['haproxyBitbucket.rules']?.properties;
  assert.ok(ruleSettings, 'haproxyBitbucket.rules has no properties');
  assert.deepEqual(Object.keys(ruleSettings).sort(), rules.map((r) => r.meta.id).sort(), SYNC_HINT);
});

test('each rule setting carries the rule description, severities and default', () => {
  const ruleSettings = settings['haproxyBitbucket.rules']!.properties!;
  for (const rule of rules) {
    const { id, description, defaultSeverity } = rule.meta;
    assert.deepEqual(
      ruleSettings[id],
      {
        type: 'string',
        enum: ['off', 'hint', 'info', 'warning', 'error'],
        default: defaultSeverity === 'information' ? 'info' : defaultSeverity,
        description,
      },
      `${id}: ${SYNC_HINT}`,
    );
  }
});

test('sync-manifest.mjs reads the rule files the same way (its --check passes)', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/sync-manifest.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test('every rule has a docs page and a table test', () => {
  const missing: string[] = [];
  for (const { meta } of rules) {
    for (const file of [`docs/rules/${meta.id}.md`, `test/rules/${meta.id}.test.ts`]) {
      if (!existsSync(join(root, file))) missing.push(file);
    }
  }
  assert.deepEqual(missing, [], 'files missing for some rules');
});

test('every fixable rule has a before/after fix case in its table test', () => {
  const missing = rules
    .filter((r) => r.meta.fixable)
    .map((r) => r.meta.id)
    .filter((id) => !/\boutputs?\s*:/.test(readFileSync(join(root, `test/rules/${id}.test.ts`), 'utf8')));
  assert.deepEqual(missing, []);
});

test('the README rule table lists every rule with a link to its page', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const missing = rules.map((r) => r.meta.id).filter((id) => !readme.includes(`[\`${id}\`](docs/rules/${id}.md)`));
  assert.deepEqual(missing, []);
});

test('rule ids are unique kebab-case names', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
});

test('the other settings have the documented shape', () => {
  const version = settings['haproxyBitbucket.haproxyVersion'];
  assert.deepEqual(version?.enum, ['', '2.4', '2.6', '2.8', '3.0', '3.2', 'latest']);
  assert.equal(version?.default, '');
  const debounce = settings['haproxyBitbucket.validation.debounceMs'];
  assert.equal(debounce?.type, 'number');
  assert.equal(debounce?.default, 200);
  assert.equal(debounce?.minimum, 0);
  assert.deepEqual(settings['haproxyBitbucket.trace.server']?.enum, ['off', 'messages', 'verbose']);
  assert.equal(manifest.contributes.configuration.title, 'HAProxy for Bitbucket');
});

test('languages, grammars and snippets point at valid files', () => {
  const { languages, grammars, snippets } = manifest.contributes;
  assert.deepEqual(
    languages.map((l: { id: string }) => l.id),
    ['haproxy', 'bitbucket-properties'],
  );
  for (const language of languages) {
    const config = JSON.parse(readFileSync(join(root, language.configuration), 'utf8'));
    assert.equal(config.comments?.lineComment, '#', `${language.id}: line comment`);
    if (config.wordPattern) new RegExp(config.wordPattern);
  }
  for (const grammar of grammars) {
    const json = JSON.parse(readFileSync(join(root, grammar.path), 'utf8'));
    assert.equal(json.scopeName, grammar.scopeName, grammar.path);
    assert.ok(languages.some((l: { id: string }) => l.id === grammar.language), `${grammar.path}: unknown language`);
  }
  assert.deepEqual(
    grammars.map((g: { scopeName: string }) => g.scopeName).sort(),
    ['source.bitbucket-properties', 'source.haproxy'],
  );
  for (const snippet of snippets) {
    assert.ok(existsSync(join(root, snippet.path)), snippet.path);
    JSON.parse(readFileSync(join(root, snippet.path), 'utf8'));
  }
  assert.deepEqual(manifest.activationEvents, ['onLanguage:haproxy', 'onLanguage:bitbucket-properties']);
  assert.equal(manifest.engines?.vscode, '^1.91.0');
});

test('the haproxy language claims HAProxy files only, not every .cfg', () => {
  const haproxy = manifest.contributes.languages.find((l: { id: string }) => l.id === 'haproxy');
  assert.equal(haproxy.extensions, undefined, 'claiming an extension would take over every .cfg file');
  for (const pattern of haproxy.filenamePatterns as string[]) {
    assert.match(pattern, /haproxy/, `${pattern} is not limited to HAProxy files`);
  }
  const firstLine = new RegExp(haproxy.firstLine);
  assert.equal(haproxy.firstLine, HAPROXY_FIRST_LINE.source, 'the CLI and the manifest must use the same first-line pattern');
  for (const line of ['global', 'defaults', '  frontend www', 'backend app', 'listen stats', '# HAProxy configuration']) {
    assert.ok(firstLine.test(line), `firstLine should match ${JSON.stringify(line)}`);
  }
  for (const line of ['[global]', 'globals', 'listener = 1', '#!/bin/sh haproxy', '# nginx', 'server {']) {
    assert.ok(!firstLine.test(line), `firstLine should not match ${JSON.stringify(line)}`);
  }
  const props = manifest.contributes.languages.find((l: { id: string }) => l.id === 'bitbucket-properties');
  assert.deepEqual(props.filenames, ['bitbucket.properties', 'stash-config.properties']);
});
