/**
 * The structural HAProxy rules (names, references, TLS and timeout checks) against the
 * shared corpus of real configurations:
 * - on every file HAProxy 2.6.12 accepts, none of them reports an error;
 * - their missing-timeouts warnings name exactly the proxies HAProxy warns about;
 * - where HAProxy rejects a file for a reason these rules cover, they report it too.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/common/types';
import { parseDocument, validate } from '../../server/src/service';
import { haproxyCheck, skipWithoutHaproxy } from '../helpers/haproxy';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'haproxy');
const LABELS = path.join(CORPUS, 'labels-haproxy-2.6.12.tsv');

const RULES = new Set([
  'missing-ssl-default-bind-options',
  'weak-tls-version',
  'undefined-backend',
  'duplicate-name',
  'bind-ssl-without-crt',
  'missing-timeouts',
]);

interface Label {
  file: string;
  exitCode: number;
}

function labels(): Label[] {
  return readFileSync(LABELS, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const [file, exitCode] = l.split('\t');
      return { file, exitCode: Number(exitCode) };
    });
}

function findingsOf(file: string): Finding[] {
  const text = readFileSync(path.join(CORPUS, file), 'utf8');
  return validate(parseDocument(text, 'haproxy'), { rules: {} }).filter((f) => RULES.has(f.rule) || f.rule === 'internal-error');
}

const corpusMissing = existsSync(LABELS) ? false : `corpus not found at ${CORPUS}`;

test('no error from the structural rules on files HAProxy 2.6 accepts', { skip: corpusMissing }, () => {
  const accepted = labels().filter((l) => l.exitCode === 0 || l.exitCode === 2);
  assert.ok(accepted.length > 100, `expected the corpus to hold many accepted files, found ${accepted.length}`);
  const errors: string[] = [];
  for (const { file } of accepted) {
    for (const f of findingsOf(file)) {
      if (f.severity === 'error') errors.push(`${file}:${f.range.start.line + 1} [${f.rule}] ${f.message}`);
    }
  }
  assert.deepEqual(errors, []);
});

test('missing-timeouts names the proxies HAProxy warns about', { skip: corpusMissing || skipWithoutHaproxy() }, () => {
  const accepted = labels().filter((l) => l.exitCode === 0 || l.exitCode === 2);
  const expected: string[] = [];
  const actual: string[] = [];
  for (const { file } of accepted) {
    const check = haproxyCheck({ file: path.join(CORPUS, file) });
    for (const m of check.messages) {
      const w = /missing timeouts for (?:frontend|backend|proxy) '([^']*)'/.exec(m.text);
      if (w) expected.push(`${file} ${w[1]}`);
    }
    for (const f of findingsOf(file)) {
      if (f.rule !== 'missing-timeouts') continue;
      const name = /^\w+ '([^']*)'/.exec(f.message);
      actual.push(`${file} ${name ? name[1] : f.message}`);
    }
  }
  assert.ok(expected.length > 0, 'the corpus should contain proxies without timeouts');
  assert.deepEqual(actual.sort(), expected.sort());
});

test('HAProxy rejections these rules cover are reported as errors', { skip: corpusMissing || skipWithoutHaproxy() }, () => {
  const missed: string[] = [];
  let covered = 0;
  for (const { file, exitCode } of labels()) {
    if (exitCode !== 1) continue;
    const check = haproxyCheck({ file: path.join(CORPUS, file) });
    const relevant = check.messages.filter(
      (m) =>
        m.level === 'ALERT' &&
        /another server named|has the same name as|no SSL certificate specified|unable to find required (?:default|use)_backend|referenced in a 'use-server' rule/.test(
          m.text,
        ),
    );
    if (relevant.length === 0) continue;
    const errors = findingsOf(file).filter((f) => f.severity === 'error');
    for (const m of relevant) {
      covered++;
      const named = /'([^']+)'\.?\s*$/.exec(m.text.split('\n')[0])?.[1];
      const found =
        m.line !== undefined
          ? errors.some((f) => f.range.start.line + 1 === m.line)
          : errors.some((f) => named !== undefined && f.message.includes(`'${named}'`));
      if (!found) missed.push(`${file}: ${m.text.split('\n')[0]}`);
    }
  }
  assert.ok(covered > 0, 'the corpus should contain files rejected for these reasons');
  assert.deepEqual(missed, []);
});
