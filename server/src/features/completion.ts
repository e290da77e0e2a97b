import type { Position, Range, Settings } from '../common/types';
import type { ParsedDocument } from '../service';
import type { SectionKind } from '../haproxy/ast';
import { SECTION_KEYWORDS, tokenizeLine } from '../haproxy/parser';
import {
  bindOptions,
  keywordsForSection,
  normaliseVersion,
  optionNames,
  sectionDoc,
  sampleInfo,
  serverOptions,
  timeoutKinds,
  type OptionInfo,
} from '../facts/haproxy';
import { allProperties, lookupProperty } from '../facts/bitbucket';
import { sectionAtLine } from './locate';
import { keywordMarkdown, optionMarkdown, sampleMarkdown, syntaxSnippet } from './keyword-docs';
import { actionsOf, firstArgumentChoices } from '../facts/arguments';

export type CompletionKind = 'section' | 'keyword' | 'option' | 'value' | 'property' | 'reference';

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert; a snippet when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  /** The range the completion replaces (the word being typed). */
  range: Range;
}

const ENUMS: Record<string, string[]> = {
  mode: ['http', 'tcp', 'log'],
  balance: ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie', 'hash'],
  'ssl-min-ver': ['TLSv1.2', 'TLSv1.3'],
  'ssl-max-ver': ['TLSv1.2', 'TLSv1.3'],
  log: ['global', 'stdout', 'stderr'],
};

export function complete(doc: ParsedDocument, position: Position, settings: Settings): Completion[] {
  return doc.haproxy ? completeHaproxy(doc, position, settings) : completeProperties(doc, position);
}

function completeHaproxy(doc: ParsedDocument, position: Position, settings: Settings): Completion[] {
  const config = doc.haproxy!;
  const src = doc.source;
  const lineText = src.lineText(position.line);
  const before = lineText.slice(0, position.character);
  // Re-tokenise the text before the cursor: the tree may not hold the half-typed line yet.
  const words = tokenizeLine(src, position.line, []).words.filter((w) => w.range.start.character < position.character);
  const typingNewWord = before.length === 0 || /\s$/.test(before);
  const current = typingNewWord ? undefined : words[words.length - 1];
  const done = (typingNewWord ? words : words.slice(0, -1)).map((w) => w.text);
  const range: Range = current
    ? { start: current.range.start, end: { line: position.line, character: position.character } }
    : { start: position, end: position };
  if (before.includes('#')) {
    const hash = lineText.indexOf('#');
    if (hash >= 0 && hash < position.character && !/["']/.test(lineText.slice(0, hash))) return [];
  }
  const version = normaliseVersion(settings.haproxyVersion);
  const header = sectionAtLine(config, position.line);
  // A line that is itself a section header counts as being in the previous section.
  const section: SectionKind | undefined =
    header && header.header.line === position.line ? sectionAtLine(config, position.line - 1)?.kind : header?.kind;

  if (done.length === 0) {
    const items: Completion[] = [];
    for (const name of SECTION_KEYWORDS.keys()) {
      const d = sectionDoc(name as SectionKind);
      items.push({ label: name, kind: 'section', detail: 'section', documentation: d.summary, range });
    }
    if (section) {
      const seen = new Set<string>();
      for (const k of keywordsForSection(section, version)) {
        const first = k.name.split(' ')[0];
        if (seen.has(first) || SECTION_KEYWORDS.has(first)) continue;
        seen.add(first);
        const multi = k.name.includes(' ');
        const snippet = multi ? undefined : syntaxSnippet(k.syntax, k.name, k.name);
        items.push({
          label: first,
          kind: 'keyword',
          detail: multi ? `${first} …` : k.syntax,
          documentation: multi ? followUpDoc(section, first, version) : keywordMarkdown(k, version),
          ...(snippet ? { insertText: snippet, snippet: true } : {}),
          range,
        });
      }
    }
    return items;
  }
  const kw = done[0];
  if (done.length === 1 && section) {
    if (kw === 'option') {
      return optionNames(section, version).map((o) => subKeywordItem(section, 'option', o, version, range));
    }
    if (kw === 'timeout') {
      return timeoutKinds(section, version).map((t) => subKeywordItem(section, 'timeout', t, version, range));
    }
    if (kw === 'http-request' || kw === 'http-response' || kw === 'http-after-response') {
      return actionsOf(kw).map((a) => {
        const info = sampleInfo('action', a.name);
        return { label: a.name, kind: 'option' as const, detail: `${kw} action`, ...(info ? { documentation: sampleMarkdown(info) } : {}), range };
      });
    }
    if (kw === 'use_backend' || kw === 'default_backend') {
      return config.sections
        .filter((s) => (s.kind === 'backend' || s.kind === 'listen') && s.name)
        .map((s) => ({ label: s.name!.text, kind: 'reference' as const, detail: `${s.kind} at line ${s.header.line + 1}`, range }));
    }
    const choices = firstArgumentChoices(kw, version) ?? ENUMS[kw];
    if (choices) return choices.map((v) => ({ label: v, kind: 'value' as const, detail: `${kw} ${v}`, range }));
  }
  if (done.length === 2 && kw === 'no' && done[1] === 'option' && section) {
    return optionNames(section, version).map((o) => ({ label: o, kind: 'option', detail: `no option ${o}`, range }));
  }
  const previous = done[done.length - 1];
  if (ENUMS[previous] && done.length > 1) {
    return ENUMS[previous].map((v) => ({ label: v, kind: 'value' as const, detail: `${previous} ${v}`, range }));
  }
  if (kw === 'bind' && done.length >= 2) {
    return bindOptions(version).map((o) => optionItem(o, 'bind', version, range));
  }
  if ((kw === 'server' && done.length >= 3) || (kw === 'default-server' && done.length >= 1)) {
    return serverOptions(version).map((o) => optionItem(o, 'server', version, range));
  }
  return [];
}

/** An item for the word after 'option' or 'timeout', with the keyword's documentation and argument snippet. */
function subKeywordItem(section: SectionKind, prefix: string, word: string, version: string | undefined, range: Range): Completion {
  const name = `${prefix} ${word}`;
  const info = keywordsForSection(section, version).find((k) => k.name === name);
  const snippet = info ? syntaxSnippet(info.syntax, name, word) : undefined;
  return {
    label: word,
    kind: 'option',
    detail: name,
    ...(info ? { documentation: keywordMarkdown(info, version) } : {}),
    ...(snippet ? { insertText: snippet, snippet: true } : {}),
    range,
  };
}

/** An item for a bind or server option: documentation, and a placeholder for its value. */
function optionItem(option: OptionInfo, line: 'bind' | 'server', version: string | undefined, range: Range): Completion {
  return {
    label: option.name,
    kind: 'option',
    detail: `${line} option`,
    documentation: optionMarkdown(option, line, version),
    ...(option.takesArgument ? { insertText: `${option.name} \${1:value}`, snippet: true } : {}),
    range,
  };
}

/** What can follow the first word of multi-word keywords ('timeout' -> client, connect, ...). */
function followUpDoc(section: SectionKind, first: string, version: string | undefined): string {
  const next = [...new Set(keywordsForSection(section, version).filter((k) => k.name.startsWith(`${first} `)).map((k) => k.name.split(' ')[1]))].sort();
  return `**${first}** is followed by one of: ${next.map((w) => `\`${w}\``).join(', ')}.`;
}

function completeProperties(doc: ParsedDocument, position: Position): Completion[] {
  const src = doc.source;
  const lineText = src.lineText(position.line);
  const before = lineText.slice(0, position.character);
  if (/^\s*[#!]/.test(lineText)) return [];
  const sep = /^(\s*)((?:\\.|[^=:\s\\])*)(\s*[=:]\s*|\s+)?(.*)$/.exec(before);
  if (!sep) return [];
  const keyStart = sep[1].length;
  const key = sep[2];
  if (sep[3] === undefined) {
    // Completing a key.
    const range: Range = { start: { line: position.line, character: keyStart }, end: position };
    return allProperties().map((p) => {
      const indexed = p.key.includes('<n>');
      const label = indexed ? p.key.replace('<n>', '1') : p.key;
      return {
        label,
        kind: 'property' as const,
        detail: [p.type, p.default ? `default ${p.default}` : '', p.unit ?? ''].filter(Boolean).join(', '),
        documentation: p.description,
        insertText: indexed ? `${p.key.replace('<n>', '${1:1}')}=` : `${label}=`,
        snippet: indexed,
        range,
      };
    });
  }
  const info = lookupProperty(key);
  if (!info) return [];
  const valueStartChar = keyStart + key.length + sep[3].length;
  const range: Range = { start: { line: position.line, character: valueStartChar }, end: position };
  const values = info.type === 'boolean' ? ['true', 'false'] : info.allowed && info.type === 'enum' ? info.allowed : [];
  return values.map((v) => ({
    label: v,
    kind: 'value' as const,
    detail: info.default === v ? 'default' : undefined,
    range,
  }));
}
