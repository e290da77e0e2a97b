import type { Fix, Severity } from '../common/types';
import type { SectionKind, Statement, Word } from '../haproxy/ast';
import { BIND_OPTIONS_WITH_ARGUMENT, lineOptions } from '../haproxy/values';
import {
  SUPPORTED_VERSIONS,
  bindOptions,
  keywordByName,
  lookupKeyword,
  normaliseVersion,
  unparsedSectionVersions,
  versionsIn,
  type KeywordInfo,
  type Lifecycle,
  type OptionInfo,
} from '../facts/haproxy';
import { deprecatedProperty } from '../facts/bitbucket';
import { defineRule, type RuleContext } from './rule';

const PROXIES: SectionKind[] = ['defaults', 'frontend', 'listen', 'backend'];
const LATEST = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];

/** Versions that accept the keyword in this kind of section (any proxy section counts for proxies, as in unknown-keyword). */
function versionsHere(info: KeywordInfo, kind: SectionKind): string[] {
  if (!PROXIES.includes(kind)) return versionsIn(info, kind);
  const all = new Set<string>();
  for (const p of PROXIES) for (const v of versionsIn(info, p)) all.add(v);
  return SUPPORTED_VERSIONS.filter((v) => all.has(v));
}

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

function checkStatement(ctx: RuleContext, statement: Statement, kind: SectionKind, target: string | undefined): void {
  const words = statement.words;
  if (words.length === 0 || words[0].hasVariable) return;
  const match = lookupKeyword(words.map((w) => w.text));
  if (match) {
    const { info, wordCount } = match;
    const versions = versionsHere(info, kind);
    // Keywords the target (or every supported version) refuses belong to unknown-keyword.
    if (versions.length > 0 && (!target || versions.includes(target))) {
      const verdict = judge(`'${info.name}'`, versions, info.lifecycle, info.deprecatedIn, target);
      if (verdict) {
        const start = words[0].text === 'no' || words[0].text === 'default' ? 1 : 0;
        const keywordWords = words.slice(start, wordCount);
        ctx.report({
          range: ctx.source.range(keywordWords[0].start, keywordWords[keywordWords.length - 1].end),
          severity: verdict.severity,
          message: verdict.message,
          fixes: fixFor(ctx, keywordWords, info.lifecycle, kind, target),
          ...(verdict.tags ? { tags: verdict.tags } : {}),
        });
      }
    }
  }
  if (words[0].text === 'bind') checkBindOptions(ctx, words, target);
}

function checkBindOptions(ctx: RuleContext, words: Word[], target: string | undefined): void {
  const known: OptionInfo[] = bindOptions();
  for (const { option } of lineOptions(words, 2, BIND_OPTIONS_WITH_ARGUMENT)) {
    const info = known.find((o) => o.name === option.text);
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
      for (const section of ctx.haproxy.sections) {
        if (unparsedSectionVersions(section.kind)) continue;
        for (const statement of section.statements) {
          if (statement === section.header) continue;
          checkStatement(ctx, statement, section.kind, target);
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
