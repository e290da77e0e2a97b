/**
 * Re-checking a haproxy.cfg after an edit without starting from scratch.
 *
 * Parsing: only the lines an edit touches are read again. The lines before the edit are
 * kept as they are; the lines after it are kept too, with their offsets (and line numbers,
 * when the edit added or removed lines) moved, one statement object per line. The parser
 * then puts sections and `.if` blocks together again where the edit can have changed them
 * (see reparseRegion in haproxy/parser.ts). The result is exactly what parseHaproxy()
 * returns for the new text.
 *
 * Validation: most rules judge each statement on its own and within its section (its
 * words, the section it is in, whether it is a section header, its `.if` depth). For those
 * rules only the statements of the sections the edit may have changed are checked again;
 * their earlier findings on the other lines are kept. Every other rule runs on the whole document as usual. The result
 * is exactly what a full validate() returns; test/robustness checks that on random edits.
 *
 * The previous document is consumed: its words, statements and sections are updated in
 * place to describe the new text, so it must not be used after it was re-parsed (the
 * language server drops it).
 */
import { shiftRange, SourceText } from './common/source';
import type { Settings } from './common/types';
import type { HaproxyConfig, Section, Statement } from './haproxy/ast';
import { firstAtOrAfter, parseHaproxy, reparseRegion } from './haproxy/parser';
import type { Report } from './rules/rule';

/**
 * Rules whose findings on a statement depend only on that statement and its section: its
 * words, the kind, name and other statements of its section, whether it is the section's
 * header, and its `.if` depth (plus the settings). After an edit they run again on every
 * statement of the sections the edit touched. A rule that looks at other sections must
 * not be listed here.
 */
export const STATEMENT_RULES: ReadonlySet<string> = new Set([
  'deprecated-keyword',
  'invalid-argument',
  'ip-pattern',
  'keyword-section',
  'port-range',
  'time-unit',
  'unknown-keyword',
]);

/** Findings of the statement rules for one parsed document, as the rules reported them. */
interface Recorded {
  settingsKey: string;
  reports: Map<string, Report[]>;
}

/** How a document differs from the last one that was validated. */
interface Change {
  base: Recorded;
  /** First line (same number in both) that may differ. */
  start: number;
  /** Last line of the changed part, in the base document's numbering. */
  oldEnd: number;
  /** Lines added by the edits since the base (negative when lines were removed). */
  delta: number;
}

const recorded = new WeakMap<HaproxyConfig, Recorded>();
/** For a re-parsed document: the document it was re-parsed from (only the last step is kept). */
const previousParses = new WeakMap<HaproxyConfig, HaproxyConfig>();

/**
 * The document `config` was re-parsed from, if it was. Its words, statements and sections
 * now describe `config` where they were kept; its own lists of them are as they were.
 */
export function previousParse(config: HaproxyConfig): HaproxyConfig | undefined {
  return previousParses.get(config);
}
/**
 * Lets go of the document `config` was re-parsed from, once everything that carries results
 * over from it (validation, the cross-file checks) has run for `config`. Until then the
 * previous parse keeps its own text, lists and indexes alive: about 8 MB for 100k lines.
 * A result asked for later is worked out from scratch.
 */
export function forgetPreviousParse(config: HaproxyConfig): void {
  previousParses.delete(config);
}

/** For a re-parsed document: the validated document it derives from, and what changed since. */
const changes = new WeakMap<HaproxyConfig, Change>();

/** Length of the common prefix of two strings. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  // Compare big blocks first: string equality runs in native code.
  let i = 0;
  for (let block = 4096; block >= 16; block >>= 4) {
    while (i + block <= n && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  for (let block = 4096; block >= 16; block >>= 4) {
    while (i + block <= limit && a.slice(la - i - block, la - i) === b.slice(lb - i - block, lb - i)) i += block;
  }
  while (i < limit && a.charCodeAt(la - 1 - i) === b.charCodeAt(lb - 1 - i)) i++;
  return i;
}

/**
 * Parses `text`, the new content of the document `previous` was parsed from, reading again
 * only the lines that changed. Gives the same result as parseHaproxy(text). `previous` must
 * not be used afterwards.
 */
export function reparseHaproxy(previous: HaproxyConfig, text: string): HaproxyConfig {
  const old = previous.source;
  const oldText = old.text;
  const prefix = commonPrefix(oldText, text);
  const suffix = commonSuffix(oldText, text, Math.min(oldText.length, text.length) - prefix);
  const offset = text.length - oldText.length;

  // Lines before `first` are untouched, with the same offsets. A change right after a line
  // break may turn "\r" into "\r\n", so the line before the change is read again too.
  const first = old.lineOf(Math.max(0, prefix - 1));
  // Old lines after `oldLast` start after the last changed character and its line break.
  const oldLast = old.lineOf(oldText.length - suffix);
  const oldStarts = old.lineStarts;
  const oldCount = oldStarts.length;
  const keptFrom = oldLast + 1; // first old line kept after the change
  // Line starts from the start of line `first` to the start of the first kept line (or the end).
  const found: number[] = [];
  const scanEnd = keptFrom < oldCount ? oldStarts[keptFrom] + offset : text.length;
  for (let i = oldStarts[first]; i < scanEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) found.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      found.push(i + 1);
    }
  }
  // The scan ends with the start of the first kept line (or of the new last line).
  const newLast = keptFrom < oldCount ? first + found.length - 1 : first + found.length;
  const lineDelta = newLast - oldLast;
  const newStarts = new Int32Array(oldCount + lineDelta);
  newStarts.set(oldStarts.subarray(0, first + 1));
  for (let k = 0; k < found.length; k++) newStarts[first + 1 + k] = found[k];
  if (keptFrom + 1 < oldCount) {
    const at = keptFrom + 1 + lineDelta;
    newStarts.set(oldStarts.subarray(keptFrom + 1), at);
    if (offset !== 0) for (let k = at; k < newStarts.length; k++) newStarts[k] += offset;
  }
  const src = new SourceText(text, newStarts);

  const reparsed = reparseRegion(previous, src, first, oldLast, newLast, offset);
  if (!reparsed) return parseHaproxy(text);
  const config = reparsed.config;
  previousParses.delete(previous);
  previousParses.set(config, previous);

  // Statement rules must see again every statement whose text or context changed.
  const changedEnd = Math.max(newLast, reparsed.lastContextChange);
  const prior = changes.get(previous);
  const base = prior?.base ?? recorded.get(previous);
  if (base) {
    // Compose with the changes the previous document had not been validated for.
    const oldEnd = Math.max(oldLast, changedEnd - lineDelta);
    const change: Change = prior
      ? {
          base,
          start: Math.min(prior.start, first),
          oldEnd: Math.max(prior.oldEnd, oldEnd - prior.delta),
          delta: prior.delta + lineDelta,
        }
      : { base, start: first, oldEnd, delta: lineDelta };
    changes.set(config, change);
  }
  return config;
}

function settingsKey(settings: Settings): string {
  return JSON.stringify(settings);
}

const statementLine = (s: Statement) => s.line;

/**
 * Lines `start..end` of `config` widened to the whole sections they touch, including the
 * section that ends just before `start` (a header added at `start` takes statements away
 * from it). A statement rule may read the other statements of a statement's section:
 * unknown-keyword offers a rewrite of a removed directive only where the new rule keeps
 * its place among the section's rules.
 */
function wholeSections(config: HaproxyConfig, start: number, end: number): [number, number] {
  const sections = config.sections;
  let from = start;
  let to = end;
  const first = firstAtOrAfter(sections, start - 1, (s) => s.lastLine);
  if (first < sections.length && sections[first].header.line <= end) from = Math.min(from, sections[first].header.line);
  const last = firstAtOrAfter(sections, end, (s) => s.lastLine);
  if (last < sections.length && sections[last].header.line <= end) to = Math.max(to, sections[last].lastLine);
  return [from, to];
}

/** The document as a statement rule sees it when only lines `start..end` need checking. */
function partialConfig(config: HaproxyConfig, start: number, end: number): HaproxyConfig {
  const slice = (list: Statement[]) =>
    list.slice(firstAtOrAfter(list, start, statementLine), firstAtOrAfter(list, end + 1, statementLine));
  const sections: Section[] = [];
  for (let i = Math.max(0, firstAtOrAfter(config.sections, start, (s) => s.lastLine)); i < config.sections.length; i++) {
    const section = config.sections[i];
    if (section.header.line > end) break;
    sections.push({ ...section, statements: slice(section.statements) });
  }
  return { ...config, sections, orphans: slice(config.orphans), statements: slice(config.statements) };
}

function shiftReport(report: Report, lines: number): Report {
  if (lines === 0) return report;
  return {
    ...report,
    range: shiftRange(report.range, lines),
    ...(report.fixes
      ? { fixes: report.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) })) })) }
      : {}),
    ...(report.related ? { related: report.related.map((r) => ({ ...r, range: shiftRange(r.range, lines) })) } : {}),
  };
}

/** How one rule runs: on part of the document, with earlier reports kept around it. */
export interface RuleRun {
  /** The document restricted to the statements that need checking again. */
  haproxy: HaproxyConfig;
  /** Whether a report of this run is about the statements checked again. */
  keep(report: Report): boolean;
  /** Earlier reports that still hold, before and after those statements. */
  before: Report[];
  after: Report[];
}

export interface ValidationSession {
  /** How to run a rule this time; undefined means on the whole document. */
  plan(ruleId: string): RuleRun | undefined;
  /** Every report of a rule that completed (undefined when it threw). */
  record(ruleId: string, reports: Report[] | undefined): void;
  finish(): void;
}

const NO_SESSION: ValidationSession = { plan: () => undefined, record: () => undefined, finish: () => undefined };

/** Starts validating `config` with `settings`, reusing what an earlier validation found where it still holds. */
export function startValidation(config: HaproxyConfig | undefined, settings: Settings): ValidationSession {
  if (!config) return NO_SESSION;
  const key = settingsKey(settings);
  const change = changes.get(config);
  const usable = change && change.base.settingsKey === key ? change : undefined;
  // The lines checked again, in the new numbering (from..to) and the old one (..oldTo).
  const [from, to] = usable ? wholeSections(config, usable.start, usable.oldEnd + usable.delta) : [0, 0];
  const oldTo = usable ? to - usable.delta : 0;
  let partial: HaproxyConfig | undefined;
  const reports = new Map<string, Report[]>();
  return {
    plan(ruleId) {
      if (!usable || !STATEMENT_RULES.has(ruleId)) return undefined;
      const earlier = usable.base.reports.get(ruleId);
      if (!earlier) return undefined;
      partial ??= partialConfig(config, from, to);
      const before: Report[] = [];
      const after: Report[] = [];
      for (const r of earlier) {
        const line = r.range.start.line;
        if (line < from) before.push(r);
        else if (line > oldTo) after.push(shiftReport(r, usable.delta));
      }
      return {
        haproxy: partial,
        keep: (r) => r.range.start.line >= from && r.range.start.line <= to,
        before,
        after,
      };
    },
    record(ruleId, list) {
      if (list && STATEMENT_RULES.has(ruleId)) reports.set(ruleId, list);
    },
    finish() {
      changes.delete(config);
      recorded.set(config, { settingsKey: key, reports });
    },
  };
}
