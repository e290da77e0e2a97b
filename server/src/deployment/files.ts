/**
 * Finding and reading deployment files on disk, within limits: folders such as
 * node_modules and .git are skipped, the walk stops after a number of entries, files over
 * a size limit are not read, and links are followed only when they stay inside the root.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { roleForPath, type Candidate } from './discovery';
import { parseDocument } from '../service';
import { parseServerXml } from '../serverxml/parser';
import type { MemberInput, MemberRole } from './model';

export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface ScanLimits {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /** Directory entries looked at before the walk stops. */
  maxEntries: number;
  /** Folder depth below the root. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ScanLimits = { maxFileBytes: 1024 * 1024, maxEntries: 20000, maxDepth: 12 };

/** True when `file` is `root` or lies below it. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The deployment files under `root`, found by name. Links are followed only when their
 * target is inside `root` (checked on the real path of both); files over the size limit
 * are left out.
 */
export async function scanFolder(root: string, limits: ScanLimits = DEFAULT_LIMITS): Promise<Candidate[]> {
  const out: Candidate[] = [];
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    return out;
  }
  let entries = 0;
  const seen = new Set<string>();
  const seenFiles = new Set<string>();
  const walk = async (dir: string, depth: number) => {
    if (depth > limits.maxDepth || entries > limits.maxEntries) return;
    let list;
    try {
      list = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of list) {
      if (++entries > limits.maxEntries) return;
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let real: string;
        try {
          real = await fs.realpath(p);
        } catch {
          continue;
        }
        if (!isInside(realRoot, real)) continue;
        try {
          const st = await fs.stat(real);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
        if (isDir && seen.has(real)) continue;
        if (isDir) seen.add(real);
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name)) await walk(p, depth + 1);
      } else if (isFile) {
        const role = roleForPath(p);
        if (!role) continue;
        try {
          const st = await fs.stat(p);
          if (st.size > limits.maxFileBytes) continue;
          // The same file reached twice (through a link inside the folder) counts once.
          const real = await fs.realpath(p);
          if (seenFiles.has(real)) continue;
          seenFiles.add(real);
        } catch {
          continue;
        }
        out.push({ path: p, role });
      }
    }
  };
  await walk(root, 0);
  return out;
}

/**
 * Reads a deployment file from disk, if it is a regular file within the size limit and,
 * when `root` is given, its real path is inside the real `root`. Undefined otherwise.
 */
export async function readDeploymentFile(file: string, root: string | undefined, limits: ScanLimits = DEFAULT_LIMITS): Promise<string | undefined> {
  try {
    const real = await fs.realpath(file);
    if (root) {
      const realRoot = await fs.realpath(root);
      if (!isInside(realRoot, real)) return undefined;
    }
    const st = await fs.stat(real);
    if (!st.isFile() || st.size > limits.maxFileBytes) return undefined;
    const bytes = await fs.readFile(real);
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

/** Parses a file's text for its role. */
export function parseMember(uri: string, role: MemberRole, text: string): MemberInput {
  if (role === 'server-xml') return { uri, document: parseServerXml(text) };
  return { uri, document: parseDocument(text, role === 'haproxy' ? 'haproxy' : 'bitbucket-properties') };
}
