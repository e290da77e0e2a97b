/**
 * Which files belong to one deployment.
 *
 * By default every HAProxy configuration, bitbucket.properties and server.xml under one
 * root (a workspace folder, a directory given to the CLI, or the files named on the
 * command line) form one deployment. When a root holds more than one Bitbucket file of a
 * kind, or HAProxy files in more than one directory, the root is split along its
 * sub-directories until each part is unambiguous; files that still cannot be told apart
 * are checked on their own and a note says so. HAProxy files in one directory and its
 * sub-directories count as one configuration, as `haproxy -f haproxy.cfg -f conf.d/` loads them.
 *
 * A `.haproxy-bitbucket-lint.json` with `deployments` replaces the guesswork: each entry
 * names its files (relative to the config file), and files it does not name stand alone.
 *
 * The functions here work on paths only; workspace.ts and the CLI read the files.
 */
import * as path from 'node:path';
import type { DeploymentSpec } from '../common/configFile';
import type { MemberRole } from './model';

export interface Candidate {
  /** Absolute path. */
  path: string;
  role: MemberRole;
}

export interface DeploymentPlan {
  /** The directory the deployment was found in. */
  root: string;
  /** HAProxy files in the order HAProxy would load them. */
  haproxy: string[];
  bitbucket?: string;
  serverXml?: string;
}

export interface Grouping {
  deployments: DeploymentPlan[];
  /** Ambiguities worth telling the user once (information). */
  notes: string[];
}

/** The part a file plays in a deployment, judged by its name (for files found on disk). */
export function roleForPath(file: string): MemberRole | undefined {
  const p = file.replace(/\\/g, '/');
  const base = p.split('/').pop() ?? '';
  if (base === 'server.xml') return 'server-xml';
  if (/\.properties$/i.test(base)) {
    return /^(bitbucket|stash-config)[\w.-]*\.properties$/i.test(base) ? 'bitbucket' : undefined;
  }
  if (/\.cfg$/i.test(base)) {
    if (/^haproxy/i.test(base)) return 'haproxy';
    if (/(^|\/)haproxy(\.d)?\//i.test(p)) return 'haproxy';
  }
  return undefined;
}

export function planMembers(plan: DeploymentPlan): string[] {
  return [...plan.haproxy, ...(plan.bitbucket ? [plan.bitbucket] : []), ...(plan.serverXml ? [plan.serverXml] : [])];
}

function plan(root: string, files: Candidate[]): DeploymentPlan {
  return {
    root,
    haproxy: files.filter((f) => f.role === 'haproxy').map((f) => f.path).sort(),
    bitbucket: files.find((f) => f.role === 'bitbucket')?.path,
    serverXml: files.find((f) => f.role === 'server-xml')?.path,
  };
}

const ROLE_WORDS: Record<MemberRole, string> = {
  haproxy: 'HAProxy configurations in folders side by side',
  bitbucket: 'bitbucket.properties files',
  'server-xml': 'server.xml files',
};

/** The roles with more than one candidate that cannot be one deployment. */
function ambiguousRoles(files: Candidate[]): MemberRole[] {
  const out: MemberRole[] = [];
  // HAProxy files in one folder and its sub-folders (haproxy.cfg next to a haproxy.d or
  // conf.d folder) are one configuration; folders side by side are not.
  const dirs = [...new Set(files.filter((f) => f.role === 'haproxy').map((f) => path.dirname(f.path)))].sort((a, b) => a.length - b.length);
  if (!dirs.every((d, i) => i === 0 || isWithin(dirs[i - 1], d))) out.push('haproxy');
  if (files.filter((f) => f.role === 'bitbucket').length > 1) out.push('bitbucket');
  if (files.filter((f) => f.role === 'server-xml').length > 1) out.push('server-xml');
  return out;
}

function isWithin(dir: string, inner: string): boolean {
  const rel = path.relative(dir, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel || path.basename(file)).split(path.sep).join('/');
}

/** Groups `files` under `root` into deployments by the default rule. */
export function groupByFolder(root: string, files: Candidate[]): Grouping {
  const notes: string[] = [];
  const deployments: DeploymentPlan[] = [];
  const visit = (dir: string, group: Candidate[]) => {
    if (group.length === 0) return;
    const ambiguous = ambiguousRoles(group);
    if (ambiguous.length === 0) {
      deployments.push(plan(dir, group));
      return;
    }
    const here: Candidate[] = [];
    const below = new Map<string, Candidate[]>();
    for (const f of group) {
      const rel = path.relative(dir, f.path);
      const parts = rel.split(path.sep);
      if (parts.length <= 1) here.push(f);
      else {
        const sub = path.join(dir, parts[0]);
        below.set(sub, [...(below.get(sub) ?? []), f]);
      }
    }
    const stuck = below.size === 0 || ambiguousRoles(here).length > 0;
    if (stuck || here.length > 0) {
      // Files directly in this folder cannot be paired with one of the sub-folders
      // without guessing: each is checked on its own (HAProxy files of one folder together).
      const names = group.filter((f) => ambiguous.includes(f.role)).map((f) => relative(root, f.path));
      notes.push(
        `${dir === root ? 'This folder' : `'${relative(root, dir)}'`} holds several ` +
          `${ambiguous.map((r) => ROLE_WORDS[r]).join(' and ')} (${names.join(', ')}), so it is not clear which files belong ` +
          'together. Cross-file checks run only where that is clear; list the deployments in .haproxy-bitbucket-lint.json to check the rest.',
      );
      const haproxy = here.filter((f) => f.role === 'haproxy');
      if (haproxy.length > 0) deployments.push(plan(dir, haproxy));
      for (const f of here.filter((x) => x.role !== 'haproxy')) deployments.push(plan(dir, [f]));
    }
    for (const [sub, files] of [...below].sort((a, b) => a[0].localeCompare(b[0]))) visit(sub, files);
  };
  visit(root, [...files].sort((a, b) => a.path.localeCompare(b.path)));
  return { deployments, notes };
}

/**
 * Deployments from a config file's `deployments` list. `configDir` is the config file's
 * directory; files of `candidates` that no entry names stand alone.
 */
export function groupBySpecs(configDir: string, specs: DeploymentSpec[], candidates: Candidate[]): Grouping {
  const deployments: DeploymentPlan[] = [];
  const named = new Set<string>();
  for (const spec of specs) {
    const resolve = (p: string) => path.resolve(configDir, p);
    const d: DeploymentPlan = {
      root: configDir,
      haproxy: spec.haproxy.map(resolve),
      bitbucket: spec.bitbucket ? resolve(spec.bitbucket) : undefined,
      serverXml: spec.serverXml ? resolve(spec.serverXml) : undefined,
    };
    planMembers(d).forEach((p) => named.add(p));
    deployments.push(d);
  }
  for (const c of candidates) {
    if (!named.has(c.path)) deployments.push(plan(path.dirname(c.path), [c]));
  }
  return { deployments, notes: [] };
}

/** The deployments that contain `file`. */
export function plansWith(grouping: Grouping, file: string): DeploymentPlan[] {
  return grouping.deployments.filter((d) => planMembers(d).includes(file));
}
