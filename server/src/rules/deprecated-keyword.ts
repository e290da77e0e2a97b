import type { Fix, Severity } from '../common/types';
import type { SectionKind, Statement, Word } from '../haproxy/ast';
import { BIND_OPTIONS_WITH_ARGUMENT, optionTakesArgument } from '../haproxy/values';
import {
  SUPPORTED_VERSIONS,
  bindOptions,
  keywordByName,
  STATEMENT_UNCHECKED,
  SectionCursor,
  firstWordBit,
  normaliseVersion,
  statementFlags,
  statementIndex,
  statementKeyword,
  unparsedSectionVersions,
  versionsIn,
  type KeywordInfo,
  type KeywordMatch,
  type Lifecycle,
  type OptionInfo,
} from '../facts/haproxy';
import { deprecatedProperty } from '../facts/bitbucket';
import { defineRule, type RuleContext } from './rule';

const PROXIES: SectionKind[] = ['defaults', 'frontend', 'listen', 'backend'];
const LATEST = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];

/** Bind lines: their options are checked too. */
const BIND = firstWordBit(['bind']);

/** Versions that accept the keyword in this kind of section (any proxy section counts for proxies, as in unknown-keyword). */
function versionsHere(info: KeywordInfo, kind: SectionKind): string[] {
  if (!PROXIES.includes(kind)) return versionsIn(info, kind);
  let versions = proxyVersions.get(info);
  if (!versions) {
    const all = new Set<string>();
    for (const p of PROXIES) for (const v of versionsIn(info, p)) all.add(v);
    versions = SUPPORTED_VERSIONS.filter((v) => all.has(v));
    proxyVersions.set(info, versions);
  }
  return versions;
}

/** versionsHere() of proxy sections, by keyword. */
const proxyVersions = new Map<KeywordInfo, string[]>();

/** How a release is named in messages. */
function releasePhrase(version: string): string {
  return version === '3.5-dev' ? 'the 3.5 development version' : `HAProxy ${version}`;
}

function compareLabels(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

interface Verdict {
  severity: Severity;
  message: string;
  tags?: ('deprecated' | 'unnecessary')[];
}

/**
 * What to say about a keyword or option the target accepts: deprecated there, or gone
 * from a newer supported version. Undefined when there is nothing to say. `versions` are
 * the supported versions that accept it; the caller makes sure the target is among them.
 */
function judge(label: string, versions: string[], lifecycle: Lifecycle | undefined, deprecatedIn: string[] | undefined, target: string | undefined): Verdict | undefined {
  if (versions.length === 0) return undefined;
  const advice = lifecycle ? `: ${lifecycle.use}` : '';
  const last = versions[versions.length - 1];
  const reference = target ?? last;
  const flagged = deprecatedIn?.includes(reference) ?? false;
  const deprecatedByRelease = lifecycle?.deprecatedSince !== undefined && compareLabels(reference, lifecycle.deprecatedSince) >= 0;
  if (flagged || deprecatedByRelease) {
    const since = lifecycle?.deprecatedSince ? ` since ${releasePhrase(lifecycle.deprecatedSince)}` : '';
    const removal = lifecycle?.removedIn
      ? ` and ${releasePhrase(lifecycle.removedIn)} removed it`
      : last !== LATEST
        ? ` and newer versions no longer have it (the last supported version that does is ${last})`
        : '';
    return { severity: 'warning', message: `${label} is deprecated${since}${removal}${advice}.`, tags: ['deprecated'] };
  }
  if (last !== LATEST) {
    const gone = lifecycle?.removedIn ? `${releasePhrase(lifecycle.removedIn)} removed it` : `supported versions after ${last} no longer have it`;
    if (target) {
      return {
        severity: 'information',
        message: `${label} works in HAProxy ${target}, but ${gone}${advice}. Plan for it before upgrading.`,
      };
    }
    return {
      severity: 'warning',
      message: `${label} is not available in every supported version: ${gone} (versions that have it: ${versions.join(', ')})${advice}.`,
      tags: ['deprecated'],
    };
  }
  return undefined;
}

function fixFor(ctx: RuleContext, words: Word[], lifecycle: Lifecycle | undefined, kind: SectionKind, target: string | undefined): Fix[] {
  const replacement = lifecycle?.fix;
  if (!replacement) return [];
  const info = keywordByName(replacement);
  if (!info) return [];
  // Offer the replacement only where it exists: in the target, or (without one) in the newest version.
  const where = versionsHere(info, kind);
  if (!where.includes(target ?? LATEST)) return [];
  // Without a target the new name may not exist in the version actually run: say from when it works.
  const since = !target && where[0] !== SUPPORTED_VERSIONS[0] ? ` (HAProxy ${where[0]} and later)` : '';
  return [
    {
      title: `Replace '${words.map((w) => w.text).join(' ')}' with '${replacement}'${since}`,
      edits: [{ range: ctx.source.range(words[0].start, words[words.length - 1].end), newText: replacement }],
      preferred: since === '',
    },
  ];
}

/**
 * What judge() says about a keyword in a kind of section for a target, worked out once:
 * the answer depends on nothing else, and nearly every keyword has nothing to say.
 * By target ('' for none), then kind of section (proxies share one), then keyword.
 */
const verdicts = new Map<string, Map<string, Map<KeywordInfo, Verdict | null>>>();

function verdictsFor(target: string | undefined, kind: SectionKind): Map<KeywordInfo, Verdict | null> {
  let byKind = verdicts.get(target ?? '');
  if (!byKind) verdicts.set(target ?? '', (byKind = new Map()));
  const key = PROXIES.includes(kind) ? 'proxy' : kind;
  let byKeyword = byKind.get(key);
  if (!byKeyword) byKind.set(key, (byKeyword = new Map()));
  return byKeyword;
}

function verdictFor(byKeyword: Map<KeywordInfo, Verdict | null>, info: KeywordInfo, kind: SectionKind, target: string | undefined): Verdict | null {
  let verdict = byKeyword.get(info);
  if (verdict === undefined) {
    verdict = null;
    const versions = versionsHere(info, kind);
    // Keywords the target (or every supported version) refuses belong to unknown-keyword.
    if (versions.length > 0 && (!target || versions.includes(target))) {
      verdict = judge(`'${info.name}'`, versions, info.lifecycle, info.deprecatedIn, target) ?? null;
    }
    byKeyword.set(info, verdict);
  }
  return verdict;
}

function checkStatement(
  ctx: RuleContext,
  statement: Statement,
  flags: number,
  match: KeywordMatch | undefined,
  kind: SectionKind,
  target: string | undefined,
  byKeyword: Map<KeywordInfo, Verdict | null>,
): void {
  if (match) {
    const { info, wordCount } = match;
    const verdict = verdictFor(byKeyword, info, kind, target);
    if (verdict) {
      const words = statement.words;
      const start = words[0].text === 'no' || words[0].text === 'default' ? 1 : 0;
      const keywordWords = words.slice(start, wordCount);
      ctx.report({
        range: ctx.source.range(keywordWords[0].start, keywordWords[keywordWords.length - 1].end),
        severity: verdict.severity,
        message: verdict.message,
        fixes: fixFor(ctx, keywordWords, info.lifecycle, kind, target),
        ...(verdict.tags ? { tags: [...verdict.tags] } : {}),
      });
    }
  }
  if (flags & BIND && statement.words[0].text === 'bind') checkBindOptions(ctx, statement.words, target);
}

/** Bind options that have a lifecycle, by name (the first option of a name decides, as a search would). */
let bindLifecycles: Map<string, OptionInfo> | undefined;

function checkBindOptions(ctx: RuleContext, words: Word[], target: string | undefined): void {
  if (!bindLifecycles) {
    const first = new Map<string, OptionInfo>();
    for (const o of bindOptions()) if (!first.has(o.name)) first.set(o.name, o);
    bindLifecycles = new Map([...first].filter(([, o]) => o.lifecycle));
  }
  if (bindLifecycles.size === 0) return;
  for (let i = 2; i < words.length; ) {
    const option = words[i];
    i += optionTakesArgument(option.text, BIND_OPTIONS_WITH_ARGUMENT) ? 2 : 1;
    const info = bindLifecycles.get(option.text);
    if (!info?.lifecycle) continue;
    if (target && !info.versions.includes(target)) continue;
    const verdict = judge(`The bind option '${option.text}'`, info.versions, info.lifecycle, undefined, target);
    if (verdict) ctx.report({ range: option.range, severity: verdict.severity, message: verdict.message, ...(verdict.tags ? { tags: verdict.tags } : {}) });
  }
}

export default defineRule({
  meta: {
    id: 'deprecated-keyword',
    description: 'Keywords and properties that still work but are deprecated, renamed, or gone from newer versions.',
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  check(ctx) {
    if (ctx.haproxy) {
      const target = normaliseVersion(ctx.settings.haproxyVersion);
      const index = statementIndex(ctx.haproxy);
      const cursor = new SectionCursor(index);
      const sections = ctx.haproxy.sections;
      for (let k = 0; k < sections.length; k++) {
        const section = sections[k];
        if (unparsedSectionVersions(section.kind)) continue;
        const statements = section.statements;
        const start = cursor.find(statements);
        const byKeyword = verdictsFor(target, section.kind);
        for (let n = 0; n < statements.length; n++) {
          const statement = statements[n];
          if (statement === section.header) continue;
          // No words, or the first holds a variable.
          const flags = start >= 0 ? index.flags[start + n] : statementFlags(statement);
          if (flags & STATEMENT_UNCHECKED) continue;
          const match = start >= 0 ? index.keywords[start + n] : statementKeyword(statement);
          checkStatement(ctx, statement, flags, match, section.kind, target, byKeyword);
        }
      }
    }
    if (ctx.properties) {
      for (const entry of ctx.properties.entries) {
        const hit = deprecatedProperty(entry.key);
        if (!hit) continue;
        ctx.report({
          range: entry.keyRange,
          severity: hit.severity,
          message: `'${entry.key}' ${hit.reason}; use '${hit.replacement}' instead.`,
          fixes: [
            {
              title: `Replace '${entry.key}' with '${hit.replacement}'`,
              edits: [{ range: entry.keyRange, newText: hit.replacement }],
              preferred: true,
            },
          ],
          tags: ['deprecated'],
        });
      }
    }
  },
});
