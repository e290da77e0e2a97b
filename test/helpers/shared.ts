/**
 * `../shared` beside the checkout holds the public corpus of real configuration files.
 * CI always has it; a clone elsewhere may not. Tests that need it skip with a one-line
 * reason without it, and fail under CI=true.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');

export function corpusAvailable(): boolean {
  return existsSync(path.join(CORPUS_DIR, 'haproxy'));
}

/** The reason to skip a corpus test, or false to run it. Under CI a missing corpus fails. */
export function skipWithoutCorpus(): string | false {
  if (corpusAvailable()) return false;
  if (process.env.CI === 'true') throw new Error(`the corpus is required under CI=true (expected ${CORPUS_DIR})`);
  return `the public corpus is not beside the checkout (${CORPUS_DIR})`;
}

/** The .cfg files of the corpus's haproxy folder and its sub-folders (none without the corpus). */
export function haproxyCorpusFiles(dir = path.join(CORPUS_DIR, 'haproxy')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return haproxyCorpusFiles(p);
    return name.endsWith('.cfg') ? [p] : [];
  });
}

/** The corpus's haproxy files that `haproxy -c` 2.6 accepts, relative to its haproxy folder. */
export function acceptedHaproxyFiles(): string[] {
  return readFileSync(path.join(CORPUS_DIR, 'haproxy', 'labels-haproxy-2.6.12.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .filter(([, exit]) => exit === '0')
    .map(([name]) => name);
}
