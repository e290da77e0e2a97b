/** The text and JSON reports of haproxy-bitbucket-lint. */
import type { Finding, LanguageId, Severity } from '../common/types';
import { safeFix } from './fix';

export interface FileResult {
  path: string;
  language: LanguageId;
  diagnostics: Finding[];
  /** Fixes applied by --fix (or that --fix-dry-run would apply). */
  fixed?: number;
}

export interface Counts {
  error: number;
  warning: number;
  information: number;
  hint: number;
  fixable: number;
}

export function countFindings(results: FileResult[]): Counts {
  const counts: Counts = { error: 0, warning: 0, information: 0, hint: 0, fixable: 0 };
  for (const r of results) {
    for (const d of r.diagnostics) {
      counts[d.severity]++;
      if (safeFix(d)) counts.fixable++;
    }
  }
  return counts;
}

const COLORS: Record<Severity | 'reset' | 'bold' | 'green', string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  information: '\x1b[36m',
  hint: '\x1b[2m',
  green: '\x1b[32m',
  reset: '\x1b[0m',
  bold: '\x1b[1m',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface TextOptions {
  color: boolean;
  /** Only errors are listed (the summary still counts everything). */
  quiet: boolean;
  /** Files skipped because a config file's `ignore` matched them. */
  ignored: number;
  /** --fix ran: the summary says how many fixes were applied. */
  fixing: boolean;
}

/** `path:line:column: severity: message [rule]` per finding, then a summary line. */
export function formatText(results: FileResult[], o: TextOptions): string {
  const paint = (color: keyof typeof COLORS, text: string) => (o.color ? `${COLORS[color]}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (o.quiet && d.severity !== 'error') continue;
      const loc = `${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const fix = safeFix(d) ? ' (fixable)' : '';
      lines.push(`${paint('bold', loc)}: ${paint(d.severity, d.severity)}: ${d.message} [${d.rule}]${fix}`);
    }
  }
  const counts = countFindings(results);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  let summary = `${plural(results.length, 'file')} checked`;
  if (o.ignored > 0) summary += ` (${o.ignored} ignored by the config file)`;
  if (total === 0) {
    summary += ', no problems.';
    summary = paint('green', summary);
  } else {
    summary +=
      `: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} info, ${plural(counts.hint, 'hint')}` +
      (counts.fixable > 0 ? `; ${counts.fixable} fixable with --fix.` : '.');
    summary = paint(counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'information', summary);
  }
  if (o.fixing) {
    const fixed = results.reduce((n, r) => n + (r.fixed ?? 0), 0);
    const files = results.filter((r) => (r.fixed ?? 0) > 0).length;
    lines.push(fixed > 0 ? `Applied ${plural(fixed, 'fix', 'fixes')} in ${plural(files, 'file')}.` : 'No safe fixes to apply.');
  }
  lines.push(summary);
  return lines.join('\n') + '\n';
}

export function formatJson(results: FileResult[], o: { quiet: boolean; fixing: boolean; ignored: number }): string {
  const counts = countFindings(results);
  return (
    JSON.stringify(
      {
        files: results.map((r) => ({
          path: r.path,
          language: r.language,
          ...(o.fixing ? { fixed: r.fixed ?? 0 } : {}),
          diagnostics: r.diagnostics
            .filter((d) => !o.quiet || d.severity === 'error')
            .map((d) => ({
              rule: d.rule,
              severity: d.severity,
              message: d.message,
              range: d.range,
              fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits, ...(f === safeFix(d) ? { safe: true } : {}) })),
              ...(d.related?.length ? { related: d.related } : {}),
            })),
        })),
        summary: { files: results.length, ignored: o.ignored, errors: counts.error, warnings: counts.warning, information: counts.information, hints: counts.hint, fixable: counts.fixable },
      },
      null,
      2,
    ) + '\n'
  );
}
