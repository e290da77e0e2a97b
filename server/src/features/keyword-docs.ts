/**
 * Markdown documentation for HAProxy keywords and line options, shared by hover and
 * completion, and argument snippets made from a keyword's syntax line.
 */
import type { SectionKind } from '../haproxy/ast';
import { SUPPORTED_VERSIONS, manualUrl, sampleInfo, type KeywordInfo, type Lifecycle, type OptionInfo, type SampleInfo, type SampleKind } from '../facts/haproxy';

const PROXIES = new Set<SectionKind>(['defaults', 'frontend', 'backend', 'listen']);
const LATEST = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];

function versionLabel(v: string): string {
  return v === '3.5-dev' ? '3.5-dev (latest)' : v;
}

/** 'HAProxy 2.6 to 3.5-dev (latest); new in 2.6' and the like. */
export function versionSummary(versions: readonly string[]): string {
  if (versions.length === 0) return '';
  const first = versions[0];
  const last = versions[versions.length - 1];
  const contiguous = SUPPORTED_VERSIONS.slice(SUPPORTED_VERSIONS.indexOf(first), SUPPORTED_VERSIONS.indexOf(last) + 1).length === versions.length;
  const span = versions.length === 1 ? `HAProxy ${versionLabel(first)}` : contiguous ? `HAProxy ${first} to ${versionLabel(last)}` : `HAProxy ${versions.join(', ')}`;
  const notes: string[] = [];
  if (first !== SUPPORTED_VERSIONS[0]) notes.push(`new in ${first}`);
  if (last !== LATEST) notes.push(`not in versions after ${last}`);
  return notes.length ? `${span} (${notes.join('; ')})` : span;
}

function lifecycleLine(lifecycle: Lifecycle | undefined, deprecatedFlag: boolean): string | undefined {
  if (!lifecycle) return deprecatedFlag ? 'Deprecated: the manual marks it for removal.' : undefined;
  const parts: string[] = [];
  if (lifecycle.deprecatedSince) parts.push(`deprecated since ${lifecycle.deprecatedSince}`);
  if (lifecycle.removedIn) parts.push(`removed in ${lifecycle.removedIn}`);
  const head = parts.length ? parts.join(', ') : deprecatedFlag ? 'deprecated' : 'changes in newer versions';
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}: ${lifecycle.use}.`;
}

function modesLine(info: KeywordInfo): string | undefined {
  if (!info.sections.some((s) => PROXIES.has(s))) return undefined;
  return info.modes?.length === 1 && info.modes[0] === 'http' ? 'HTTP only (mode http)' : 'TCP and HTTP';
}

function manualLink(version: string | undefined, keyword: string, section?: SectionKind | 'bind' | 'server'): string {
  const label = version ? `HAProxy ${version} manual` : 'HAProxy manual';
  return `[${label}](${manualUrl(version, keyword, section)})`;
}

/** Hover and completion documentation of a keyword, for the target version (undefined: any). */
export function keywordMarkdown(info: KeywordInfo, version: string | undefined): string {
  const lines: string[] = [`**${info.name}**`];
  if (info.syntax) lines.push('', '```haproxy', info.syntax, '```');
  if (info.summary) lines.push('', info.summary);
  const facts: string[] = [];
  if (info.sections.length) facts.push(`Allowed in: ${info.sections.join(', ')}`);
  const modes = modesLine(info);
  if (modes) facts.push(`Proxy modes: ${modes}`);
  if (info.defaultValue) facts.push(`Default: ${info.defaultValue}`);
  if (info.versions.length) facts.push(`Versions: ${versionSummary(info.versions)}`);
  if (version && info.versions.length && !info.versions.includes(version)) facts.push(`Not available in HAProxy ${version}`);
  const life = lifecycleLine(info.lifecycle, info.deprecated === true);
  if (life) facts.push(life);
  if (facts.length) lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  lines.push('', manualLink(version, info.name));
  return lines.join('\n');
}

/** Hover and completion documentation of a bind or server option. */
export function optionMarkdown(option: OptionInfo, line: 'bind' | 'server', version: string | undefined): string {
  const lines = [`**${option.name}** (${line} option)`];
  if (option.takesArgument !== undefined) {
    lines.push('', '```haproxy', option.takesArgument ? `${option.name} <value>` : option.name, '```');
  }
  if (option.summary) lines.push('', option.summary);
  const facts: string[] = [];
  if (option.versions.length) facts.push(`Versions: ${versionSummary(option.versions)}`);
  const life = lifecycleLine(option.lifecycle, false);
  if (life) facts.push(life);
  if (facts.length) lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  lines.push('', manualLink(version, option.name, line));
  return lines.join('\n');
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** Removes the optional parts `[...]` of a syntax line, nested ones included. */
function dropOptional(text: string): string {
  let out = '';
  let depth = 0;
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * A snippet that inserts `words` and the required arguments of the syntax line as
 * placeholders: `timeout client <timeout>` with words 'client' gives `client ${1:timeout}`.
 * `<a|b>` becomes a choice. Undefined when the syntax has no required argument.
 */
export function syntaxSnippet(syntax: string | undefined, keyword: string, words: string): string | undefined {
  if (!syntax) return undefined;
  const line = syntax.split('\n')[0].replace(/^\[no\]\s+/, '');
  if (!line.startsWith(keyword)) return undefined;
  const rest = dropOptional(line.slice(keyword.length));
  if (!rest.includes('<')) return undefined;
  let n = 0;
  const body = rest.replace(/<([^<>]+)>|([^<]+)/g, (_, name: string | undefined, literal: string | undefined) => {
    if (literal !== undefined) return escapeSnippet(literal);
    n++;
    const choices = name!.split('|');
    if (choices.length > 1 && choices.every((c) => /^[\w.-]+$/.test(c))) return `\${${n}|${choices.join(',')}|}`;
    return `\${${n}:${escapeSnippet(name!)}}`;
  });
  return `${escapeSnippet(words)} ${body.trim()}`;
}

const SAMPLE_TITLES: Record<SampleKind, string> = {
  action: 'action',
  acl: 'ACL keyword',
  fetch: 'sample fetch',
  converter: 'converter',
  filter: 'filter',
  service: 'service',
};

/** Hover documentation of an action, ACL keyword, fetch, converter, filter or service. */
export function sampleMarkdown(info: SampleInfo): string {
  const lines = [`**${info.name}** (${SAMPLE_TITLES[info.kind]})`];
  if (info.kind === 'fetch' || info.kind === 'converter') {
    const signature = `${info.name}${info.args ? `(${info.args})` : ''}`;
    lines.push('', '```haproxy', info.kind === 'converter' ? `<${info.input}>,${signature} -> <${info.output}>` : `${signature} -> <${info.output}>`, '```');
  }
  lines.push('', info.summary);
  const facts: string[] = [];
  if (info.fetch) facts.push(`Stands for: ${info.fetch} -m ${info.match}`);
  if (info.ruleSets?.length) facts.push(`Accepted by: ${info.ruleSets.join(', ')}`);
  if (info.usableIn?.length) facts.push(`Usable in: ${info.usableIn.join('; ')}`);
  if (facts.length) lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  lines.push('', '_Names as registered by HAProxy 2.6._');
  return lines.join('\n');
}

/** Statements whose arguments are names and addresses rather than expressions. */
const NOT_EXPRESSIONS = new Set([
  'bind', 'server', 'default-server', 'server-template', 'peer', 'nameserver', 'mailer', 'user', 'group', 'errorfile',
  'errorfiles', 'errorloc', 'errorloc302', 'errorloc303', 'default_backend', 'description', 'dispatch', 'source',
]);

/**
 * The fetch, converter or ACL keyword under the cursor inside an expression word
 * (`req.hdr(host),lower`, `%[src]`, `{ path_beg /x }`); `offset` is the cursor position
 * inside the word's text. Undefined when the word is not part of an expression.
 */
export function sampleAtWord(keyword: string, wordIndex: number, text: string, offset: number): SampleInfo | undefined {
  if (wordIndex === 0 || NOT_EXPRESSIONS.has(keyword)) return undefined;
  // The token under the cursor, cut at the characters that separate fetches and converters.
  const separators = /[,()[\]{}%:\s"']/;
  let start = Math.min(offset, text.length);
  while (start > 0 && !separators.test(text[start - 1])) start--;
  let end = Math.min(offset, text.length);
  while (end < text.length && !separators.test(text[end])) end++;
  const token = text.slice(start, end);
  if (!token) return undefined;
  const before = start > 0 ? text[start - 1] : '';
  if (before === ',') return sampleInfo('converter', token) ?? undefined;
  return sampleInfo('fetch', token) ?? sampleInfo('acl', token) ?? undefined;
}
