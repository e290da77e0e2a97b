/**
 * A language server process for the robustness and security tests: like the shared LSP
 * test client, but it can preload a module (`node --require`), set the environment, and
 * start the compiled (unbundled) server so a test can replace a rule inside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from './support';

export const BUNDLED_SERVER = path.join(ROOT, 'bin', 'haproxy-bitbucket-language-server.js');
export const COMPILED_SERVER = path.join(ROOT, 'out', 'server', 'src', 'server.js');

export interface Published {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number } }; severity: number; code: string; message: string }[];
}

export interface ServerOptions {
  server?: string;
  preload?: string;
  env?: Record<string, string>;
  /** Settings answered to workspace/configuration. */
  settings?: unknown;
  rootUri?: string | null;
}

export class ServerProcess {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly logs: string[] = [];
  stderr = '';
  private readonly published = new Map<string, Published>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly options: ServerOptions = {}) {
    const args = [...(options.preload ? ['--require', options.preload] : []), options.server ?? BUNDLED_SERVER, '--stdio'];
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.check()) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
      p.items.map(() => options.settings ?? { validation: { debounceMs: 0 } }),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    const log = (m: unknown) => void this.logs.push((m as { message: string }).message);
    this.connection.onNotification('window/logMessage', log);
    this.connection.onNotification('window/showMessage', log);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.options.rootUri ?? null,
      ...(this.options.rootUri ? { workspaceFolders: [{ uri: this.options.rootUri, name: 'workspace' }] } : {}),
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /** The diagnostics published for `uri` (with that version, if given). */
  diagnostics(uri: string, version?: number, timeoutMs = 60000): Promise<Published> {
    const check = () => {
      const p = this.published.get(uri);
      return !!p && (version === undefined || p.version === version);
    };
    if (check()) return Promise.resolve(this.published.get(uri)!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.published.get(uri)!);
        },
      });
    });
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve())));
    this.connection.dispose();
  }
}
