import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extension, fileUri, summarise, waitFor, waitForDiagnostics } from './helpers';

interface SnippetFile {
  language: string;
  path: string;
}

interface Snippet {
  name: string;
  prefix: string | string[];
  body: string | string[];
}

/** For each language: a file name the extension claims, and a line that is certain to get a
 * diagnostic. The line is replaced by the snippet; once its diagnostic is gone the server has
 * published for the snippet's text. */
const FILES: Record<string, { name: string; sentinel: string }> = {
  haproxy: { name: 'haproxy.cfg', sentinel: 'optoin forwardfor\n' },
  'bitbucket-properties': { name: 'bitbucket.properties', sentinel: 'server.proxy-nmae=git.example.com\n' },
};

function contributedSnippets(): { language: string; file: string; name: string; snippet: Snippet }[] {
  const ext = extension();
  const files = (ext.packageJSON.contributes?.snippets ?? []) as SnippetFile[];
  return files.flatMap(({ language, path }) => {
    const snippets = JSON.parse(readFileSync(join(ext.extensionPath, path), 'utf8')) as Record<string, Snippet>;
    return Object.entries(snippets).map(([name, snippet]) => ({ language, file: path, name, snippet }));
  });
}

describe('snippets', () => {
  const all = contributedSnippets();
  const scratch = 'snippet-check';

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(fileUri(scratch), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('the extension contributes snippets for both languages', () => {
    const languages = new Set(all.map((s) => s.language));
    assert.ok(languages.has('haproxy'), 'haproxy snippets');
    assert.ok(languages.has('bitbucket-properties'), 'bitbucket-properties snippets');
  });

  all.forEach(({ language, file, name, snippet }, index) => {
    it(`${file}: "${name}" inserted into an empty file yields no error diagnostics`, async () => {
      const target = FILES[language];
      assert.ok(target, `no test file name for snippets of language ${language}`);
      const uri = fileUri(scratch, String(index), target.name);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(target.sentinel));
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      assert.equal(doc.languageId, language);
      const sentinel = await waitForDiagnostics(doc.uri, 'the sentinel diagnostic', (ds) => ds.some((d) => d.range.start.line === 0));
      const marker = sentinel.find((d) => d.range.start.line === 0)!;

      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      assert.equal(await editor.insertSnippet(new vscode.SnippetString(body), whole), true);
      await waitFor('the snippet to be in the document', () => !doc.getText().includes(target.sentinel.trim()));
      const after = await waitForDiagnostics(
        doc.uri,
        'diagnostics for the snippet text',
        (ds) => !ds.some((d) => d.message === marker.message && d.range.isEqual(marker.range)),
      );
      const errors = after.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(errors.map((d) => `${summarise(d)}: ${d.message}`), [], `errors after "${name}":\n${doc.getText()}`);
      await doc.save();
    });
  });
});
