/**
 * VS Code entry point. It only starts the bundled language server (dist/server.js) and
 * connects it to the editor: every diagnostic, fix, hover and completion comes from the
 * server, so the same behaviour is available to other LSP editors and to the CLI.
 */
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext): void {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };

  // The files of a deployment, so that the server re-checks open files when a partner
  // that is not open (bitbucket.properties, server.xml, a haproxy.d file) changes on disk.
  const watcher = workspace.createFileSystemWatcher('**/{*.cfg,bitbucket*.properties,stash-config.properties,server.xml,.haproxy-bitbucket-lint.json}');
  context.subscriptions.push(watcher);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'haproxy' },
      { scheme: 'untitled', language: 'haproxy' },
      { scheme: 'file', language: 'bitbucket-properties' },
      { scheme: 'untitled', language: 'bitbucket-properties' },
      { scheme: 'file', language: 'xml', pattern: '**/server.xml' },
    ],
    synchronize: {
      configurationSection: 'haproxyBitbucket',
      fileEvents: watcher,
    },
  };

  client = new LanguageClient('haproxyBitbucket', 'HAProxy for Bitbucket', serverOptions, clientOptions);
  // Not awaited, so activation returns at once; the client reports start failures itself.
  client.start().catch((error: unknown) => {
    client?.error('The HAProxy for Bitbucket language server could not be started.', error, 'force');
  });
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
