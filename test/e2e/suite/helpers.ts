/**
 * Shared helpers for the integration suite. Everything waits for a state with a deadline;
 * nothing sleeps for a fixed time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** The repository root (out/test/e2e/suite -> ../../../..). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
/** `source` of every diagnostic our server publishes. */
export const SOURCE = 'haproxy-bitbucket';

export const DEFAULT_TIMEOUT_MS = 30_000;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this window`);
  return ext;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs the fixture workspace open as a folder');
  return folder.uri;
}

export function fileUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export async function openDocument(...segments: string[]): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(...segments));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/**
 * Polls `probe` until it returns something other than undefined/null/false and returns that
 * value. On timeout the error names what was awaited and, via `describe`, the last state seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const state = options.describe ? `; last state: ${options.describe()}` : '';
      throw new Error(`timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms waiting for ${what}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The diagnostics our server published for `uri`. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'];

export function severityName(severity: vscode.DiagnosticSeverity): string {
  return SEVERITY_NAMES[severity] ?? String(severity);
}

/** `code severity L:C-L:C` with 1-based lines and columns, for readable comparisons. */
export function summarise(d: vscode.Diagnostic): string {
  return describeDiagnostic(codeOf(d), d.severity, d.range);
}

export function describeDiagnostic(code: string, severity: vscode.DiagnosticSeverity, r: vscode.Range): string {
  return `${code} ${severityName(severity)} ${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

export function summariseAll(uri: vscode.Uri): string {
  return JSON.stringify(ours(uri).map(summarise));
}

/** The range of `word` inside the one line of `doc` that contains `line`. */
export function rangeIn(doc: vscode.TextDocument, line: string, word = line): vscode.Range {
  const lines = doc.getText().split(/\r?\n/);
  const matches = lines.map((text, i) => (text.includes(line) ? i : -1)).filter((i) => i >= 0);
  if (matches.length !== 1) throw new Error(`expected one line containing ${JSON.stringify(line)}, found ${matches.length}`);
  const lineNo = matches[0];
  const lineStart = lines[lineNo].indexOf(line);
  const column = lines[lineNo].indexOf(word, lineStart);
  if (column < 0) throw new Error(`${JSON.stringify(word)} is not on the line containing ${JSON.stringify(line)}`);
  return new vscode.Range(lineNo, column, lineNo, column + word.length);
}

/** The first empty line after the one line that starts with `after` (indentation aside). */
export function blankLineAfter(doc: vscode.TextDocument, after: string): vscode.Position {
  const starts: number[] = [];
  for (let line = 0; line < doc.lineCount; line++) {
    if (doc.lineAt(line).text.trimStart().startsWith(after)) starts.push(line);
  }
  if (starts.length !== 1) throw new Error(`expected one line starting with ${JSON.stringify(after)}, found ${starts.length}`);
  for (let line = starts[0] + 1; line < doc.lineCount; line++) {
    if (doc.lineAt(line).text === '') return new vscode.Position(line, 0);
  }
  throw new Error(`no empty line after ${JSON.stringify(after)}`);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** Waits until our diagnostics for `uri`, summarised, satisfy `accept`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    what,
    () => {
      const current = ours(uri);
      return accept(current) ? current : undefined;
    },
    { timeoutMs, describe: () => summariseAll(uri) },
  );
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Throws away unsaved changes to `doc` and waits until it shows `saved` again. */
export async function revert(doc: vscode.TextDocument, saved: string): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${doc.uri.path} to be reverted`, () => !doc.isDirty && doc.getText() === saved);
}
