/**
 * A minimal LSP client for protocol tests: starts the built server over stdio and talks
 * JSON-RPC to it. Tests wait for published state (diagnostics of a given version), never
 * for a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BIN = path.join(ROOT, 'bin', 'haproxy-bitbucket-language-server.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    source: string;
    message: string;
    codeDescription?: { href: string };
    relatedInformation?: unknown[];
  }[];
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly published = new Map<string, PublishedDiagnostics>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  configuration: unknown = {};
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.process = spawn(process.execPath, [SERVER_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.check()) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.configuration));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(options: { pullConfiguration?: boolean; initializationOptions?: unknown } = {}): Promise<any> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: options.pullConfiguration ?? true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
      },
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /** Resolves with the diagnostics once the server publishes them for `uri` (and `version`, if given). */
  diagnostics(uri: string, version?: number, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    const check = () => {
      const p = this.published.get(uri);
      return !!p && (version === undefined || p.version === version);
    };
    if (check()) return Promise.resolve(this.published.get(uri)!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.published.get(uri)!);
        },
      });
    });
  }

  /** Waits until `uri` is published with diagnostics that satisfy `check`; `what` names the wait in the error. */
  async until(uri: string, check: (p: PublishedDiagnostics) => boolean, what: string, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = await this.diagnostics(uri, undefined, Math.max(1, deadline - Date.now())).catch(() => undefined);
      if (p && check(p)) return p;
      if (Date.now() > deadline) throw new Error(`${what}: last published ${JSON.stringify(p?.diagnostics.map((d) => d.code))}`);
      this.forget(uri);
    }
  }

  /** Drops what was published so the next wait sees only new messages. */
  forget(uri: string): void {
    this.published.delete(uri);
  }

  async shutdown(): Promise<number | null> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    const code = await new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.once('exit', (c) => resolve(c));
    });
    this.connection.dispose();
    return code;
  }
}
