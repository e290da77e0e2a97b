import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openDocument, rangeIn, revert, waitForDiagnostics } from './helpers';

interface Case {
  file: string;
  code: string;
  line: string;
  word: string;
  /** The fix's title, and the text that replaces `word`. */
  title: string;
  replacement: string;
  /** Whether the rule marks the fix as the one to apply without asking. */
  preferred: boolean;
}

const CASES: Case[] = [
  {
    file: 'haproxy.cfg',
    code: 'unknown-keyword',
    line: 'optoin forwardfor',
    word: 'optoin',
    title: "Replace 'optoin' with 'option'",
    replacement: 'option',
    preferred: true,
  },
  {
    file: 'haproxy.cfg',
    code: 'undefined-backend',
    line: 'use_backend bitbucket_htp',
    word: 'bitbucket_htp',
    title: "Change to 'bitbucket_http'",
    replacement: 'bitbucket_http',
    preferred: true,
  },
  {
    file: 'bitbucket.properties',
    code: 'unknown-property',
    line: 'server.proxy-nmae=',
    word: 'server.proxy-nmae',
    title: "Replace 'server.proxy-nmae' with 'server.proxy-name'",
    replacement: 'server.proxy-name',
    preferred: true,
  },
];

function isAction(a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction {
  return 'title' in a && !('command' in a && typeof (a as vscode.Command).command === 'string');
}

describe('code actions', () => {
  for (const c of CASES) {
    it(`${c.file}: "${c.title}" fixes ${c.code} and gives exactly the expected text`, async () => {
      const doc = await openDocument(c.file);
      const original = doc.getText();
      const range = rangeIn(doc, c.line, c.word);
      await waitForDiagnostics(doc.uri, `${c.code} on ${c.file}`, (ds) => ds.some((d) => codeOf(d) === c.code && d.range.isEqual(range)));

      const actions = (
        await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, range)
      ).filter(isAction);
      const fix = actions.find((a) => a.title === c.title);
      assert.ok(fix, `expected "${c.title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), 'it is a quick fix');
      assert.equal(fix.isPreferred ?? false, c.preferred, 'isPreferred');
      // Every finding also gets an action that silences it with a comment.
      assert.ok(actions.some((a) => a.title === `Ignore '${c.code}' on this line`));

      const offset = doc.offsetAt(range.start);
      const expected = original.slice(0, offset) + c.replacement + original.slice(offset + c.word.length);
      assert.ok(fix.edit, 'the fix carries its edit');
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(doc.getText(), expected);
      await waitForDiagnostics(doc.uri, `${c.code} to go after the fix`, (ds) => !ds.some((d) => codeOf(d) === c.code));

      // Put the fixture back for the tests that follow.
      await revert(doc, original);
      await waitForDiagnostics(doc.uri, `${c.code} to come back`, (ds) => ds.some((d) => codeOf(d) === c.code));
    });
  }

  it('the ignore action adds a comment that silences the finding', async () => {
    const doc = await openDocument('bitbucket.properties');
    const original = doc.getText();
    const range = rangeIn(doc, 'server.secure=yes', 'yes');
    await waitForDiagnostics(doc.uri, 'boolean-value', (ds) => ds.some((d) => codeOf(d) === 'boolean-value'));
    const actions = (
      await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, range)
    ).filter(isAction);
    const ignore = actions.find((a) => a.title === "Ignore 'boolean-value' on this line");
    assert.ok(ignore?.edit, `expected the ignore action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(await vscode.workspace.applyEdit(ignore.edit), true);
    assert.equal(doc.getText(), original.replace('server.secure=yes\n', '# haproxy-bitbucket-lint ignore=boolean-value\nserver.secure=yes\n'));
    await waitForDiagnostics(doc.uri, 'boolean-value to be silenced', (ds) => !ds.some((d) => codeOf(d) === 'boolean-value'));
    await revert(doc, original);
    await waitForDiagnostics(doc.uri, 'boolean-value to come back', (ds) => ds.some((d) => codeOf(d) === 'boolean-value'));
  });
});
