/** --format sarif: valid against the SARIF 2.1.0 schema, with rules, 1-based UTF-16 locations and fixes. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rules } from '../../server/src/service';
import { ruleDocsUrl } from '../../server/src/common/meta';
import { toSarif } from '../../server/src/cli/sarif';
import { CLEAN, ERROR_CFG, WARNING_PROPS, asJson, fixture, run, runBin } from './util';

// The official SARIF 2.1.0 schema (rtm.5, the final 2.1.0 schema) as Microsoft's SARIF SDK ships it.
const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
// The schema's pattern for `language` has a stray ']' that is only valid without the regex
// 'u' flag (the schema predates ajv 8's default), so patterns are compiled without it.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function assertValid(log: unknown) {
  const ok = validateSarif(log);
  assert.ok(ok, JSON.stringify(validateSarif.errors, null, 2));
}

test('the schema really is the SARIF 2.1.0 schema and rejects broken logs', () => {
  assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
  assert.equal(validateSarif({ version: '2.1.0', runs: [] }), true);
  assert.equal(validateSarif({ version: '2.0.0', runs: [] }), false);
  assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'a driver needs a name');
  const badRegion = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }] }] }] };
  assert.equal(validateSarif(badRegion), false, 'lines are 1-based');
});

const EMOJI_LINE = '  http-request set-header X-\u{1F600} 1 if { src 10.0.0.0/33 }';
const files = {
  'etc/haproxy/haproxy.cfg': ERROR_CFG,
  'etc/haproxy/emoji.cfg': CLEAN.replace('  default_backend be\n', `${EMOJI_LINE}\n  default_backend be\n`),
  'shared/bitbucket.properties': WARNING_PROPS + 'server.context-path=/\nsetup.baseUrl=https://git.example.com/stash\n',
  'dir with space/haproxy.cfg': ERROR_CFG,
};

test('--format sarif: schema-valid log with the rules, levels and documentation links', () => {
  const dir = fixture(files);
  const r = runBin(['--format', 'sarif', '.'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  const log = JSON.parse(r.out);
  assertValid(log);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run0 = log.runs[0];
  assert.equal(run0.columnKind, 'utf16CodeUnits');
  assert.deepEqual(run0.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(dir + path.sep).href } });
  assert.equal(run0.tool.driver.name, 'haproxy-bitbucket-lint');
  assert.deepEqual(
    run0.tool.driver.rules.map((x: any) => [x.id, x.shortDescription.text, x.defaultConfiguration.level, x.helpUri]),
    rules.map((x) => [x.meta.id, x.meta.description, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[x.meta.defaultSeverity], ruleDocsUrl(x.meta.id)]),
  );
  for (const result of run0.results) {
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, result.ruleId);
  }
  assert.deepEqual(run0.invocations, [{ executionSuccessful: true }]);
});

test('--format sarif: locations are 1-based, in UTF-16 code units, relative to the working directory', () => {
  const dir = fixture(files);
  const log = JSON.parse(runBin(['--format', 'sarif', '.'], { cwd: dir }).out);
  const results = log.runs[0].results;
  const where = (uri: string, ruleId: string) => results.filter((x: any) => x.ruleId === ruleId && x.locations[0].physicalLocation.artifactLocation.uri === uri);

  const [timeUnit] = where('etc/haproxy/haproxy.cfg', 'time-unit');
  const line = ERROR_CFG.split('\n').findIndex((l) => l.includes('50x'));
  const col = ERROR_CFG.split('\n')[line].indexOf('x');
  assert.deepEqual(timeUnit.locations[0].physicalLocation, {
    artifactLocation: { uri: 'etc/haproxy/haproxy.cfg', uriBaseId: '%SRCROOT%' },
    region: { startLine: line + 1, startColumn: col + 1, endLine: line + 1, endColumn: col + 2 },
  });
  assert.equal(timeUnit.level, 'error');
  assert.match(timeUnit.message.text, /'x' in '50x'/);

  // The emoji takes two UTF-16 code units, so the column after it is one more than its code point count.
  const [ip] = where('etc/haproxy/emoji.cfg', 'ip-pattern');
  const emojiLine = files['etc/haproxy/emoji.cfg'].split('\n').indexOf(EMOJI_LINE);
  const mask = EMOJI_LINE.indexOf('/33') + 1; // the rule points at the mask length, '33'
  assert.deepEqual(ip.locations[0].physicalLocation.region, { startLine: emojiLine + 1, startColumn: mask + 1, endLine: emojiLine + 1, endColumn: mask + 3 });
  const before = EMOJI_LINE.slice(0, mask);
  assert.equal(before.length, [...before].length + 1, 'one more UTF-16 unit than code points');

  const [dup] = where('shared/bitbucket.properties', 'duplicate-property');
  assert.equal(dup.level, 'warning');
  assert.equal(dup.relatedLocations[0].physicalLocation.artifactLocation.uri, 'shared/bitbucket.properties');
  assert.equal(dup.relatedLocations[0].physicalLocation.region.startLine, 2);

  assert.equal(where('dir%20with%20space/haproxy.cfg', 'time-unit').length, 1, 'URIs are percent-encoded');
});

/** Applies a SARIF fix's replacements (1-based, UTF-16 columns) to `text`. */
function applySarifFix(text: string, sarifFix: any): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1] + column - 1;
  const replacements = sarifFix.artifactChanges[0].replacements
    .map((x: any) => ({ start: offset(x.deletedRegion.startLine, x.deletedRegion.startColumn), end: offset(x.deletedRegion.endLine, x.deletedRegion.endColumn), text: x.insertedContent.text }))
    .sort((a: any, b: any) => b.start - a.start);
  for (const x of replacements) text = text.slice(0, x.start) + x.text + text.slice(x.end);
  return text;
}

test('--format sarif: fixes as replacements that reproduce our quick fixes', () => {
  const dir = fixture(files);
  const log = JSON.parse(runBin(['--format', 'sarif', '.'], { cwd: dir }).out);
  const results = log.runs[0].results;
  const props = files['shared/bitbucket.properties'];
  const root = results.find((x: any) => x.ruleId === 'root-context-path');
  assert.equal(root.fixes.length, 1);
  assert.equal(root.fixes[0].artifactChanges[0].artifactLocation.uri, 'shared/bitbucket.properties');
  assert.equal(applySarifFix(props, root.fixes[0]), props.replace('server.context-path=/', 'server.context-path='));
  const dup = results.find((x: any) => x.ruleId === 'duplicate-property');
  assert.equal(applySarifFix(props, dup.fixes[0]), props.replace('server.port=7990\n', ''), 'a whole-line removal: the region ends at the start of the next line');
  // An insertion is an empty region (start = end), not a whole line.
  const mismatch = results.find((x: any) => x.ruleId === 'context-path-mismatch');
  assert.ok(mismatch.fixes.length >= 2, 'every fix of a finding is listed');
  const timeUnit = results.find((x: any) => x.ruleId === 'time-unit');
  assert.equal(timeUnit.fixes, undefined, 'no fixes key when there is no fix');
});

test('--format sarif: an empty range is shown from its column to the end of the line', async () => {
  const dir = fixture({ 'haproxy.cfg': Buffer.from('defaults\n  description caf\xe9\n', 'latin1') });
  const log = asJson(await run(['--format', 'sarif', dir]));
  assertValid(log);
  const bad = log.runs[0].results.find((x: any) => /not valid UTF-8/.test(x.message.text));
  assert.deepEqual(bad.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1 });
});

test('--format sarif: a clean run has no results; files outside the working directory get file URIs', async () => {
  const dir = fixture({ 'haproxy.cfg': CLEAN, 'bad/haproxy.cfg': ERROR_CFG });
  const clean = asJson(await run(['--format', 'sarif', path.join(dir, 'haproxy.cfg')]));
  assertValid(clean);
  assert.deepEqual(clean.runs[0].results, []);
  const outside = asJson(await run(['--format', 'sarif', path.join(dir, 'bad', 'haproxy.cfg')]));
  assertValid(outside);
  const loc = outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  if (path.relative(process.cwd(), dir).startsWith('..')) {
    assert.deepEqual(loc, { uri: pathToFileURL(path.join(dir, 'bad', 'haproxy.cfg')).href });
  }
});

test('--format sarif: unreadable inputs become tool notifications; exit 2; still valid', () => {
  const dir = fixture({ 'haproxy.cfg': ERROR_CFG });
  const r = runBin(['--format', 'sarif', 'haproxy.cfg', 'missing.cfg'], { cwd: dir });
  assert.equal(r.code, 2);
  const log = JSON.parse(r.out);
  assertValid(log);
  const inv = log.runs[0].invocations[0];
  assert.equal(inv.executionSuccessful, false);
  assert.match(inv.toolExecutionNotifications[0].message.text, /cannot read 'missing\.cfg'/);
  assert.equal(inv.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'missing.cfg');
  assert.equal(log.runs[0].results.length, 1);
});

test('--format sarif with --fix: the results left after fixing', async () => {
  const dir = fixture({ 'bitbucket.properties': WARNING_PROPS });
  const log = asJson(await run(['--format', 'sarif', '--fix', dir]));
  assertValid(log);
  assert.deepEqual(log.runs[0].results, []);
  assert.equal(readFileSync(path.join(dir, 'bitbucket.properties'), 'utf8'), 'server.port=7991\n');
});

test('toSarif: edits for another file become their own artifact change', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
  const log: any = toSarif({
    toolName: 't',
    version: '1.0.0',
    rules,
    cwd: '/work/project',
    notifications: [],
    files: [
      {
        path: '/work/project/etc/haproxy.cfg',
        diagnostics: [
          {
            rule: 'context-path-mismatch',
            severity: 'error',
            message: 'm',
            range,
            fixes: [{ title: 'both', edits: [{ range, newText: 'a' }, { range, newText: 'b', uri: '/work/project/shared/bitbucket.properties' }, { range, newText: 'c', uri: pathToFileURL('/elsewhere/server.xml').href }] }],
          },
        ],
      },
    ],
  });
  assertValid(log);
  const changes = log.runs[0].results[0].fixes[0].artifactChanges;
  assert.deepEqual(
    changes.map((c: any) => [c.artifactLocation, c.replacements.map((x: any) => x.insertedContent.text)]),
    [
      [{ uri: 'etc/haproxy.cfg', uriBaseId: '%SRCROOT%' }, ['a']],
      [{ uri: 'shared/bitbucket.properties', uriBaseId: '%SRCROOT%' }, ['b']],
      [{ uri: pathToFileURL('/elsewhere/server.xml').href }, ['c']],
    ],
  );
});
