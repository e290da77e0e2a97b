/**
 * The language service facade: parse once, then run any feature on the parsed document.
 * Used by the LSP server and the CLI alike; it knows nothing about LSP transport.
 */
import { SourceText } from './common/source';
import type { Finding, LanguageId, Settings, Severity } from './common/types';
import { normaliseSeverity } from './common/types';
import { collectSuppressions, isSuppressed, type Suppressions } from './common/suppressions';
import { IGNORE_MARKER } from './common/meta';
import type { HaproxyConfig } from './haproxy/ast';
import { parseHaproxy } from './haproxy/parser';
import type { PropertiesFile } from './properties/ast';
import { parseProperties } from './properties/parser';
import { INTERNAL_ERROR_RULE, rules, rulesById } from './rules';
import type { Report, Rule } from './rules/rule';
import type { Deployment, DeploymentMember } from './deployment/model';
import { xmlSuppressions } from './deployment/suppressions';
import { reparseHaproxy, startValidation } from './incremental';

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

/**
 * Parses the new text of a document after an edit, reading again only what the edit
 * touched (see incremental.ts). Same result as parseDocument(text, language); `previous`
 * must not be used afterwards.
 */
export function reparseDocument(previous: ParsedDocument, text: string, language: LanguageId): ParsedDocument {
  if (language === 'haproxy' && previous.haproxy) {
    const haproxy = reparseHaproxy(previous.haproxy, text);
    return { language, source: haproxy.source, haproxy };
  }
  return parseDocument(text, language);
}

/** A first line that tells a HAProxy configuration: a section keyword, or a comment naming
 * HAProxy. The VS Code manifest uses the same pattern (`contributes.languages[].firstLine`). */
export const HAPROXY_FIRST_LINE =
  /^(?:\s*(?:global|defaults|frontend|backend|listen|userlist|peers|resolvers)(?:\s|#|$)|#(?!!).*\b(?:haproxy|HAProxy|HAPROXY)\b)/;

/** Whether a `.cfg` file found in a directory is a HAProxy configuration: by its name or
 * folder (`haproxy*.cfg`, `haproxy/`, `haproxy.d/`), else by its first line. */
export function isHaproxyCfg(path: string, firstLine: string): boolean {
  const parts = path.replace(/\\/g, '/').toLowerCase().split('/');
  const base = parts[parts.length - 1];
  if (/^haproxy.*\.cfg$/.test(base)) return true;
  if (parts.slice(0, -1).some((d) => d === 'haproxy' || d === 'haproxy.d')) return true;
  return HAPROXY_FIRST_LINE.test(firstLine.replace(/^\uFEFF/, ''));
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
    const { comments } = doc.haproxy;
    // Only comments that ask for it need the next statement line: most files have none.
    if (!comments.some((c) => c.text.includes(IGNORE_MARKER))) return collectSuppressions([], () => 0);
    const statementLines = doc.haproxy.statements.map((s) => s.line).concat(doc.haproxy.directives.map((d) => d.line));
    statementLines.sort((a, b) => a - b);
    return collectSuppressions(comments, (line) => nextAfter(statementLines, line));
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
  /** For a haproxy.cfg: the other files of the configuration it is loaded with (see RuleContext.others). */
  others?: readonly HaproxyConfig[];
}

/** No other files: a document checked on its own. */
export const NO_OTHERS: readonly HaproxyConfig[] = Object.freeze([]);

/** Runs every rule that applies to the document's language and returns the findings,
 * with settings and ignore comments applied, sorted by position. */
export function validate(doc: ParsedDocument, settings: Settings, options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const suppressions = suppressionsOf(doc);
  const session = startValidation(doc.haproxy, settings);
  for (const rule of rules) {
    if (!rule.check || !rule.meta.languages.includes(doc.language)) continue;
    if (effectiveSeverity(rule, settings) === 'off') continue;
    const made: Report[] = [];
    const report = (r: Report) => {
      made.push(r);
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
      // After an edit, statement rules only look at what the edit can have changed.
      const run = session.plan(rule.meta.id);
      if (run) run.before.forEach(report);
      rule.check({
        language: doc.language,
        source: doc.source,
        haproxy: run ? run.haproxy : doc.haproxy,
        others: options.others ?? NO_OTHERS,
        properties: doc.properties,
        settings,
        report: run ? (r: Report) => run.keep(r) && report(r) : report,
      });
      if (run) run.after.forEach(report);
      session.record(rule.meta.id, made);
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
  session.finish();
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.rule.localeCompare(b.rule),
  );
  return findings;
}

/**
 * Runs the cross-file checks of every rule over one deployment and returns the findings
 * per document URI (every member gets an entry, possibly empty). Severity settings and
 * ignore comments of the document a finding lands in apply to it; edits in that same
 * document lose their `uri`.
 */
export function validateDeployment(
  deployment: Deployment,
  settingsFor: (uri: string) => Settings,
  options: ValidateOptions = {},
): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const suppressions = new Map<string, { s: Suppressions; line: (l: number) => number }>();
  for (const m of deployment.members) {
    out.set(m.uri, []);
    suppressions.set(
      m.uri,
      m.role === 'server-xml' ? xmlSuppressions(m.xml) : { s: suppressionsOf(m.parsed), line: (l: number) => l },
    );
  }
  const first = deployment.members[0];
  if (!first) return out;
  for (const rule of rules) {
    if (!rule.checkDeployment) continue;
    if (deployment.members.every((m) => effectiveSeverity(rule, settingsFor(m.uri)) === 'off')) continue;
    const seen = new Set<string>();
    const report = (member: DeploymentMember, r: Report) => {
      const severity = effectiveSeverity(rule, settingsFor(member.uri), r.severity);
      if (severity === 'off') return;
      const sup = suppressions.get(member.uri);
      if (sup && isSuppressed(sup.s, rule.meta.id, sup.line(r.range.start.line))) return;
      const key = JSON.stringify([member.uri, r.range, r.message]);
      if (seen.has(key)) return;
      seen.add(key);
      const local = (uri: string | undefined) => (uri === member.uri ? undefined : uri);
      out.get(member.uri)?.push({
        rule: rule.meta.id,
        severity,
        message: r.message,
        range: r.range,
        fixes: (r.fixes ?? []).map((f) => ({
          ...f,
          edits: f.edits.map(({ uri, ...e }) => (local(uri) ? { ...e, uri } : e)),
        })),
        ...(r.related ? { related: r.related } : {}),
        ...(r.tags ? { tags: r.tags } : {}),
      });
    };
    try {
      rule.checkDeployment({ deployment, settings: settingsFor(first.uri), report });
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      out.get(first.uri)?.push({
        rule: INTERNAL_ERROR_RULE,
        severity: 'error',
        message: `Internal error in the cross-file checks of rule '${rule.meta.id}': ${error instanceof Error ? error.message : String(error)}. The other rules still ran; please report this.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        fixes: [],
      });
    }
  }
  for (const findings of out.values()) {
    findings.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        a.rule.localeCompare(b.rule),
    );
  }
  return out;
}

export { rules, rulesById };
