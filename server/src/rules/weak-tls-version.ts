import type { Fix } from '../common/types';
import type { HaproxyConfig, Statement } from '../haproxy/ast';
import { SectionCache } from '../section-cache';
import { findOptions, statementIs, wordsRemovalRange, type OptionMatch } from '../haproxy/query';
import { defineRule } from './rule';

/** Protocol versions older than TLS 1.2, with the document that retired them. */
const WEAK_VERSIONS: ReadonlyMap<string, { label: string; retiredBy: string }> = new Map([
  ['SSLv3', { label: 'SSL 3.0', retiredBy: 'RFC 7568' }],
  ['TLSv1.0', { label: 'TLS 1.0', retiredBy: 'RFC 8996' }],
  ['TLSv1.1', { label: 'TLS 1.1', retiredBy: 'RFC 8996' }],
]);

/** Options that pin a single old version, and the version they pin. */
const WEAK_FORCE: ReadonlyMap<string, string> = new Map([
  ['force-sslv3', 'SSLv3'],
  ['force-tlsv10', 'TLSv1.0'],
  ['force-tlsv11', 'TLSv1.1'],
]);

const LINE_KEYWORDS = ['bind', 'server', 'default-server', 'server-template', 'peer'];
/** Every option this rule looks at. */
const VERSION_OPTIONS: ReadonlySet<string> = new Set(['ssl-min-ver', 'ssl-max-ver', ...WEAK_FORCE.keys()]);
const GLOBAL_KEYWORDS = ['ssl-default-bind-options', 'ssl-default-server-options'];

function isWeak(version: string | undefined): boolean {
  return version !== undefined && WEAK_VERSIONS.has(version);
}

function weakMax(statement: Statement): boolean {
  return findOptions(statement, 'ssl-max-ver').some((m) => isWeak(m.value?.text));
}

function weakForce(statement: Statement): boolean {
  return [...WEAK_FORCE.keys()].some((f) => findOptions(statement, f).length > 0);
}

function setsOwnMinimum(statement: Statement): boolean {
  return (
    findOptions(statement, 'ssl-min-ver').length > 0 ||
    ['force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13'].some(
      (f) => findOptions(statement, f).length > 0,
    )
  );
}

const KEYWORDS: ReadonlySet<string> = new Set([...LINE_KEYWORDS, ...GLOBAL_KEYWORDS]);

/** Whether a line may name a protocol version: most lines name none. */
function namesVersion(statement: Statement): boolean {
  return KEYWORDS.has(statement.words[0]?.text) && statement.words.some((w) => VERSION_OPTIONS.has(w.text));
}

/** The lines of each section that may name a protocol version, kept across edits. */
const perSection = new SectionCache((statements) => statements.filter(namesVersion));

/** Every line of the file that may name a protocol version, in file order. */
type VersionLines = () => Statement[];

/** Lines that take their minimum version from a global default keyword, among those
 * naming a version (a line naming none has no ssl-max-ver). */
function linesUsingGlobal(lines: VersionLines, keyword: string): Statement[] {
  const binds = keyword === 'ssl-default-bind-options';
  return lines().filter((s) =>
    binds ? statementIs(s, 'bind') : ['server', 'default-server', 'server-template'].some((k) => statementIs(s, k)),
  );
}

/**
 * Raising the minimum to TLS 1.2 is only safe when no ssl-max-ver below TLS 1.2 would
 * then sit above it: HAProxy refuses a line whose allowed range is empty.
 */
function canRaiseMinimum(lines: VersionLines, statement: Statement): boolean {
  if (weakMax(statement)) return false;
  const keyword = statement.words[0].text;
  if (GLOBAL_KEYWORDS.includes(keyword)) {
    return !linesUsingGlobal(lines, keyword).some((l) => weakMax(l) && !setsOwnMinimum(l));
  }
  return true;
}

function where(statement: Statement): string {
  const keyword = statement.words[0].text;
  if (GLOBAL_KEYWORDS.includes(keyword)) return `in ${keyword}`;
  if (keyword === 'bind') return `on bind ${statement.words[1]?.text ?? ''}`.trimEnd();
  if (keyword === 'default-server') return 'on default-server';
  return `on ${keyword} ${statement.words[1]?.text ?? ''}`.trimEnd();
}

export default defineRule({
  meta: {
    id: 'weak-tls-version',
    description: "TLS settings that allow protocol versions older than TLS 1.2.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    const src = config.source;
    const sections = config.sections;
    const found = perSection.all(config);
    let all: Statement[] | undefined;
    const lines: VersionLines = () => {
      if (!all) {
        // Statements outside any section come before the first one.
        all = config.orphans.filter(namesVersion);
        for (const list of found) for (const s of list) all.push(s);
        // A global default also reaches the lines of the other files HAProxy loads with this one.
        for (const other of context.others) {
          for (const s of other.orphans) if (namesVersion(s)) all.push(s);
          for (const list of perSection.all(other)) for (const s of list) all.push(s);
        }
      }
      return all;
    };
    const candidates: Statement[] = [];
    for (let i = 0; i < sections.length; i++) {
      if (sections[i].kind !== 'global') continue;
      for (const s of found[i]) if (GLOBAL_KEYWORDS.some((k) => statementIs(s, k))) candidates.push(s);
    }
    const lineKeywords = new Set(LINE_KEYWORDS);
    for (const s of config.orphans) if (lineKeywords.has(s.words[0].text) && namesVersion(s)) candidates.push(s);
    for (let i = 0; i < sections.length; i++) {
      if (sections[i].kind === 'global') continue;
      for (const s of found[i]) if (lineKeywords.has(s.words[0].text)) candidates.push(s);
    }

    for (const statement of candidates) {
      const onServer = !statementIs(statement, 'bind') && statement.words[0].text !== 'ssl-default-bind-options';

      for (const m of findOptions(statement, 'ssl-min-ver')) {
        const value = m.value;
        if (!value || !isWeak(value.text)) continue;
        const info = WEAK_VERSIONS.get(value.text)!;
        const fixes: Fix[] = [];
        if (canRaiseMinimum(lines, statement) && !weakForce(statement)) {
          fixes.push({
            title: 'Raise ssl-min-ver to TLSv1.2',
            edits: [{ range: value.range, newText: 'TLSv1.2' }],
            preferred: true,
          });
        }
        context.report({
          range: src.range(m.name.start, value.end),
          message:
            `ssl-min-ver ${value.text} ${where(statement)} still allows ${info.label}, a protocol version ` +
            `retired by ${info.retiredBy} because of known weaknesses. Require TLSv1.2 or later.`,
          fixes,
        });
      }

      for (const m of findOptions(statement, 'ssl-max-ver')) {
        const value = m.value;
        if (!value || !isWeak(value.text)) continue;
        const info = WEAK_VERSIONS.get(value.text)!;
        context.report({
          range: src.range(m.name.start, value.end),
          message:
            `ssl-max-ver ${value.text} ${where(statement)} caps the protocol at ${info.label}, so TLS 1.2 and 1.3 ` +
            `are never negotiated and only versions retired by ${info.retiredBy} remain. Remove the cap.`,
          fixes: [
            {
              title: `Remove ssl-max-ver ${value.text}`,
              edits: [{ range: wordsRemovalRange(config, statement, m.index, m.index + 1), newText: '' }],
              preferred: true,
            },
          ],
        });
      }

      for (const [option, version] of WEAK_FORCE) {
        for (const m of findOptions(statement, option)) {
          const info = WEAK_VERSIONS.get(version)!;
          context.report({
            range: m.name.range,
            message:
              `${option} ${where(statement)} pins every connection to ${info.label}, a protocol version ` +
              `retired by ${info.retiredBy}. Use ssl-min-ver TLSv1.2 instead` +
              (onServer ? ' once the server supports it.' : '.'),
            fixes: forceFixes(config, lines, statement, m, option, !onServer),
          });
        }
      }
    }
  },
});

function forceFixes(
  config: HaproxyConfig,
  lines: VersionLines,
  statement: Statement,
  m: OptionMatch,
  option: string,
  preferred: boolean,
): Fix[] {
  if (weakMax(statement)) return [];
  const otherPin = [...WEAK_FORCE.keys()].some(
    (f) => f !== option && findOptions(statement, f).length > 0,
  );
  if (findOptions(statement, 'ssl-min-ver').length > 0 || otherPin || findOptions(statement, option).length > 1) {
    // The line already limits its versions another way: dropping this pin is enough, and
    // adding a minimum next to another pin would leave no version at all.
    return [
      {
        title: `Remove ${option}`,
        edits: [{ range: wordsRemovalRange(config, statement, m.index, m.index), newText: '' }],
        preferred,
      },
    ];
  }
  if (!canRaiseMinimum(lines, statement)) return [];
  return [
    {
      title: `Replace ${option} with ssl-min-ver TLSv1.2`,
      edits: [{ range: m.name.range, newText: 'ssl-min-ver TLSv1.2' }],
      preferred,
    },
  ];
}
