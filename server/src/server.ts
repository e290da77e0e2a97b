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
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Finding, LanguageId, Settings, Severity } from './common/types';
import { applyConfig, CONFIG_FILE_NAME, findConfigFile, isIgnored, parseConfigFile, type LintConfig } from './common/configFile';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from './common/meta';
import { languageForPath, parseDocument, validate, type ParsedDocument } from './service';
import { hover } from './features/hover';
import { complete, type CompletionKind } from './features/completion';
import { codeActions } from './features/codeActions';
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
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let globalSettings: ServerSettings = toSettings(undefined);
  let pullConfiguration = false;
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
    const analysis: Analysis = { version: doc.version, parsed: parseDocument(doc.getText(), language) };
    analyses.set(doc.uri, analysis);
    return analysis;
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
        connection.window.showWarningMessage(`haproxy-bitbucket: ${p.message}`);
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

  const findingsOf = (analysis: Analysis, settings: ServerSettings): Finding[] => {
    const key = JSON.stringify([settings.rules, settings.haproxyVersion, settings.propertiesAllow]);
    if (!analysis.findings || analysis.settingsKey !== key) {
      analysis.findings = validate(analysis.parsed, settings, {
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
    if (!analysis) return;
    if (settings.config && uri.startsWith('file:') && isIgnored(settings.config, fileURLToPath(uri))) {
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const findings = findingsOf(analysis, settings);
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

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    if (init && typeof init === 'object') {
      globalSettings = toSettings((init.haproxyBitbucket as unknown) ?? init);
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '=', '.'], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: 'haproxy-bitbucket-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      // Ask the client to tell us when settings change.
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'haproxyBitbucket' }).catch(() => undefined);
    }
  });

  connection.onDidChangeWatchedFiles((change) => {
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
  });
  documents.onDidChangeContent((e) => void schedule(e.document.uri));
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
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
      if (!analysis) return null;
      const result = hover(analysis.parsed, params.position, await settingsFor(doc.uri));
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
      if (!analysis) return [];
      const findings = findingsOf(analysis, await settingsFor(doc.uri));
      return codeActions(analysis.parsed, params.range, findings).map((a) => ({
        title: a.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(doc.uri, a.finding)],
        isPreferred: a.preferred,
        edit: { changes: { [doc.uri]: a.edits } },
      }));
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

  documents.listen(connection);
  connection.listen();
}

if (require.main === module || process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  startServer(createConnection(ProposedFeatures.all));
}
