/**
 * One HAProxy configuration in several files (a haproxy.d folder): sections end with their
 * file, but backends are looked up in every file, a defaults section serves the files
 * after it, and global settings hold for all. The rules that look beyond a section see the
 * other files; each case is checked with the CLI over the folder, and against `haproxy -c
 * -f <folder>`, which reads the folder the same way. Real files from the corpus, cut into
 * files at section headers, must get no finding that they do not get whole.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import { parseDocument, validate } from '../../server/src/service';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';
import { acceptedHaproxyFiles, CORPUS_DIR, skipWithoutCorpus } from '../helpers/shared';

/** The rules whose findings depend on the other files. */
const RULES = new Set(['undefined-backend', 'unused-backend', 'missing-timeouts', 'missing-ssl-default-bind-options']);

const GLOBAL = 'global\n    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets\n';
const DEFAULTS = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n';
const FRONT = 'frontend fe\n    bind 127.0.0.1:8443 ssl crt /tmp/hb-split-no-such.pem\n    default_backend be_app\n';
const FRONT_PLAIN = 'frontend fe\n    bind 127.0.0.1:8080\n    use_backend be_app if { path_beg /app }\n    default_backend be_app\n';
const BACK = 'backend be_app\n    server s1 127.0.0.1:8081\n';

interface Case {
  name: string;
  files: Record<string, string>;
  /** Rule ids (of RULES) reported per file; files not named get none. */
  expected: Record<string, string[]>;
  /** Whether `haproxy -c` accepts the folder. */
  valid: boolean;
}

const cases: Case[] = [
  {
    name: 'backend, defaults and global each in a file of their own',
    files: { '00-global.cfg': GLOBAL, '05-defaults.cfg': DEFAULTS, '10-front.cfg': FRONT_PLAIN, '20-back.cfg': BACK },
    expected: {},
    valid: true,
  },
  {
    name: 'a use_backend naming a backend no file defines',
    files: { '05-defaults.cfg': DEFAULTS, '10-front.cfg': FRONT_PLAIN.replace('use_backend be_app', 'use_backend be_api'), '20-back.cfg': BACK },
    expected: { '10-front.cfg': ['undefined-backend'] },
    valid: false,
  },
  {
    name: 'no file sets the timeouts',
    files: { '10-front.cfg': FRONT_PLAIN, '20-back.cfg': BACK },
    expected: { '10-front.cfg': ['missing-timeouts'], '20-back.cfg': ['missing-timeouts'] },
    valid: true,
  },
  {
    name: 'a named defaults section in another file',
    files: {
      '05-defaults.cfg': DEFAULTS.replace('defaults', 'defaults web'),
      '10-front.cfg': FRONT_PLAIN.replace('frontend fe', 'frontend fe from web'),
      '20-back.cfg': BACK.replace('backend be_app', 'backend be_app from web'),
    },
    expected: {},
    valid: true,
  },
  {
    name: 'a TLS listener with the global baseline in another file',
    files: { '00-global.cfg': GLOBAL, '05-defaults.cfg': DEFAULTS, '10-front.cfg': FRONT, '20-back.cfg': BACK },
    expected: {},
    valid: false, // only because the certificate file does not exist
  },
  {
    name: 'a TLS listener with no global baseline in any file',
    files: { '00-global.cfg': 'global\n    maxconn 100\n', '05-defaults.cfg': DEFAULTS, '10-front.cfg': FRONT, '20-back.cfg': BACK },
    expected: { '10-front.cfg': ['missing-ssl-default-bind-options'] },
    valid: false, // only because the certificate file does not exist
  },
  {
    name: 'a backend only another file uses, and one no file uses',
    files: {
      '05-defaults.cfg': DEFAULTS,
      '10-site.cfg': `${FRONT_PLAIN}${BACK}backend be_other\n    server s2 127.0.0.1:8082\nbackend be_spare\n    server s3 127.0.0.1:8083\n`,
      '20-more.cfg': 'frontend fe2\n    bind 127.0.0.1:8090\n    default_backend be_other\n',
    },
    expected: { '10-site.cfg': ['unused-backend'] },
    valid: true,
  },
];

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hb-split-'));
  const dir = path.join(root, 'haproxy.d');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Rule ids of RULES reported per file name, by the CLI over `targets`. */
async function lint(targets: string[]): Promise<Record<string, string[]>> {
  let out = '';
  await main(['--format', 'json', ...targets], { stdout: (t) => (out += t), stderr: () => undefined, isTTY: false });
  const found: Record<string, string[]> = {};
  for (const file of JSON.parse(out).files) {
    const ids = file.diagnostics.map((d: { rule: string }) => d.rule).filter((r: string) => RULES.has(r));
    if (ids.length > 0) found[path.basename(file.path)] = ids.sort();
  }
  return found;
}

for (const c of cases) {
  test(`split configuration: ${c.name}`, async () => {
    const dir = folder(c.files);
    assert.deepEqual(await lint([dir]), c.expected);
  });
}

test('split configurations: haproxy -c reads each folder as the cases say', { skip: skipWithoutHaproxy() }, () => {
  for (const c of cases) {
    const r = haproxyCheck({ file: folder(c.files) });
    assert.equal(r.exitCode === 0, c.valid, `${c.name}: haproxy -c exit ${r.exitCode}\n${r.messages.map((m) => m.text).join('\n')}`);
  }
});

test('split configuration: a global minimum is not raised over a bind of another file that caps below it', async () => {
  const fixesFor = async (front: string) => {
    const dir = folder({ '00-global.cfg': 'global\n    ssl-default-bind-options ssl-min-ver TLSv1.0\n', '05-defaults.cfg': DEFAULTS, '10-front.cfg': front, '20-back.cfg': BACK });
    let out = '';
    await main(['--format', 'json', dir], { stdout: (t) => (out += t), stderr: () => undefined, isTTY: false });
    const global = JSON.parse(out).files.find((f: { path: string }) => path.basename(f.path) === '00-global.cfg');
    const finding = global.diagnostics.find((d: { rule: string }) => d.rule === 'weak-tls-version');
    return finding.fixes.map((f: { title: string }) => f.title);
  };
  assert.deepEqual(await fixesFor(FRONT), ['Raise ssl-min-ver to TLSv1.2']);
  // HAProxy refuses a bind whose versions would then be an empty range.
  assert.deepEqual(await fixesFor(FRONT.replace('crt /tmp/hb-split-no-such.pem', 'crt /tmp/hb-split-no-such.pem ssl-max-ver TLSv1.1')), []);
});

test('split configuration: a file checked on its own is judged on its own', async () => {
  const dir = folder(cases[0].files);
  assert.deepEqual(await lint([path.join(dir, '10-front.cfg')]), { '10-front.cfg': ['missing-timeouts', 'undefined-backend', 'undefined-backend'] });
});

/** The 0-based lines where `text` can be cut into files: section headers, as the parser sees them. */
function sectionStarts(text: string): number[] {
  return parseHaproxy(text).sections.map((s) => s.header.line);
}

/** Findings of RULES as `rule@line` over whole-file line numbers: the whole text, or its
 * pieces checked as one configuration. */
function findingsOf(pieces: { text: string; firstLine: number }[]): string[] {
  const configs = pieces.map((p) => parseDocument(p.text, 'haproxy'));
  const out: string[] = [];
  configs.forEach((doc, i) => {
    const others = configs.filter((_, k) => k !== i).map((d) => d.haproxy!);
    for (const f of validate(doc, { rules: {} }, { others })) {
      if (RULES.has(f.rule) || f.rule === 'weak-tls-version') out.push(`${f.rule}@${f.range.start.line + pieces[i].firstLine}`);
    }
  });
  return out.sort();
}

test('cutting a corpus file into files at section headers adds no finding', { skip: skipWithoutCorpus() }, () => {
  let cut = 0;
  for (const name of acceptedHaproxyFiles()) {
    const text = readFileSync(path.join(CORPUS_DIR, 'haproxy', name), 'utf8');
    const starts = sectionStarts(text);
    if (starts.length < 3) continue;
    const lines = text.split('\n');
    const whole = findingsOf([{ text, firstLine: 0 }]);
    // Cut before the second section and before the last one: three files.
    const at = [0, starts[1], starts[starts.length - 1], lines.length];
    const pieces = [0, 1, 2].map((k) => ({ text: lines.slice(at[k], at[k + 1]).join('\n') + '\n', firstLine: at[k] }));
    const split = findingsOf(pieces);
    const added = split.filter((f) => !whole.includes(f));
    assert.deepEqual(added, [], `${name}: findings that only the cut files get`);
    cut++;
  }
  assert.ok(cut > 100, `only ${cut} corpus files were cut`);
});
