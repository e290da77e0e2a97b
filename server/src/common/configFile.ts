/**
 * `.haproxy-bitbucket-lint.json`: the project's lint configuration, read by the CLI and the
 * language server alike so that the editor and CI agree. Found by walking up from a file's
 * directory (or given with `--config`).
 *
 * {
 *   "rules": { "<id>": "off|hint|info|warning|error" },
 *   "haproxyVersion": "2.6",
 *   "ignore": ["<glob>", ...],                 // relative to the config file's directory
 *   "properties": { "allow": ["<key or glob>"] },  // keys of your own or of add-ons
 *   "deployments": [{ "haproxy": ["etc/haproxy/haproxy.cfg"], "bitbucket": "shared/bitbucket.properties", "serverXml": "conf/server.xml" }]
 * }
 */
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { minimatch } from 'minimatch';
import type { Settings, SeveritySetting } from './types';
import { normaliseSeverity } from './types';

export const CONFIG_FILE_NAME = '.haproxy-bitbucket-lint.json';

export interface DeploymentSpec {
  haproxy: string[];
  bitbucket?: string;
  serverXml?: string;
}

export interface LintConfig {
  /** Absolute path of the file and its directory (globs and deployment paths are relative to it). */
  path: string;
  dir: string;
  rules: Record<string, SeveritySetting>;
  haproxyVersion?: string;
  ignore: string[];
  propertiesAllow: string[];
  deployments: DeploymentSpec[];
}

export interface ConfigProblem {
  message: string;
}

const stringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Parses the file's text; unknown or malformed parts become problems, the rest is kept. */
export function parseConfigFile(text: string, filePath: string): { config: LintConfig; problems: ConfigProblem[] } {
  const abs = path.resolve(filePath);
  const config: LintConfig = { path: abs, dir: path.dirname(abs), rules: {}, ignore: [], propertiesAllow: [], deployments: [] };
  const problems: ConfigProblem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push({ message: `${filePath}: not valid JSON (${(e as Error).message})` });
    return { config, problems };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ message: `${filePath}: expected a JSON object` });
    return { config, problems };
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['rules', 'haproxyVersion', 'ignore', 'properties', 'deployments', '$schema'].includes(key)) {
      problems.push({ message: `${filePath}: unknown setting '${key}'` });
    }
  }
  if (o.rules !== undefined) {
    if (o.rules && typeof o.rules === 'object' && !Array.isArray(o.rules)) {
      for (const [id, value] of Object.entries(o.rules as Record<string, unknown>)) {
        if (typeof value === 'string' && normaliseSeverity(value)) config.rules[id] = value as SeveritySetting;
        else problems.push({ message: `${filePath}: rules.${id} must be one of off, hint, info, warning, error` });
      }
    } else problems.push({ message: `${filePath}: 'rules' must be an object` });
  }
  if (o.haproxyVersion !== undefined) {
    if (typeof o.haproxyVersion === 'string') config.haproxyVersion = o.haproxyVersion;
    else problems.push({ message: `${filePath}: 'haproxyVersion' must be a string such as "2.6"` });
  }
  if (o.ignore !== undefined) {
    if (stringArray(o.ignore)) config.ignore = o.ignore;
    else problems.push({ message: `${filePath}: 'ignore' must be an array of glob strings` });
  }
  if (o.properties !== undefined) {
    const p = o.properties as Record<string, unknown>;
    if (p && typeof p === 'object' && (p.allow === undefined || stringArray(p.allow))) config.propertiesAllow = (p.allow as string[]) ?? [];
    else problems.push({ message: `${filePath}: 'properties.allow' must be an array of keys or globs` });
  }
  if (o.deployments !== undefined) {
    if (Array.isArray(o.deployments)) {
      o.deployments.forEach((d: unknown, i) => {
        const dd = d as Record<string, unknown>;
        const haproxy = typeof dd?.haproxy === 'string' ? [dd.haproxy] : dd?.haproxy;
        if (!dd || typeof dd !== 'object' || !stringArray(haproxy) || (dd.bitbucket !== undefined && typeof dd.bitbucket !== 'string') || (dd.serverXml !== undefined && typeof dd.serverXml !== 'string')) {
          problems.push({ message: `${filePath}: deployments[${i}] needs "haproxy" (a path or an array of paths) and optional "bitbucket" and "serverXml" paths` });
          return;
        }
        config.deployments.push({ haproxy, bitbucket: dd.bitbucket as string | undefined, serverXml: dd.serverXml as string | undefined });
      });
    } else problems.push({ message: `${filePath}: 'deployments' must be an array` });
  }
  return { config, problems };
}

/** The nearest config file at or above `startDir`, or undefined. Stops at `stopAt` when given. */
export async function findConfigFile(startDir: string, stopAt?: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      const st = await fs.stat(candidate);
      if (st.isFile()) return candidate;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir || dir === stop) return undefined;
    dir = parent;
  }
}

/** Settings with the config file applied: the file wins where it says something. */
export function applyConfig(settings: Settings, config: LintConfig | undefined): Settings {
  if (!config) return settings;
  return {
    ...settings,
    rules: { ...settings.rules, ...config.rules },
    haproxyVersion: config.haproxyVersion ?? settings.haproxyVersion,
    ...(config.propertiesAllow.length ? { propertiesAllow: [...(settings.propertiesAllow ?? []), ...config.propertiesAllow] } : {}),
  };
}

/** Whether `file` matches one of the config's ignore globs (relative to the config's directory). */
export function isIgnored(config: LintConfig | undefined, file: string): boolean {
  if (!config || config.ignore.length === 0) return false;
  const rel = path.relative(config.dir, path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('..')) return false;
  return config.ignore.some((g) => minimatch(rel, g, { dot: true, matchBase: !g.includes('/') }));
}
