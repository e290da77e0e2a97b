/**
 * Deployments for an editor session: the language server's open documents plus the files
 * on disk of each workspace folder. Open documents win over their saved text; files that
 * are not open are read from disk (within the limits of files.ts) and cached until a
 * watched-file event or a changed modification time says otherwise. Documents outside
 * every workspace folder are grouped with the other files of their own directory.
 *
 * Knows nothing about LSP: the server passes file system paths and document texts in.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding, Settings } from '../common/types';
import type { LintConfig } from '../common/configFile';
import { validateDeployment, type ParsedDocument, type ValidateOptions } from '../service';
import type { ServerXml } from '../serverxml/tree';
import { groupByFolder, groupBySpecs, planMembers, type Candidate, type DeploymentPlan, type Grouping } from './discovery';
import { DEFAULT_LIMITS, isInside, parseMember, scanFolder, type ScanLimits } from './files';
import { createDeployment, type Deployment, type MemberInput, type MemberRole } from './model';

export interface OpenMember {
  /** The document's URI, used as the member's name in findings. */
  uri: string;
  role: MemberRole;
  document: ParsedDocument | ServerXml;
}

export interface WorkspaceHost {
  /** The open document at a file system path, if any. */
  openDocument(file: string): OpenMember | undefined;
  /** Paths of every open document that can be a deployment member. */
  openFiles(): string[];
  /** The URI to use for a file that is not open. */
  uriOf(file: string): string;
  /** The `.haproxy-bitbucket-lint.json` for a folder, if any. */
  configFor(folder: string): Promise<LintConfig | undefined>;
  /** Called once per distinct note about ambiguous files. */
  note(message: string): void;
}

interface DiskEntry {
  mtimeMs: number;
  size: number;
  member?: MemberInput;
}

export class DeploymentWorkspace {
  private folders: string[] = [];
  private readonly scans = new Map<string, Promise<Candidate[]>>();
  private readonly disk = new Map<string, DiskEntry>();
  private readonly notes = new Set<string>();

  constructor(
    private readonly host: WorkspaceHost,
    private readonly limits: ScanLimits = DEFAULT_LIMITS,
  ) {}

  setFolders(folders: string[]): void {
    this.folders = [...new Set(folders.map((f) => path.resolve(f)))];
    this.scans.clear();
  }

  /** A watched file was created, changed or deleted: forget what we knew about it. */
  fileChanged(file: string, kind: 'created' | 'changed' | 'deleted'): void {
    this.disk.delete(file);
    if (kind !== 'changed' || path.basename(file) === '.haproxy-bitbucket-lint.json') {
      for (const root of [...this.scans.keys()]) if (isInside(root, file)) this.scans.delete(root);
    }
  }

  /** An open document was closed: let go of the deployments built from its text, which would
   * otherwise keep its whole tree alive until the plan is built again. */
  documentClosed(uri: string): void {
    for (const [key, last] of this.built) if (last.inputs.some((m) => m.uri === uri)) this.built.delete(key);
  }

  /** The folder a file's deployments are looked for in. */
  rootOf(file: string): { root: string; recursive: boolean } {
    const folder = this.folders.filter((f) => isInside(f, file)).sort((a, b) => b.length - a.length)[0];
    return folder ? { root: folder, recursive: true } : { root: path.dirname(file), recursive: false };
  }

  private scan(root: string, recursive: boolean): Promise<Candidate[]> {
    const key = `${recursive ? 'r' : 'd'}:${root}`;
    let found = this.scans.get(key);
    if (!found) {
      found = scanFolder(root, recursive ? this.limits : { ...this.limits, maxDepth: 0 }).catch(() => []);
      this.scans.set(key, found);
    }
    return found;
  }

  private async grouping(file: string): Promise<Grouping> {
    const { root, recursive } = this.rootOf(file);
    const onDisk = await this.scan(root, recursive);
    const candidates = new Map<string, Candidate>();
    for (const c of onDisk) candidates.set(c.path, c);
    for (const open of this.host.openFiles()) {
      if (!(recursive ? isInside(root, open) : path.dirname(open) === root)) continue;
      const doc = this.host.openDocument(open);
      if (doc) candidates.set(open, { path: open, role: doc.role });
    }
    const config = recursive ? await this.host.configFor(root) : undefined;
    const grouping = config && config.deployments.length > 0 ? groupBySpecs(config.dir, config.deployments, [...candidates.values()]) : groupByFolder(root, [...candidates.values()]);
    for (const n of grouping.notes) {
      if (this.notes.has(n)) continue;
      this.notes.add(n);
      this.host.note(n);
    }
    return grouping;
  }

  /** The plans of the deployments `file` belongs to (a file alone when it has no partners). */
  async plansFor(file: string): Promise<DeploymentPlan[]> {
    const grouping = await this.grouping(file);
    const plans = grouping.deployments.filter((d) => planMembers(d).includes(file));
    if (plans.length > 0) return plans;
    const doc = this.host.openDocument(file);
    if (!doc) return [];
    return [{ root: path.dirname(file), haproxy: doc.role === 'haproxy' ? [file] : [], bitbucket: doc.role === 'bitbucket' ? file : undefined, serverXml: doc.role === 'server-xml' ? file : undefined }];
  }

  /** Open documents that share a deployment with `file` (itself excluded). */
  async partnersOf(file: string): Promise<string[]> {
    const out = new Set<string>();
    for (const plan of await this.plansFor(file)) {
      for (const member of planMembers(plan)) if (member !== file && this.host.openDocument(member)) out.add(member);
    }
    return [...out];
  }

  private async member(file: string, role: MemberRole, root: string): Promise<MemberInput | undefined> {
    const open = this.host.openDocument(file);
    if (open) return { uri: open.uri, document: open.document };
    let st;
    try {
      const real = await fs.realpath(file);
      const realRoot = await fs.realpath(root).catch(() => root);
      // Never read through a link that leaves the folder.
      if (!isInside(realRoot, real)) return undefined;
      st = await fs.stat(real);
      if (!st.isFile() || st.size > this.limits.maxFileBytes) return undefined;
      const cached = this.disk.get(file);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.member;
      const text = new TextDecoder('utf-8').decode(await fs.readFile(real));
      const member = parseMember(this.host.uriOf(file), role, text);
      this.disk.set(file, { mtimeMs: st.mtimeMs, size: st.size, member });
      return member;
    } catch {
      return undefined;
    }
  }

  /** The deployments `file` belongs to, built from open documents and files on disk. */
  async deploymentsFor(file: string): Promise<Deployment[]> {
    const out: Deployment[] = [];
    for (const plan of await this.plansFor(file)) {
      const { root } = this.rootOf(file);
      const inputs: MemberInput[] = [];
      for (const f of plan.haproxy) {
        const m = await this.member(f, 'haproxy', root);
        if (m) inputs.push(m);
      }
      if (plan.bitbucket) {
        const m = await this.member(plan.bitbucket, 'bitbucket', root);
        if (m) inputs.push(m);
      }
      if (plan.serverXml) {
        const m = await this.member(plan.serverXml, 'server-xml', root);
        if (m) inputs.push(m);
      }
      if (inputs.length > 0) out.push(this.deploymentOf(plan, inputs));
    }
    return out;
  }

  /** The last deployment built for each plan, with what it was built from. */
  private readonly built = new Map<string, { inputs: MemberInput[]; deployment: Deployment }>();

  /** Builds a deployment, or reuses the last one of the plan while its documents are the same
   * (hover and every publication ask again; building walks the whole haproxy.cfg). */
  private deploymentOf(plan: DeploymentPlan, inputs: MemberInput[]): Deployment {
    const key = planMembers(plan).join('\n');
    const last = this.built.get(key);
    if (last && last.inputs.length === inputs.length && last.inputs.every((m, i) => m.uri === inputs[i].uri && m.document === inputs[i].document)) {
      return last.deployment;
    }
    const deployment = createDeployment(inputs);
    this.built.set(key, { inputs, deployment });
    return deployment;
  }

  /** The cross-file findings for the open document `uri` at `file`. */
  async findingsFor(file: string, uri: string, settingsFor: (uri: string) => Promise<Settings>, options: ValidateOptions = {}): Promise<Finding[]> {
    return findingsIn(await this.deploymentsFor(file), uri, settingsFor, options);
  }
}

/** The cross-file findings for the document `uri` in `deployments` (the deployments it belongs to). */
export async function findingsIn(
  deployments: readonly Deployment[],
  uri: string,
  settingsFor: (uri: string) => Promise<Settings>,
  options: ValidateOptions = {},
): Promise<Finding[]> {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const deployment of deployments) {
    const settings = new Map<string, Settings>();
    for (const m of deployment.members) settings.set(m.uri, await settingsFor(m.uri));
    const findings = validateDeployment(deployment, (u) => settings.get(u) ?? { rules: {} }, options).get(uri) ?? [];
    for (const f of findings) {
      const key = JSON.stringify([f.rule, f.range, f.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}
