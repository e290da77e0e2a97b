/**
 * `--format sarif`: a SARIF 2.1.0 log, the format GitHub code scanning and other CI
 * dashboards import. One run; the tool's rules with their documentation links; one result
 * per finding with 1-based line and column numbers counted in UTF-16 code units (as our
 * ranges are); file locations relative to the working directory through the `%SRCROOT%`
 * base; and each finding's fixes as replacements.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding, Range, Severity, TextEdit } from '../common/types';
import { REPOSITORY_URL, ruleDocsUrl } from '../common/meta';
import type { Rule } from '../rules/rule';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export interface SarifFile {
  /** The file's path as the CLI names it (relative or absolute), or its --stdin-filename. */
  path: string;
  diagnostics: Finding[];
}

export interface SarifInput {
  toolName: string;
  version: string;
  rules: readonly Rule[];
  files: SarifFile[];
  /** The directory relative paths are resolved against (the working directory). */
  cwd: string;
  /** Problems that stopped a file from being checked (unreadable files and the like). */
  notifications: { message: string; file?: string }[];
}

type Level = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** A file's location: relative to %SRCROOT% when it is inside the working directory,
 * otherwise an absolute file URI. */
export function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(abs).href };
}

/** A SARIF region: 1-based lines and columns, end column exclusive. */
export function region(range: Range, wholeLineWhenEmpty = false) {
  const startLine = range.start.line + 1;
  const startColumn = range.start.character + 1;
  const empty = range.start.line === range.end.line && range.start.character === range.end.character;
  // An empty result range (a problem "at" a point) is shown from that column to the end of the line.
  if (empty && wholeLineWhenEmpty) return { startLine, startColumn };
  return { startLine, startColumn, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function relatedFile(uri: string | undefined, fallback: string): string {
  if (!uri) return fallback;
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return fallback;
    }
  }
  return uri;
}

/** A fix's edits grouped by file: edits with a `uri` belong to another file than the finding's. */
function artifactChanges(edits: TextEdit[], file: string, cwd: string) {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const target = path.resolve(cwd, relatedFile(e.uri, file));
    const list = byFile.get(target);
    if (list) list.push(e);
    else byFile.set(target, [e]);
  }
  return [...byFile].map(([target, list]) => ({
    artifactLocation: artifactLocation(target, cwd),
    replacements: list.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
  }));
}

export function toSarif(input: SarifInput): object {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.meta.id, i]));
  const results = [];
  for (const file of input.files) {
    const location = artifactLocation(file.path, input.cwd);
    for (const d of file.diagnostics) {
      const index = ruleIndex.get(d.rule);
      results.push({
        ruleId: d.rule,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(d.range, true) } }],
        ...(d.related?.length
          ? {
              relatedLocations: d.related.map((r, i) => ({
                id: i + 1,
                message: { text: r.message },
                physicalLocation: { artifactLocation: artifactLocation(relatedFile(r.uri, file.path), input.cwd), region: region(r.range, true) },
              })),
            }
          : {}),
        ...(d.fixes.length
          ? {
              fixes: d.fixes.map((f) => ({
                description: { text: f.title },
                artifactChanges: artifactChanges(f.edits, file.path, input.cwd),
              })),
            }
          : {}),
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.toolName,
            version: input.version,
            semanticVersion: input.version,
            informationUri: REPOSITORY_URL,
            rules: input.rules.map((r) => ({
              id: r.meta.id,
              shortDescription: { text: r.meta.description },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: sarifLevel(r.meta.defaultSeverity) },
              properties: { languages: r.meta.languages, fixable: r.meta.fixable },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: input.notifications.length === 0,
            ...(input.notifications.length
              ? {
                  toolExecutionNotifications: input.notifications.map((n) => ({
                    level: 'error',
                    message: { text: n.message },
                    ...(n.file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.file, input.cwd) } }] } : {}),
                  })),
                }
              : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(input.cwd.endsWith(path.sep) ? input.cwd : input.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
