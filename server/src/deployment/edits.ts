/**
 * Edits that cross-file fixes make: setting a bitbucket.properties key, setting a
 * server.xml attribute, replacing a word of haproxy.cfg. Every edit carries the URI of
 * the document it belongs to; the service drops it again for edits in the finding's own
 * document.
 */
import type { TextEdit } from '../common/types';
import { entryLineSpan, escapeValue, lineBreakNear, replaceValue } from '../properties/values';
import { encodeXmlAttribute } from '../serverxml/parser';
import { attribute, type ServerXml, type XmlElement } from '../serverxml/tree';
import { xmlSuppressions } from './suppressions';
import { IGNORE_MARKER } from '../common/meta';
import type { BitbucketMember, HaproxyMember, ServerXmlMember } from './model';

/** Sets `key=value` in bitbucket.properties: replaces the value of the entry in force, or
 * adds a line after the last `server.*` entry (else at the end of the file). */
export function setProperty(member: BitbucketMember, key: string, value: string): TextEdit {
  const { source, properties } = member;
  const existing = properties.byKey.get(key);
  if (existing) return { ...replaceValue(source, existing, escapeValue(value)), uri: member.uri };
  const line = `${key}=${escapeValue(value)}`;
  const anchor = [...properties.entries].reverse().find((e) => e.key.startsWith(key.slice(0, key.indexOf('.') + 1)));
  if (anchor) {
    const [, end] = entryLineSpan(source, anchor);
    const endsWithBreak = end > 0 && /[\r\n]/.test(source.text[end - 1]);
    const eol = lineBreakNear(source, anchor.lastLine);
    return { range: source.range(end, end), newText: endsWithBreak ? `${line}${eol}` : `${eol}${line}`, uri: member.uri };
  }
  const text = source.text;
  const end = text.length;
  const eol = source.eol;
  const needsBreak = end > 0 && !/[\r\n]$/.test(text);
  // Like the file: a last line without a line break stays without one.
  return { range: source.range(end, end), newText: needsBreak ? `${eol}${line}` : `${line}${eol}`, uri: member.uri };
}

/** Sets an attribute of a server.xml element: replaces its value, or adds it after the
 * element's last attribute. */
export function setAttribute(member: ServerXmlMember, element: XmlElement, name: string, value: string): TextEdit {
  const { source } = member;
  const existing = attribute(element, name);
  if (existing && existing.valueStart !== undefined && existing.valueEnd !== undefined) {
    return { range: source.range(existing.valueStart, existing.valueEnd), newText: encodeXmlAttribute(value, existing.quote), uri: member.uri };
  }
  const last = element.attributes[element.attributes.length - 1];
  const at = last ? source.offsetAt(last.range.end) : source.offsetAt(element.nameRange.end);
  return { range: source.range(at, at), newText: ` ${name}="${encodeXmlAttribute(value)}"`, uri: member.uri };
}

/** Replaces document offsets [start, end) of a haproxy.cfg. */
export function replaceIn(member: HaproxyMember | BitbucketMember | ServerXmlMember, start: number, end: number, newText: string): TextEdit {
  return { range: member.source.range(start, end), newText, uri: member.uri };
}

/** Inserts `<!-- haproxy-bitbucket-lint ignore=<id> -->` above the start tag of the
 * server.xml element at `line` (a start tag may span several lines), or adds the id to
 * such a comment that is already there. */
export function xmlIgnoreCommentEdit(xml: ServerXml, line: number, ruleId: string): TextEdit {
  const src = xml.source;
  line = xmlSuppressions(xml).line(line);
  const previous = line > 0 ? src.lineText(line - 1) : undefined;
  const pattern = new RegExp(`^(\\s*<!--\\s*${IGNORE_MARKER}\\s+ignore\\s*=\\s*)([A-Za-z0-9*,\\s-]*?)(\\s*-->\\s*)$`);
  const existing = previous !== undefined ? pattern.exec(previous) : null;
  if (existing && previous !== undefined) {
    const ids = existing[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.includes(ruleId)) ids.push(ruleId);
    return { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous.length } }, newText: `${existing[1]}${ids.join(',')}${existing[3]}` };
  }
  const indent = /^[ \t]*/.exec(src.lineText(line))![0];
  const eol = src.lineBreak(line) || src.eol;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}<!-- ${IGNORE_MARKER} ignore=${ruleId} -->${eol}` };
}

/** Joins insertions at the same place into one edit, so that the order of the lines is kept. */
export function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find(
      (o) =>
        o.uri === e.uri &&
        o.range.start.line === e.range.start.line &&
        o.range.start.character === e.range.start.character &&
        o.range.end.line === e.range.end.line &&
        o.range.end.character === e.range.end.character &&
        o.range.start.line === o.range.end.line &&
        o.range.start.character === o.range.end.character,
    );
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
