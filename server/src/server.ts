/**
 * The language server: the only module that speaks LSP. Everything it answers comes from
 * the editor-agnostic service (parse once per document version, then run features).
 */
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DiagnosticTag,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  ProposedFeatures,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  CompletionItemKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Finding, LanguageId, Settings, Severity } from './common/types';
import { applyConfig, CONFIG_FILE_NAME, findConfigFile, isIgnored, parseConfigFile, type LintConfig } from './common/configFile';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from './common/meta';
import { languageForPath, NO_OTHERS, parseDocument, reparseDocument, validate, type ParsedDocument } from './service';
import { forgetPreviousParse } from './incremental';
import { hover, hoverServerXml } from './features/hover';
import { DeploymentWorkspace, findingsIn, type OpenMember } from './deployment/workspace';
import type { Deployment } from './deployment/model';
import { roleForPath } from './deployment/discovery';
import { mergeFindings } from './deployment/batch';
import { xmlIgnoreCommentEdit } from './deployment/edits';
import { rangesOverlap } from './common/source';
import { parseServerXml } from './serverxml/parser';
import type { ServerXml } from './serverxml/tree';
import type { HaproxyConfig } from './haproxy/ast';
import type { TextEdit } from './common/types';
import { complete, type CompletionKind } from './features/completion';
import { codeActions, fixAll } from './features/codeActions';
import { findDefinitions, findReferences, prepareRename, rename } from './features/navigation';
import { formatDocument } from './features/formatting';
import { DiskSymbols, workspaceSymbols, type SymbolSource } from './features/workspaceSymbols';
import { documentSymbols, foldingRanges, type SymbolKind as OurSymbolKind } from './features/symbols';

interface ServerSettings extends Settings {
  validation: { debounceMs: number };
  /** The `.haproxy-bitbucket-lint.json` that applies to the document, if any. */
  config?: LintConfig;
}

const DEFAULT_DEBOUNCE_MS = 200;

function toSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Settings['rules'] = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof value === 'string') rules[id] = value as Settings['rules'][string];
    }
  }
  const validation = (r.validation && typeof r.validation === 'object' ? r.validation : {}) as Record<string, unknown>;
  const debounce = Number(validation.debounceMs);
  return {
    rules,
    haproxyVersion: typeof r.haproxyVersion === 'string' && r.haproxyVersion !== '' ? r.haproxyVersion : undefined,
    validation: { debounceMs: Number.isFinite(debounce) && debounce >= 0 ? debounce : DEFAULT_DEBOUNCE_MS },
  };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  section: CompletionItemKind.Module,
  keyword: CompletionItemKind.Keyword,
  option: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  reference: CompletionItemKind.Reference,
};

const SYMBOL_KIND: Record<OurSymbolKind, SymbolKind> = {
  section: SymbolKind.Module,
  server: SymbolKind.Object,
  acl: SymbolKind.Boolean,
  bind: SymbolKind.Interface,
  property: SymbolKind.Property,
  namespace: SymbolKind.Namespace,
};

interface Analysis {
  version: number;
  parsed: ParsedDocument;
  findings?: Finding[];
  settingsKey?: string;
  /** The other files of the HAProxy configuration the findings were worked out with. */
  others?: readonly HaproxyConfig[];
}

function sameConfigs(a: readonly HaproxyConfig[], b: readonly HaproxyConfig[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let globalSettings: ServerSettings = toSettings(undefined);
  let pullConfiguration = false;
  let watchFiles = false;
  const loggedRuleErrors = new Set<string>();

  const languageOf = (doc: TextDocument): LanguageId | undefined => {
    if (doc.languageId === 'haproxy' || doc.languageId === 'bitbucket-properties') return doc.languageId;
    return languageForPath(decodeURIComponent(doc.uri));
  };

  const analysisOf = (doc: TextDocument): Analysis | undefined => {
    const language = languageOf(doc);
    if (!language) return undefined;
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version && cached.parsed.language === language) return cached;
    // After an edit, only what changed is read and checked again (the old parse is used up).
    const parsed =
      cached && cached.parsed.language === language
        ? reparseDocument(cached.parsed, doc.getText(), language)
        : parseDocument(doc.getText(), language);
    const analysis: Analysis = { version: doc.version, parsed };
    analyses.set(doc.uri, analysis);
    return analysis;
  };

  /** Tomcat's server.xml takes part in the cross-file checks: an `xml` document named server.xml. */
  const serverXmls = new Map<string, { version: number; xml: ServerXml }>();
  const serverXmlOf = (doc: TextDocument): ServerXml | undefined => {
    if (doc.languageId !== 'xml' || !/\/server\.xml$/.test(doc.uri)) return undefined;
    const cached = serverXmls.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.xml;
    const xml = parseServerXml(doc.getText());
    serverXmls.set(doc.uri, { version: doc.version, xml });
    return xml;
  };
  const filePathOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };
  const openMemberOf = (doc: TextDocument): OpenMember | undefined => {
    const analysis = analysisOf(doc);
    if (analysis) {
      // The editor's language id says what the file is; without it, the name must say so.
      const role = analysis.parsed.language === 'haproxy' ? 'haproxy' : 'bitbucket';
      if (doc.languageId !== analysis.parsed.language && roleForPath(filePathOf(doc.uri) ?? doc.uri) !== role) return undefined;
      return { uri: doc.uri, role, document: analysis.parsed };
    }
    const xml = serverXmlOf(doc);
    return xml ? { uri: doc.uri, role: 'server-xml', document: xml } : undefined;
  };
  const openDocAt = (file: string): TextDocument | undefined => documents.all().find((d) => filePathOf(d.uri) === file);
  const notedAmbiguities = new Set<string>();
  const deployments = new DeploymentWorkspace({
    openDocument: (file) => {
      const doc = openDocAt(file);
      return doc && openMemberOf(doc);
    },
    openFiles: () =>
      documents.all().flatMap((d) => {
        const file = filePathOf(d.uri);
        return file && openMemberOf(d) ? [file] : [];
      }),
    uriOf: (file) => pathToFileURL(file).href,
    configFor: (folder) => configFor(pathToFileURL(path.join(folder, CONFIG_FILE_NAME)).href),
    note: (message) => {
      if (notedAmbiguities.has(message)) return;
      notedAmbiguities.add(message);
      // A notification, not a request: nothing to answer, and clients without buttons cope.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `haproxy-bitbucket: ${message}` });
    },
  });
  /** The deployments the open document `doc` belongs to. */
  const deploymentsOf = (doc: TextDocument): Promise<Deployment[]> => {
    const file = filePathOf(doc.uri);
    return file ? deployments.deploymentsFor(file) : Promise.resolve([]);
  };
  /** The other files of the HAProxy configuration that a document parsed as `config` is
   * loaded with: the other haproxy files of `found`, its deployments. */
  const othersIn = (found: readonly Deployment[], config: HaproxyConfig): readonly HaproxyConfig[] => {
    const out: HaproxyConfig[] = [];
    for (const deployment of found) {
      if (deployment.haproxy.length < 2 || !deployment.haproxy.some((m) => m.config === config)) continue;
      for (const m of deployment.haproxy) if (m.config !== config && !out.includes(m.config)) out.push(m.config);
    }
    return out.length > 0 ? out : NO_OTHERS;
  };
  /** Cross-file findings of the last publication, per document, for code actions. */
  const crossFindings = new Map<string, { version: number; findings: Finding[] }>();
  /** The cross-file findings of `doc` in `found`, its deployments (looked up when not given). */
  const crossFindingsOf = async (doc: TextDocument, found?: readonly Deployment[]): Promise<Finding[]> =>
    findingsIn(found ?? (await deploymentsOf(doc)), doc.uri, settingsFor, {
      onRuleError: (ruleId, error) => {
        if (loggedRuleErrors.has(ruleId)) return;
        loggedRuleErrors.add(ruleId);
        connection.console.error(`rule ${ruleId} failed: ${error instanceof Error ? error.stack : String(error)}`);
      },
    });
  /** Edits of a fix grouped by document: cross-file fixes name their other document. */
  const changesOf = (uri: string, edits: TextEdit[]) => {
    const changes: Record<string, { range: TextEdit['range']; newText: string }[]> = {};
    for (const { uri: other, ...edit } of edits) (changes[other ?? uri] ??= []).push(edit);
    return changes;
  };
  /** Re-checks the open documents that share a deployment with `uri`. */
  const schedulePartners = async (uri: string) => {
    const file = filePathOf(uri);
    if (!file) return;
    for (const partner of await deployments.partnersOf(file)) {
      const doc = openDocAt(partner);
      if (doc) void schedule(doc.uri);
    }
  };

  const configCache = new Map<string, Promise<LintConfig | undefined>>();
  const reportedConfigProblems = new Set<string>();

  /** The config file for a document: the nearest `.haproxy-bitbucket-lint.json` above it. */
  const configFor = (uri: string): Promise<LintConfig | undefined> => {
    if (!uri.startsWith('file:')) return Promise.resolve(undefined);
    let dir: string;
    try {
      dir = path.dirname(fileURLToPath(uri));
    } catch {
      return Promise.resolve(undefined);
    }
    const cached = configCache.get(dir);
    if (cached) return cached;
    const loaded = (async () => {
      const file = await findConfigFile(dir);
      if (!file) return undefined;
      const { config, problems } = parseConfigFile(await fs.readFile(file, 'utf8'), file);
      for (const p of problems) {
        if (reportedConfigProblems.has(p.message)) continue;
        reportedConfigProblems.add(p.message);
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `haproxy-bitbucket: ${p.message}` });
      }
      return config;
    })().catch(() => undefined);
    configCache.set(dir, loaded);
    return loaded;
  };

  /** Editor settings, with the project's config file applied on top (the file wins where it says something). */
  const settingsFor = (uri: string): Promise<ServerSettings> => {
    const cached = settingsCache.get(uri);
    if (cached) return cached;
    const editor = pullConfiguration
      ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'haproxyBitbucket' }).then(toSettings, () => globalSettings)
      : Promise.resolve(globalSettings);
    const combined = Promise.all([editor, configFor(uri)]).then(([e, config]) => ({ ...e, ...applyConfig(e, config), validation: e.validation, config }));
    settingsCache.set(uri, combined);
    return combined;
  };

  /** `others`: the other files of the document's HAProxy configuration; by default, those of the last check. */
  const findingsOf = (analysis: Analysis, settings: ServerSettings, others = analysis.others ?? NO_OTHERS): Finding[] => {
    const key = JSON.stringify([settings.rules, settings.haproxyVersion, settings.propertiesAllow]);
    if (!analysis.findings || analysis.settingsKey !== key || !sameConfigs(analysis.others ?? NO_OTHERS, others)) {
      analysis.others = others;
      analysis.findings = validate(analysis.parsed, settings, {
        others,
        onRuleError: (ruleId, error) => {
          if (loggedRuleErrors.has(ruleId)) return;
          loggedRuleErrors.add(ruleId);
          connection.console.error(`rule ${ruleId} failed: ${error instanceof Error ? error.stack : String(error)}`);
        },
      });
      analysis.settingsKey = key;
    }
    return analysis.findings;
  };

  const toDiagnostic = (uri: string, f: Finding): Diagnostic => ({
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    ...(f.related
      ? { relatedInformation: f.related.map((r) => ({ location: { uri: r.uri ?? uri, range: r.range }, message: r.message })) }
      : {}),
    ...(f.tags
      ? { tags: f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated)) }
      : {}),
  });

  const publish = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer version is on its way
    const analysis = analysisOf(current);
    if (!analysis && !serverXmlOf(current)) return;
    if (settings.config && uri.startsWith('file:') && isIgnored(settings.config, fileURLToPath(uri))) {
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    // One lookup of the deployments serves the cross-file checks and the other files of the configuration.
    const found = await deploymentsOf(current);
    const cross = await crossFindingsOf(current, found);
    const others = analysis?.parsed.haproxy ? othersIn(found, analysis.parsed.haproxy) : NO_OTHERS;
    if (documents.get(uri)?.version !== version) return;
    crossFindings.set(uri, { version, findings: cross });
    const findings = mergeFindings(analysis ? findingsOf(analysis, settings, others) : [], cross);
    // Whatever carries over from the previous parse has been carried over.
    if (analysis?.parsed.haproxy) forgetPreviousParse(analysis.parsed.haproxy);
    await connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(uri, f)) });
  };

  const schedule = async (uri: string) => {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    const settings = await settingsFor(uri);
    const run = () => {
      timers.delete(uri);
      publish(uri).catch((e) => connection.console.error(`validation failed for ${uri}: ${String(e)}`));
    };
    if (settings.validation.debounceMs <= 0) {
      timers.delete(uri);
      run();
    } else {
      timers.set(uri, setTimeout(run, settings.validation.debounceMs));
    }
  };

  /** Workspace folders (file system paths) searched for workspace symbols. */
  let workspaceRoots: string[] = [];
  const diskSymbols = new DiskSymbols();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceRoots = folderUris.flatMap((u) => {
      try {
        return u.startsWith('file:') ? [fileURLToPath(u)] : [];
      } catch {
        return [];
      }
    });
    deployments.setFolders(workspaceRoots);
    watchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    if (init && typeof init === 'object') {
      globalSettings = toSettings((init.haproxyBitbucket as unknown) ?? init);
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '=', '.'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: params.capabilities.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: 'haproxy-bitbucket-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      // The files of a deployment that are not open: re-check the open ones when they change.
      const watchers = ['**/*.cfg', '**/*.properties', '**/server.xml', `**/${CONFIG_FILE_NAME}`].map((globPattern) => ({ globPattern }));
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    }
    if (pullConfiguration) {
      // Ask the client to tell us when settings change.
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'haproxyBitbucket' }).catch(() => undefined);
    }
  });

  connection.onDidChangeWatchedFiles((change) => {
    // A deployment file changed on disk: forget it, and re-check the open files near it.
    const changed: string[] = [];
    for (const c of change.changes) {
      const file = filePathOf(c.uri);
      if (!file) continue;
      deployments.fileChanged(file, c.type === 1 ? 'created' : c.type === 3 ? 'deleted' : 'changed');
      changed.push(file);
    }
    for (const doc of documents.all()) {
      const file = filePathOf(doc.uri);
      const root = file && deployments.rootOf(file).root;
      if (root && changed.some((f) => f.startsWith(root + path.sep) || path.dirname(f) === root)) void schedule(doc.uri);
    }
    if (!change.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) return;
    configCache.clear();
    settingsCache.clear();
    for (const doc of documents.all()) void schedule(doc.uri);
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const s = (change.settings as Record<string, unknown> | undefined)?.haproxyBitbucket;
    if (s !== undefined) globalSettings = toSettings(s);
    for (const doc of documents.all()) void schedule(doc.uri);
  });

  documents.onDidOpen((e) => {
    const settings = settingsFor(e.document.uri);
    void settings.then(() => publish(e.document.uri));
    void schedulePartners(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    void schedule(e.document.uri);
    void schedulePartners(e.document.uri);
  });
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    serverXmls.delete(e.document.uri);
    crossFindings.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    deployments.documentClosed(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // Its partners now see the saved file (or none): check them again.
    for (const doc of documents.all()) void schedule(doc.uri);
  });

  const guard = <T>(name: string, fallback: T, fn: () => T | Promise<T>): Promise<T> =>
    Promise.resolve()
      .then(fn)
      .catch((error) => {
        connection.console.error(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return fallback;
      });

  connection.onHover((params) =>
    guard('hover', null, async () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      const xml = doc && !analysis ? serverXmlOf(doc) : undefined;
      if (xml) {
        const h = hoverServerXml(xml, params.position);
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range } : null;
      }
      if (!analysis) return null;
      const file = filePathOf(doc.uri);
      const deployment = analysis.parsed.haproxy && file ? { uri: doc.uri, deployments: await deployments.deploymentsFor(file) } : undefined;
      const result = hover(analysis.parsed, params.position, await settingsFor(doc.uri), deployment);
      return result ? { contents: { kind: MarkupKind.Markdown, value: result.contents }, range: result.range } : null;
    }),
  );

  connection.onCompletion((params) =>
    guard('completion', [], async () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      return complete(analysis.parsed, params.position, await settingsFor(doc.uri)).map((c) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: c.range, newText: c.insertText ?? c.label },
      }));
    }),
  );

  connection.onCodeAction((params) =>
    guard('codeAction', [] as CodeAction[], async () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      const cached = doc && crossFindings.get(doc.uri);
      const cross = cached && cached.version === doc.version ? cached.findings : doc ? await crossFindingsOf(doc) : [];
      if (doc && !analysis && serverXmlOf(doc) && wants(CodeActionKind.QuickFix)) {
        const member = openMemberOf(doc);
        return cross
          .filter((f) => rangesOverlap(f.range, params.range))
          .flatMap((f): CodeAction[] => [
            ...f.fixes.map((fix, i) => ({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [toDiagnostic(doc.uri, f)],
              isPreferred: fix.preferred ?? (i === 0 && f.fixes.length === 1),
              edit: { changes: changesOf(doc.uri, fix.edits) },
            })),
            ...(member?.role === 'server-xml'
              ? [
                  {
                    title: `Ignore '${f.rule}' on this element`,
                    kind: CodeActionKind.QuickFix,
                    diagnostics: [toDiagnostic(doc.uri, f)],
                    edit: { changes: { [doc.uri]: [xmlIgnoreCommentEdit(member.document as ServerXml, f.range.start.line, f.rule)] } },
                  },
                ]
              : []),
          ]);
      }
      if (!analysis) return [];
      const settings = await settingsFor(doc.uri);
      const findings = findingsOf(analysis, settings);
      const actions: CodeAction[] = !wants(CodeActionKind.QuickFix)
        ? []
        : codeActions(analysis.parsed, params.range, mergeFindings(findings, cross)).map((a) => ({
            title: a.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [toDiagnostic(doc.uri, a.finding)],
            isPreferred: a.preferred,
            edit: { changes: changesOf(doc.uri, a.edits) },
          }));
      const ignored = settings.config && doc.uri.startsWith('file:') && isIgnored(settings.config, fileURLToPath(doc.uri));
      if (wants(CodeActionKind.SourceFixAll) && !ignored) {
        const all = fixAll(analysis.parsed, findings);
        if (all.edits.length > 0) {
          actions.push({
            title: `Apply all safe fixes (${all.fixed})`,
            kind: CodeActionKind.SourceFixAll,
            edit: { changes: { [doc.uri]: all.edits } },
          });
        }
      }
      return actions;
    }),
  );

  connection.onDocumentSymbol((params) =>
    guard('documentSymbol', [], () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      const convert = (s: ReturnType<typeof documentSymbols>[number]): import('vscode-languageserver').DocumentSymbol => ({
        name: s.name,
        detail: s.detail,
        kind: SYMBOL_KIND[s.kind],
        range: s.range,
        selectionRange: s.selectionRange,
        children: s.children.map(convert),
      });
      return documentSymbols(analysis.parsed).map(convert);
    }),
  );

  connection.onFoldingRanges((params) =>
    guard('foldingRange', [], () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      return foldingRanges(analysis.parsed).map((r) => ({
        startLine: r.startLine,
        endLine: r.endLine,
        kind: r.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region,
      }));
    }),
  );

  const locations = (uri: string, ranges: import('./common/types').Range[]) => ranges.map((range) => ({ uri, range }));

  connection.onDefinition((params) =>
    guard('definition', [], () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      return locations(doc.uri, findDefinitions(analysis.parsed, params.position));
    }),
  );

  connection.onReferences((params) =>
    guard('references', [], () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      return locations(doc.uri, findReferences(analysis.parsed, params.position, params.context.includeDeclaration));
    }),
  );

  // Rename answers with an error message the editor shows when the name cannot be renamed.
  connection.onPrepareRename((params) => {
    const doc = documents.get(params.textDocument.uri);
    const analysis = doc && analysisOf(doc);
    if (!analysis) return null;
    const result = prepareRename(analysis.parsed, params.position);
    return 'error' in result ? new ResponseError(LSPErrorCodes.RequestFailed, result.error) : result;
  });

  connection.onRenameRequest((params) => {
    const doc = documents.get(params.textDocument.uri);
    const analysis = doc && analysisOf(doc);
    if (!analysis) return null;
    const result = rename(analysis.parsed, params.position, params.newName);
    return 'error' in result ? new ResponseError(LSPErrorCodes.RequestFailed, result.error) : { changes: { [doc.uri]: result.edits } };
  });

  connection.onWorkspaceSymbol((params) =>
    guard('workspaceSymbol', [], async () => {
      const open: SymbolSource[] = [];
      const openPaths = new Set<string>();
      for (const doc of documents.all()) {
        const analysis = analysisOf(doc);
        if (analysis?.parsed.language !== 'haproxy') continue;
        open.push({ uri: doc.uri, doc: analysis.parsed });
        if (doc.uri.startsWith('file:')) {
          try {
            openPaths.add(path.resolve(fileURLToPath(doc.uri)));
          } catch {
            // not a local file
          }
        }
      }
      const onDisk = await diskSymbols.sources(workspaceRoots, openPaths);
      return workspaceSymbols([...open, ...onDisk], params.query).map((s) => ({
        name: s.name,
        kind: SYMBOL_KIND[s.kind],
        containerName: s.containerName,
        location: { uri: s.uri, range: s.range },
      }));
    }),
  );

  connection.onDocumentFormatting((params) =>
    guard('formatting', [], () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      return formatDocument(analysis.parsed, params.options);
    }),
  );

  connection.onDocumentRangeFormatting((params) =>
    guard('rangeFormatting', [], () => {
      const doc = documents.get(params.textDocument.uri);
      const analysis = doc && analysisOf(doc);
      if (!analysis) return [];
      return formatDocument(analysis.parsed, params.options, params.range);
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/**
 * The server keeps large documents for a long time and replaces their trees on every edit.
 * By default V8 lets the heap grow to up to four times what survived the last full
 * collection before it collects again; holding growth to half of it keeps the peak about a
 * quarter lower (50k-line file: 238 → 179 MB) for opens about 10-30% slower and the same
 * edit latency (docs/PERFORMANCE.md, "Memory"). A value given on the command line wins.
 */
export const HEAP_GROWING_PERCENT = 50;

if (require.main === module || process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  if (!process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  }
  startServer(createConnection(ProposedFeatures.all));
}
