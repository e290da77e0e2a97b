/**
 * Cross-file checks for a batch of files, as the CLI runs them: every directory argument
 * is a root whose files are grouped into deployments (discovery.ts), and the files named
 * one by one on the command line form one more group. A `.haproxy-bitbucket-lint.json`
 * with `deployments` that applies to a root decides the groups instead. Files that were
 * linted already are taken as the caller has them (possibly fixed); partners named by a
 * config file are read from disk.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding, LanguageId, Settings } from '../common/types';
import { CONFIG_FILE_NAME, type LintConfig } from '../common/configFile';
import { validateDeployment, type ParsedDocument } from '../service';
import { groupByFolder, groupBySpecs, roleForPath, type Candidate, type DeploymentPlan } from './discovery';
import { parseMember, readDeploymentFile, scanFolder } from './files';
import { createDeployment, type MemberInput, type MemberRole } from './model';

export interface BatchOptions {
  /** The path arguments as given. */
  targets: string[];
  /** Files already read, keyed by the path the caller reports them under, with their parse
   * when the caller has one for exactly that text (it is used instead of parsing again). */
  texts: Map<string, { text: string; language: LanguageId; document?: ParsedDocument }>;
  /** Explicit server.xml arguments. */
  serverXml: string[];
  settingsFor: (file: string) => Promise<Settings>;
  configFor: (file: string) => Promise<LintConfig | undefined>;
  /** The grouping, when the caller made it already (planBatch). */
  plan?: BatchPlan;
}

export interface BatchResult {
  /** Cross-file findings keyed by the caller's path of each file. */
  findings: Map<string, Finding[]>;
  /** The server.xml files that were checked (found in a directory or named), caller's paths. */
  serverXml: string[];
  /** Ambiguities, to show once. */
  notes: string[];
}

export function isServerXmlPath(file: string): boolean {
  return path.basename(file) === 'server.xml';
}

function commonDir(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let dir = path.dirname(files[0]);
  for (const f of files.slice(1)) {
    while (!(path.relative(dir, f) && !path.relative(dir, f).startsWith('..'))) {
      const parent = path.dirname(dir);
      if (parent === dir) return dir;
      dir = parent;
    }
  }
  return dir;
}

/** How the files of a batch group into deployments. */
export interface BatchPlan {
  plans: DeploymentPlan[];
  /** Absolute paths of the server.xml files found in a directory or named. */
  serverXml: string[];
  notes: string[];
}

/**
 * Groups the files of a batch into deployments: every directory argument is a root, and
 * the files named one by one form one more group. `languageOf` gives the language the
 * caller read a named file in, if any.
 */
export async function planBatch(
  targets: string[],
  languageOf: (target: string) => LanguageId | undefined,
  configFor: (file: string) => Promise<LintConfig | undefined>,
): Promise<BatchPlan> {
  const groups: { root: string; candidates: Candidate[] }[] = [];
  const loose: Candidate[] = [];
  const checkedXml = new Set<string>();
  for (const target of targets) {
    const abs = path.resolve(target);
    let isDir = false;
    try {
      isDir = (await fs.stat(abs)).isDirectory();
    } catch {
      continue;
    }
    if (isDir) {
      const found = await scanFolder(abs);
      for (const c of found) if (c.role === 'server-xml') checkedXml.add(c.path);
      groups.push({ root: abs, candidates: found });
    } else {
      const language = languageOf(target);
      const role: MemberRole | undefined = isServerXmlPath(abs)
        ? 'server-xml'
        : language === 'haproxy'
          ? 'haproxy'
          : language === 'bitbucket-properties'
            ? 'bitbucket'
            : roleForPath(abs);
      if (!role) continue;
      if (role === 'server-xml') checkedXml.add(abs);
      loose.push({ path: abs, role });
    }
  }
  if (loose.length > 0) groups.push({ root: commonDir(loose.map((c) => c.path)), candidates: loose });

  const notes: string[] = [];
  const plans: DeploymentPlan[] = [];
  for (const g of groups) {
    // Any name inside the root: the config that applies to the root's own files.
    const config = await configFor(path.join(g.root, CONFIG_FILE_NAME));
    const grouping = config && config.deployments.length > 0 ? groupBySpecs(config.dir, config.deployments, g.candidates) : groupByFolder(g.root, g.candidates);
    notes.push(...grouping.notes);
    plans.push(...grouping.deployments);
  }
  return { plans, serverXml: [...checkedXml], notes };
}

export async function lintDeployments(o: BatchOptions): Promise<BatchResult> {
  const display = new Map<string, string>();
  for (const p of o.texts.keys()) display.set(path.resolve(p), p);
  for (const p of o.serverXml) display.set(path.resolve(p), p);
  const nameOf = (abs: string) => display.get(abs) ?? (path.relative(process.cwd(), abs) || abs);
  const { plans, serverXml: checkedXml, notes } = o.plan ?? (await planBatch(o.targets, (t) => o.texts.get(t)?.language, o.configFor));

  const texts = new Map<string, string | undefined>();
  const textOf = async (abs: string): Promise<string | undefined> => {
    if (texts.has(abs)) return texts.get(abs);
    const given = display.get(abs);
    const known = given !== undefined ? o.texts.get(given)?.text : undefined;
    const text = known ?? (await readDeploymentFile(abs, undefined));
    texts.set(abs, text);
    return text;
  };
  /** The caller's parse of `abs`, when it is of `text` in the language `role` reads. */
  const parsedOf = (abs: string, role: MemberRole, text: string): ParsedDocument | undefined => {
    const given = display.get(abs);
    const known = given !== undefined ? o.texts.get(given) : undefined;
    const language = role === 'haproxy' ? 'haproxy' : role === 'bitbucket' ? 'bitbucket-properties' : undefined;
    const document = known?.document;
    return document && known.text === text && document.language === language && document.source.text === text ? document : undefined;
  };

  const findings = new Map<string, Finding[]>();
  const seen = new Set<string>();
  for (const plan of plans) {
    const inputs: MemberInput[] = [];
    const roles: [string, MemberRole][] = [
      ...plan.haproxy.map((p): [string, MemberRole] => [p, 'haproxy']),
      ...(plan.bitbucket ? [[plan.bitbucket, 'bitbucket'] as [string, MemberRole]] : []),
      ...(plan.serverXml ? [[plan.serverXml, 'server-xml'] as [string, MemberRole]] : []),
    ];
    for (const [abs, role] of roles) {
      const text = await textOf(abs);
      if (text === undefined) continue;
      const document = parsedOf(abs, role, text);
      inputs.push(document ? { uri: nameOf(abs), document } : parseMember(nameOf(abs), role, text));
    }
    if (inputs.length === 0) continue;
    const settings = new Map<string, Settings>();
    for (const i of inputs) settings.set(i.uri, await o.settingsFor(i.uri));
    const result = validateDeployment(createDeployment(inputs), (uri) => settings.get(uri) ?? { rules: {} });
    for (const [uri, list] of result) {
      for (const f of list) {
        const key = JSON.stringify([uri, f.rule, f.range, f.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        // Every edit names its file: the CLI writes one file at a time, and a reader of
        // the JSON report should not have to guess.
        const named: Finding = { ...f, fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, uri: e.uri ?? uri })) })) };
        findings.set(uri, [...(findings.get(uri) ?? []), named]);
      }
    }
  }
  return { findings, serverXml: checkedXml.map(nameOf), notes: [...new Set(notes)] };
}

/** Single-file and cross-file findings of one file, in document order. */
export function mergeFindings(a: Finding[], b: Finding[]): Finding[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort(
    (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character || x.rule.localeCompare(y.rule),
  );
}
