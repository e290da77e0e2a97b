/**
 * Workspace symbols: the sections, servers and ACLs of every HAProxy file the editor has
 * open, plus the HAProxy files found on disk under the workspace folders. The disk search
 * is bounded (file count, directory depth, entries visited, file size) and parsed files
 * are cached by modification time, so a large workspace costs little.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from '../common/types';
import { parseDocument, type ParsedDocument } from '../service';
import { documentSymbols, type SymbolKind } from './symbols';

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** The section a server or ACL belongs to (`backend be_app`), or the kind of a section. */
  containerName?: string;
  uri: string;
  range: Range;
}

export interface SymbolSource {
  uri: string;
  doc: ParsedDocument;
}

export interface DiskLimits {
  /** Most files to read (default 200). */
  maxFiles: number;
  /** Deepest directory level below a workspace folder (default 8). */
  maxDepth: number;
  /** Most directory entries to look at in one search (default 20000). */
  maxEntries: number;
  /** Larger files are skipped (default 1 MiB). */
  maxBytes: number;
}

export const DEFAULT_LIMITS: DiskLimits = { maxFiles: 200, maxDepth: 8, maxEntries: 20000, maxBytes: 1024 * 1024 };

/** True for file names the extension treats as HAProxy configuration (the manifest's patterns). */
export function isHaproxyFileName(file: string): boolean {
  const parts = file.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1];
  if (!/\.cfg$/i.test(base)) return false;
  if (/^haproxy.*\.cfg$/i.test(base)) return true;
  const dirs = parts.slice(0, -1);
  return dirs.includes('haproxy') || dirs[dirs.length - 1] === 'haproxy.d';
}

/** Case-insensitive fuzzy match: the query's characters appear in the name in order. */
export function matchesQuery(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let i = 0;
  for (const ch of query.toLowerCase()) {
    if (ch === ' ') continue;
    i = n.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/** The symbols of the given documents whose names match `query`, at most `limit`. */
export function workspaceSymbols(sources: SymbolSource[], query: string, limit = 1000): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const { uri, doc } of sources) {
    if (!doc.haproxy) continue;
    for (const section of documentSymbols(doc)) {
      const sectionKind = section.detail ?? section.name;
      if (matchesQuery(section.name, query)) {
        out.push({ name: section.name, kind: 'section', containerName: sectionKind, uri, range: section.selectionRange });
      }
      const seen = new Set<string>();
      for (const child of section.children) {
        if (child.kind !== 'server' && child.kind !== 'acl') continue;
        // An ACL written on several lines is one symbol: its first line.
        const key = `${child.kind}:${child.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!matchesQuery(child.name, query)) continue;
        const container = section.detail ? `${section.detail} ${section.name}` : section.name;
        out.push({ name: child.name, kind: child.kind, containerName: container, uri, range: child.selectionRange });
      }
      if (out.length >= limit) return out.slice(0, limit);
    }
  }
  return out;
}

/** Finds and parses the HAProxy files under some folders, within limits, caching by mtime. */
export class DiskSymbols {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; doc: ParsedDocument }>();

  constructor(private readonly limits: DiskLimits = DEFAULT_LIMITS) {}

  /** HAProxy files under `roots`, breadth first, within the limits. */
  async findFiles(roots: string[]): Promise<string[]> {
    const files: string[] = [];
    let entries = 0;
    let queue: { dir: string; depth: number }[] = roots.map((dir) => ({ dir, depth: 0 }));
    while (queue.length > 0 && files.length < this.limits.maxFiles && entries < this.limits.maxEntries) {
      const next: { dir: string; depth: number }[] = [];
      for (const { dir, depth } of queue) {
        let list: import('node:fs').Dirent[];
        try {
          list = await fs.readdir(dir, { withFileTypes: true });
        } catch {
          continue;
        }
        list.sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of list) {
          if (++entries > this.limits.maxEntries || files.length >= this.limits.maxFiles) break;
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            if (entry.name.startsWith('.') || entry.name === 'node_modules' || depth + 1 > this.limits.maxDepth) continue;
            next.push({ dir: full, depth: depth + 1 });
          } else if (entry.isFile() && isHaproxyFileName(full)) {
            files.push(full);
          }
        }
      }
      queue = next;
    }
    return files;
  }

  /** Parsed HAProxy files under `roots`, except the paths in `skip` (files open in the editor). */
  async sources(roots: string[], skip: ReadonlySet<string>): Promise<SymbolSource[]> {
    const out: SymbolSource[] = [];
    for (const file of await this.findFiles(roots)) {
      if (skip.has(path.resolve(file))) continue;
      const uri = pathToFileURL(file).toString();
      try {
        const stat = await fs.stat(file);
        if (stat.size > this.limits.maxBytes) continue;
        const cached = this.cache.get(file);
        if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
          out.push({ uri, doc: cached.doc });
          continue;
        }
        const doc = parseDocument(await fs.readFile(file, 'utf8'), 'haproxy');
        this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, doc });
        out.push({ uri, doc });
      } catch {
        // A file that vanished or cannot be read is simply left out.
      }
    }
    return out;
  }
}
