import { defineRule, type RuleContext } from './rule';
import type { Fix, Range, Severity } from '../common/types';
import type { SectionKind, Statement, Word } from '../haproxy/ast';
import {
  bindOptions,
  isKeywordPrefix,
  keywordsForSection,
  normaliseVersion,
  removedKeyword,
  sectionIsComplete,
  unparsedSectionVersions,
  subKeywords,
  suggest,
  versionOrder,
  versionsIn,
  serverOptions,
  STATEMENT_UNCHECKED,
  SectionCursor,
  firstWordBit,
  statementFlags,
  statementIndex,
  statementKeyword,
  type KeywordMatch,
  type KeywordInfo,
  type OptionInfo,
} from '../facts/haproxy';
import { BIND_OPTIONS_WITH_ARGUMENT, SERVER_OPTIONS_WITH_ARGUMENT, optionTakesArgument } from '../haproxy/values';
import { rewriteLegacy } from '../haproxy/legacy';

function span(context: RuleContext, words: Word[]): Range {
  return context.source.range(words[0].start, words[words.length - 1].end);
}

function replaceFix(context: RuleContext, words: Word[], replacement: string, title: string): Fix {
  return { title, edits: [{ range: span(context, words), newText: replacement }], preferred: true };
}

/** The word HAProxy matches: a trailing '(...)' argument is not part of it. */
function bare(text: string): string {
  const paren = text.indexOf('(');
  return paren > 0 ? text.slice(0, paren) : text;
}

function sectionPhrase(kind: SectionKind): string {
  return kind === 'global' ? 'the global section' : `a ${kind} section`;
}

/** First words of the keywords a section accepts, for 'did you mean'. */
function firstWords(kind: SectionKind): Set<string> {
  const out = new Set<string>();
  for (const info of keywordsForSection(kind)) out.add(info.name.split(' ')[0]);
  return out;
}

/** Words that can follow `path` ('option', or 'capture request') in this section, or anywhere when the section has none. */
function nextWords(path: string, kind: SectionKind): string[] {
  const depth = path.split(' ').length;
  const collect = (infos: Iterable<KeywordInfo>) => {
    const out = new Set<string>();
    for (const info of infos) {
      if (info.name.startsWith(`${path} `)) out.add(info.name.split(' ')[depth]);
    }
    return [...out].sort();
  };
  const here = path.includes(' ') ? collect(keywordsForSection(kind)) : subKeywords(path, kind);
  if (here.length > 0) return here;
  const all: KeywordInfo[] = [];
  for (const k of ['global', 'defaults', 'frontend', 'backend', 'listen'] as SectionKind[]) all.push(...keywordsForSection(k));
  return collect(all);
}

function listSome(words: string[], max = 8): string {
  const shown = words.slice(0, max).map((w) => `'${w}'`).join(', ');
  return words.length > max ? `${shown}, ...` : shown;
}

const PROXIES: SectionKind[] = ['defaults', 'frontend', 'listen', 'backend'];

/** Statements that start with 'no'. */
const NO_FIRST = firstWordBit(['no']);

/** Lines whose options depend on the version (see checkLineOptionVersions). */
const OPTION_LINES = firstWordBit(['bind', 'server', 'default-server', 'server-template']);

/**
 * Versions that accept the keyword in this kind of section. For proxies, any proxy section
 * counts: a keyword on the wrong side of a proxy is a placement matter (keyword-section),
 * and the section 4.1 matrix is not exact about which side accepts what.
 */
function versionsFor(info: KeywordInfo, kind: SectionKind): string[] {
  if (!PROXIES.includes(kind) || versionsIn(info, kind).length === 0) return versionsIn(info, kind);
  let sorted = proxyVersions.get(info);
  if (!sorted) {
    const all = new Set<string>();
    for (const p of PROXIES) for (const v of versionsIn(info, p)) all.add(v);
    sorted = [...all].sort((a, b) => versionOrder(a) - versionOrder(b));
    proxyVersions.set(info, sorted);
  }
  return sorted;
}

/** versionsFor() of proxy sections, worked out once per keyword. */
const proxyVersions = new WeakMap<KeywordInfo, string[]>();

/** For one target and kind of section: the keywords the target lacks there (checkVersion reports them). */
class Lacking {
  private readonly byKeyword = new Map<KeywordInfo, boolean>();

  constructor(
    private readonly target: string,
    private readonly kind: SectionKind,
  ) {}

  has(info: KeywordInfo): boolean {
    let lacks = this.byKeyword.get(info);
    if (lacks === undefined) {
      const versions = versionsFor(info, this.kind);
      lacks = versionsIn(info, this.kind).length > 0 && versions.length > 0 && !versions.includes(this.target);
      this.byKeyword.set(info, lacks);
    }
    return lacks;
  }
}

/** Lacking tables by target, then kind of section: worked out once per keyword. */
const lacking = new Map<string, Map<string, Lacking>>();

function lackingIn(target: string, kind: SectionKind): Lacking {
  let byKind = lacking.get(target);
  if (!byKind) lacking.set(target, (byKind = new Map()));
  let table = byKind.get(kind);
  if (!table) byKind.set(kind, (table = new Lacking(target, kind)));
  return table;
}

function checkVersion(context: RuleContext, statement: Statement, info: KeywordInfo, kind: SectionKind, wordCount: number, target: string): void {
  const versions = versionsFor(info, kind);
  if (versions.length === 0 || versions.includes(target)) return;
  const keywordWords = statement.words.slice(0, wordCount);
  const order = versionOrder(target);
  const newer = versions.filter((v) => versionOrder(v) > order);
  const older = versions.filter((v) => versionOrder(v) < order);
  let message: string;
  const where = kind === 'global' || PROXIES.includes(kind) ? '' : ` in ${sectionPhrase(kind)}`;
  if (older.length === 0) {
    message = `'${info.name}' is not available in HAProxy ${target}: it needs a newer version (supported versions that have it${where}: ${versions.join(', ')}).`;
  } else if (newer.length === 0) {
    message = `'${info.name}' is no longer available in HAProxy ${target}: the last supported version that has it${where} is ${older[older.length - 1]}.`;
  } else {
    message = `'${info.name}' is not available in HAProxy ${target}; supported versions that have it${where}: ${versions.join(', ')}.`;
  }
  let severity: Severity = 'error';
  if (statement.conditionalDepth > 0) {
    // Configurations often guard version-specific lines with `.if version_atleast(...)`.
    severity = 'warning';
    message += ` It is inside a .if block: fine if that condition leaves it out for HAProxy ${target}.`;
  }
  context.report({ range: span(context, keywordWords), message, severity });
}

/** Bind and server options of every supported version, by name. */
let optionTables: { bind: Map<string, OptionInfo>; server: Map<string, OptionInfo> } | undefined;

function optionTable(line: 'bind' | 'server'): Map<string, OptionInfo> {
  optionTables ??= {
    bind: new Map(bindOptions().map((o) => [o.name, o])),
    server: new Map(serverOptions().map((o) => [o.name, o])),
  };
  return optionTables[line];
}

/**
 * Options of a bind or server line that the target version does not have. The walk stops at
 * the first word no supported version knows: without knowing whether it takes an argument,
 * the words after it cannot be told apart from values.
 */
function checkLineOptionVersions(context: RuleContext, statement: Statement, kind: SectionKind, target: string): void {
  if (!PROXIES.includes(kind)) return;
  const words = statement.words;
  const kw = words[0].text;
  let line: 'bind' | 'server';
  let from: number;
  if (kw === 'bind') [line, from] = ['bind', 2];
  else if (kw === 'server') [line, from] = ['server', 3];
  else if (kw === 'default-server') [line, from] = ['server', 1];
  else if (kw === 'server-template') [line, from] = ['server', 4];
  else return;
  const table = optionTable(line);
  const withArgument = line === 'bind' ? BIND_OPTIONS_WITH_ARGUMENT : SERVER_OPTIONS_WITH_ARGUMENT;
  for (let i = from; i < words.length; ) {
    const option = words[i];
    i += optionTakesArgument(option.text, withArgument) ? 2 : 1;
    if (option.hasVariable) return;
    const paren = option.text.indexOf('(');
    const info = table.get(paren > 0 ? option.text.slice(0, paren) : option.text);
    if (!info) return;
    const versions = info.versions;
    if (versions.length === 0 || versions.includes(target)) continue;
    const newer = versions.some((v) => versionOrder(v) > versionOrder(target));
    let message = newer
      ? `'${info.name}' is not a ${line} option HAProxy ${target} knows: it needs a newer version (supported versions that have it: ${versions.join(', ')}).`
      : `'${info.name}' is no longer a ${line} option in HAProxy ${target}: the last supported version that has it is ${versions[versions.length - 1]}.`;
    let severity: Severity = 'error';
    if (statement.conditionalDepth > 0) {
      severity = 'warning';
      message += ` It is inside a .if block: fine if that condition leaves it out for HAProxy ${target}.`;
    }
    context.report({ range: option.range, message, severity });
  }
}

/** The whole line rewritten as its http-request/http-response successor, when that does the same thing. */
function legacyFixes(context: RuleContext, statement: Statement, name: string): Fix[] {
  const rewrite = rewriteLegacy(statement);
  if (!rewrite) return [];
  const title =
    rewrite.text.length <= 72 ? `Replace '${name}' with '${rewrite.text}'` : `Replace '${name}' with an '${rewrite.becomes}' rule`;
  return [replaceFix(context, statement.words, rewrite.text, title)];
}

/** Checks a statement with words whose first word holds no variable; `match` is its keyword. */
function checkStatement(context: RuleContext, statement: Statement, match: KeywordMatch | undefined, kind: SectionKind, target: string | undefined): void {
  const words = statement.words;

  if (match) {
    const { info, wordCount } = match;
    if (words[0].text === 'no' && wordCount > 1 && !info.noPrefix) {
      context.report({
        range: words[0].range,
        message: `'no' cannot be used with '${info.name}': HAProxy accepts 'no' only before options that can be switched off and a few on/off keywords.`,
        fixes: [
          {
            title: `Remove 'no'`,
            edits: [{ range: context.source.range(words[0].start, words[1].start), newText: '' }],
          },
        ],
      });
      return;
    }
    if (target && versionsIn(info, kind).length > 0) checkVersion(context, statement, info, kind, wordCount, target);
    return;
  }

  if (!sectionIsComplete(kind)) return;
  const texts = words.map((w) => w.text);

  const removed = removedKeyword(texts);
  if (removed) {
    const { removed: r, wordCount } = removed;
    const gone = words.slice(0, wordCount);
    context.report({
      range: span(context, gone),
      message: `'${r.name}' was removed in HAProxy ${r.since}: ${r.use}.`,
      fixes: r.fix ? [replaceFix(context, gone, r.fix, `Replace '${r.name}' with '${r.fix}'`)] : legacyFixes(context, statement, r.name),
    });
    return;
  }

  const start = (texts[0] === 'no' || texts[0] === 'default') && texts.length > 1 ? 1 : 0;
  const head = texts[start];
  if (words[start].hasVariable) return;

  if (isKeywordPrefix(head)) {
    // 'option foo', 'timeout foo', 'capture request foo': find the first word that leads nowhere.
    let path = head;
    let i = start + 1;
    for (;;) {
      const options = nextWords(path, kind);
      const word = words[i];
      if (!word) {
        context.report({
          range: words[i - 1].range,
          message: `'${path}' is not complete: HAProxy expects one of ${listSome(options)} after it.`,
        });
        return;
      }
      if (word.hasVariable) return;
      const next = bare(word.text);
      if (options.includes(next)) {
        path = `${path} ${next}`;
        i++;
        continue;
      }
      const guess = suggest(next, options);
      const what = head === 'option' || head === 'timeout' ? `${head} '${next}'` : `'${path} ${next}'`;
      context.report({
        range: word.range,
        message:
          `Unknown ${what}: no supported HAProxy version accepts it` +
          (guess ? `. Did you mean '${guess}'?` : `. Expected one of ${listSome(options)}.`),
        fixes: guess ? [replaceFix(context, [word], guess, `Replace '${next}' with '${guess}'`)] : [],
      });
      return;
    }
  }

  const candidates = firstWords(kind);
  const guess = suggest(head, candidates);
  context.report({
    range: words[start].range,
    message:
      `Unknown keyword '${head}': no supported HAProxy version accepts it` +
      (guess ? `. Did you mean '${guess}'?` : ` in ${sectionPhrase(kind)}.`),
    fixes: guess ? [replaceFix(context, [words[start]], guess, `Replace '${head}' with '${guess}'`)] : [],
  });
}

export default defineRule({
  meta: {
    id: 'unknown-keyword',
    description: "Keywords that no supported HAProxy version (or not the target version) knows.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    const target = normaliseVersion(context.settings.haproxyVersion);
    for (const statement of config.orphans) {
      const first = statement.words[0];
      if (!first || first.hasVariable) continue;
      context.report({
        range: first.range,
        message: `'${first.text}' is outside any section: HAProxy reads keywords only after a section header such as 'global', 'defaults', 'frontend' or 'backend'.`,
      });
    }
    const index = statementIndex(config);
    const cursor = new SectionCursor(index);
    const sections = config.sections;
    for (let k = 0; k < sections.length; k++) {
      const section = sections[k];
      // Newer section kinds whose keyword lists we do not hold: judge only the header's version.
      const versions = unparsedSectionVersions(section.kind);
      if (versions) {
        const header = section.header;
        if (target && versions.length > 0 && !versions.includes(target) && versionOrder(versions[0]) > versionOrder(target)) {
          context.report({
            range: header.words[0].range,
            message: `'${header.words[0].text}' sections are not available in HAProxy ${target}: they need a newer version (supported versions that have them: ${versions.join(', ')}).`,
            severity: header.conditionalDepth > 0 ? 'warning' : 'error',
          });
        }
        continue;
      }
      const statements = section.statements;
      const start = cursor.find(statements);
      const lacks = target === undefined ? undefined : lackingIn(target, section.kind);
      for (let n = 0; n < statements.length; n++) {
        const statement = statements[n];
        // No words, or the first holds a variable: nothing to check.
        const flags = start >= 0 ? index.flags[start + n] : statementFlags(statement);
        if (flags & STATEMENT_UNCHECKED) continue;
        const match = start >= 0 ? index.keywords[start + n] : statementKeyword(statement);
        // A known keyword not after 'no' only matters when the target lacks it.
        const quiet = match !== undefined && (flags & NO_FIRST) === 0 && !lacks?.has(match.info);
        if (!quiet) checkStatement(context, statement, match, section.kind, target);
        if (target && flags & OPTION_LINES) checkLineOptionVersions(context, statement, section.kind, target);
      }
    }
  },
});
