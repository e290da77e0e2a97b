/** Finding, reading and safely rewriting the files the CLI checks. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as Crypto from 'node:crypto';
import type { Finding, LanguageId } from '../common/types';
import { isHaproxyCfg, languageForPath } from '../service';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Input {
  file: string;
  language?: LanguageId;
  /** Named on the command line (as opposed to found in a directory). */
  explicit: boolean;
}

/** The files under `target` (or `target` itself). `explicitLanguage` (--language) applies
 * to a `target` that is a file. Directories that cannot be read are passed to `onError` and
 * skipped; a `target` that does not exist throws. */
export async function collectFiles(
  target: string,
  explicitLanguage: LanguageId | undefined,
  onError: (file: string, error: unknown) => void,
): Promise<Input[]> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) {
    return [{ file: target, language: explicitLanguage ?? languageForName(target), explicit: true }];
  }
  const out: Input[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      onError(dir, e);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p);
      } else if (e.isFile()) {
        // In a directory only the extension counts: --language is for files named on the command line.
        // A .cfg file must also look like HAProxy's (name, folder or first line): many tools use .cfg.
        const language = languageForPath(p);
        if (language === 'haproxy' && !isHaproxyCfg(p, await firstLineOf(p))) continue;
        if (language) out.push({ file: p, language, explicit: false });
      }
    }
  };
  await walk(target);
  return out;
}

/** The first line of a file (at most 1 KiB of it); '' when it cannot be read. */
async function firstLineOf(file: string): Promise<string> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split(/\r\n|\n|\r/)[0];
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

/** The language of a file named on the command line: its extension, or a telling base name. */
export function languageForName(file: string): LanguageId | undefined {
  const byExtension = languageForPath(file);
  if (byExtension) return byExtension;
  const base = path.basename(file).toLowerCase();
  if (base.includes('haproxy')) return 'haproxy';
  if (base.includes('bitbucket') || base.includes('stash-config')) return 'bitbucket-properties';
  return undefined;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}

export interface Decoded {
  /** The text without a byte order mark. */
  text: string;
  problems: Finding[];
  bom: boolean;
  /** The bytes were valid UTF-8 text, so the text can be written back unchanged. */
  exact: boolean;
}

/** Decodes a file's bytes. Invalid UTF-8 and binary content become findings, not crashes. */
export function decode(bytes: Uint8Array): Decoded {
  const problems: Finding[] = [];
  const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const bom = hasBom(bytes);
  const sample = bytes.subarray(0, 8192);
  let nul = 0;
  for (const b of sample) if (b === 0) nul++;
  if (nul > 0 && nul * 20 > sample.length) {
    problems.push({ rule: 'syntax-error', severity: 'error', message: 'This looks like a binary file, not a text configuration: it was not checked.', range: at0, fixes: [] });
    return { text: '', problems, bom, exact: false };
  }
  try {
    // TextDecoder drops a leading byte order mark; `bom` remembers it for writing back.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problems, bom, exact: true };
  } catch {
    problems.push({
      rule: 'syntax-error',
      severity: 'error',
      message: 'The file is not valid UTF-8; invalid bytes are shown as U+FFFD. Save it as UTF-8 (or plain ASCII).',
      range: at0,
      fixes: [],
    });
    return { text: new TextDecoder('utf-8').decode(bytes), problems, bom, exact: false };
  }
}

/** The bytes of `text`, with a UTF-8 byte order mark in front when `bom` is set. */
export function encode(text: string, bom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM, 0);
  out.set(body, 3);
  return out;
}

/**
 * Replaces a file's content atomically: the data goes to a temporary file in the same
 * directory, which then takes the file's place with one rename, so a reader sees either
 * the old or the new content and a crash leaves the original intact. The file keeps its
 * permission bits (and, when we may, its owner). A symbolic link is followed: the file it
 * points to is replaced and the link stays.
 */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const target = await fs.realpath(file);
  const stat = await fs.stat(target);
  const mode = stat.mode & 0o7777;
  // node:crypto is loaded here, not at start: loading it takes a few milliseconds that a
  // run without --fix should not pay.
  const { randomBytes } = require('node:crypto') as typeof Crypto;
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.chmod(mode);
      if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || stat.gid !== process.getgid?.())) {
        await handle.chown(stat.uid, stat.gid).catch(() => undefined);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
