/**
 * The language service facade: parse once, then run any feature on the parsed document.
 * Used by the LSP server and the CLI alike; it knows nothing about LSP transport.
 */
import { SourceText } from './common/source';
import type { Finding, LanguageId, Settings, Severity } from './common/types';
import { normaliseSeverity } from './common/types';
import { collectSuppressions, isSuppressed, type Suppressions } from './common/suppressions';
import type { HaproxyConfig } from './haproxy/ast';
import { parseHaproxy } from './haproxy/parser';
import type { PropertiesFile } from './properties/ast';
import { parseProperties } from './properties/parser';
import { INTERNAL_ERROR_RULE, rules, rulesById } from './rules';
import type { Report, Rule } from './rules/rule';

export interface ParsedDocument {
  language: LanguageId;
  source: SourceText;
  haproxy?: HaproxyConfig;
  properties?: PropertiesFile;
}

export function parseDocument(text: string, language: LanguageId): ParsedDocument {
  if (language === 'haproxy') {
    const haproxy = parseHaproxy(text);
    return { language, source: haproxy.source, haproxy };
  }
  const properties = parseProperties(text);
  return { language, source: properties.source, properties };
}

/** The language a file name implies, or undefined when we do not handle it. */
export function languageForPath(path: string): LanguageId | undefined {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (/\.properties$/i.test(base)) return 'bitbucket-properties';
  if (/\.cfg$/i.test(base)) return 'haproxy';
  return undefined;
}

export function effectiveSeverity(rule: Rule, settings: Settings, reported?: Severity): Severity | 'off' {
  const configured = normaliseSeverity(settings.rules[rule.meta.id]);
  if (configured) return configured;
  return reported ?? rule.meta.defaultSeverity;
}

function suppressionsOf(doc: ParsedDocument): Suppressions {
  if (doc.haproxy) {
    const statementLines = doc.haproxy.statements.map((s) => s.line).concat(doc.haproxy.directives.map((d) => d.line));
    statementLines.sort((a, b) => a - b);
    return collectSuppressions(doc.haproxy.comments, (line) => nextAfter(statementLines, line));
  }
  const props = doc.properties!;
  const entryLines = props.entries.map((e) => e.line);
  return collectSuppressions(
    props.comments.map((c) => ({ text: c.text, line: c.line, ownLine: true })),
    (line) => nextAfter(entryLines, line),
  );
}

function nextAfter(sortedLines: number[], line: number): number {
  let lo = 0;
  let hi = sortedLines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedLines[mid] <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo < sortedLines.length ? sortedLines[lo] : line + 1;
}

export interface ValidateOptions {
  /** Called once per rule that throws, so a host can log it. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

/** Runs every rule that applies to the document's language and returns the findings,
 * with settings and ignore comments applied, sorted by position. */
export function validate(doc: ParsedDocument, settings: Settings, options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const suppressions = suppressionsOf(doc);
  for (const rule of rules) {
    if (!rule.meta.languages.includes(doc.language)) continue;
    if (effectiveSeverity(rule, settings) === 'off') continue;
    const report = (r: Report) => {
      const severity = effectiveSeverity(rule, settings, r.severity);
      if (severity === 'off') return;
      if (isSuppressed(suppressions, rule.meta.id, r.range.start.line)) return;
      findings.push({
        rule: rule.meta.id,
        severity,
        message: r.message,
        range: r.range,
        fixes: r.fixes ?? [],
        ...(r.related ? { related: r.related } : {}),
        ...(r.tags ? { tags: r.tags } : {}),
      });
    };
    try {
      rule.check({
        language: doc.language,
        source: doc.source,
        haproxy: doc.haproxy,
        properties: doc.properties,
        settings,
        report,
      });
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      findings.push({
        rule: INTERNAL_ERROR_RULE,
        severity: 'error',
        message: `Internal error in rule '${rule.meta.id}': ${error instanceof Error ? error.message : String(error)}. The other rules still ran; please report this.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        fixes: [],
      });
    }
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.rule.localeCompare(b.rule),
  );
  return findings;
}

export { rules, rulesById };
