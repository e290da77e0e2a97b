/**
 * Reads Tomcat's `server.xml` (Bitbucket Server 4.x and older keep their HTTP connector
 * and context path there) with `@xml-tools/parser`, an error-tolerant XML parser that
 * keeps token offsets, and turns its syntax tree into our own tree (tree.ts).
 *
 * Never throws: a broken file gives the elements that could be read plus a list of errors.
 */
import type * as XmlParser from '@xml-tools/parser';
import type * as XmlAst from '@xml-tools/ast';
import { SourceText } from '../common/source';
import type { ServerXml, XmlAttribute, XmlComment, XmlElement, XmlError } from './tree';

/** The parts of the library's tree we read (its own declarations are not exported). */
interface LibToken {
  image: string;
  startOffset: number;
  endOffset: number;
}
interface LibPosition {
  startOffset: number;
  endOffset: number;
}
interface LibAttribute {
  key: string | null;
  value: string | null;
  position: LibPosition;
  syntax: { key?: LibToken; value?: LibToken };
}
interface LibElement {
  name: string | null;
  attributes: LibAttribute[];
  subElements: LibElement[];
  position: LibPosition;
  syntax: { openName?: LibToken };
}

interface XmlLibrary {
  parse: typeof XmlParser.parse;
  buildAst: typeof XmlAst.buildAst;
}

let library: XmlLibrary | undefined;

/** The XML library, loaded on the first server.xml rather than at start: loading it builds
 * its grammar (some 30 ms), and most runs of the CLI and the server never read a server.xml. */
function xmlLibrary(): XmlLibrary {
  if (!library) {
    const { parse } = require('@xml-tools/parser') as typeof XmlParser;
    const { buildAst } = require('@xml-tools/ast') as typeof XmlAst;
    library = { parse, buildAst };
  }
  return library;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references of an attribute value.
 * Unknown references are kept as written. */
export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** Writes text for use inside an attribute value quoted with `quote`. */
export function encodeXmlAttribute(value: string, quote: '"' | "'" = '"'): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  out = quote === '"' ? out.replace(/"/g, '&quot;') : out.replace(/'/g, '&apos;');
  return out;
}

const TOKEN_WORDS: Record<string, string> = {
  STRING: 'a quoted value',
  EQUALS: "'='",
  Name: 'a name',
  CLOSE: "'>'",
  SLASH_CLOSE: "'/>'",
  SLASH_OPEN: "a closing tag '</...>'",
  OPEN: "'<'",
};

function describeExpected(message: string): string {
  const m = /Expecting token of type --> (\w+) <--/.exec(message);
  if (m) return `expected ${TOKEN_WORDS[m[1]] ?? m[1]}`;
  return 'unexpected text';
}

export function parseServerXml(text: string): ServerXml {
  const source = new SourceText(text);
  const result: ServerXml = { source, elements: [], comments: [], errors: [] };
  const error = (message: string, start: number, end: number) => {
    const s = Math.max(0, Math.min(start, text.length));
    const e = Math.max(s, Math.min(end, text.length));
    result.errors.push({ message, range: source.range(s, e), severity: 'error' } satisfies XmlError);
  };
  try {
    const { parse, buildAst } = xmlLibrary();
    const { cst, tokenVector, lexErrors, parseErrors } = parse(text);
    for (const e of lexErrors) {
      const ch = text.charAt(e.offset);
      error(`Unexpected character '${ch}' in the XML markup.`, e.offset, e.offset + Math.max(1, e.length));
    }
    for (const e of parseErrors) {
      const token = e.token as LibToken | undefined;
      const atEnd = !token || !Number.isFinite(token.startOffset);
      if (atEnd) error(`The file ends too early: ${describeExpected(e.message)}.`, text.length, text.length);
      else error(`Malformed XML here: ${describeExpected(e.message)}, found '${token.image}'.`, token.startOffset, token.endOffset + 1);
    }
    for (const t of tokenVector as unknown as (LibToken & { tokenType: { name: string } })[]) {
      if (t.tokenType.name !== 'Comment') continue;
      const start = t.startOffset;
      const end = t.endOffset + 1;
      const line = source.lineOf(start);
      const before = text.slice(source.lineStarts[line], start);
      result.comments.push({
        text: t.image.replace(/^<!--/, '').replace(/-->$/, ''),
        start,
        end,
        range: source.range(start, end),
        line,
        lastLine: source.lineOf(Math.max(start, end - 1)),
        ownLine: before.trim() === '',
      } satisfies XmlComment);
    }
    const doc = buildAst(cst as never, tokenVector as never) as unknown as { rootElement: LibElement | null };
    if (doc.rootElement) {
      result.root = convert(doc.rootElement, undefined, source, result.elements);
    }
  } catch (e) {
    error(`The XML could not be read: ${e instanceof Error ? e.message : String(e)}.`, 0, 0);
  }
  result.elements.sort((a, b) => a.start - b.start);
  return result;
}

function convert(lib: LibElement, parent: XmlElement | undefined, source: SourceText, all: XmlElement[]): XmlElement {
  const start = lib.position.startOffset;
  const end = Math.min(lib.position.endOffset + 1, source.text.length);
  const nameToken = lib.syntax.openName;
  const nameStart = nameToken ? nameToken.startOffset : start;
  const nameEnd = nameToken ? nameToken.endOffset + 1 : start;
  const rawName = lib.name ?? '';
  const element: XmlElement = {
    name: rawName.includes(':') ? rawName.slice(rawName.indexOf(':') + 1) : rawName,
    attributes: [],
    children: [],
    parent,
    start,
    end,
    range: source.range(start, end),
    nameRange: source.range(nameStart, nameEnd),
    line: source.lineOf(start),
  };
  all.push(element);
  for (const a of lib.attributes) {
    const key = a.syntax.key;
    if (!key || !a.key) continue;
    const attr: XmlAttribute = {
      name: a.key,
      nameStart: key.startOffset,
      nameEnd: key.endOffset + 1,
      nameRange: source.range(key.startOffset, key.endOffset + 1),
      range: source.range(key.startOffset, key.endOffset + 1),
    };
    const v = a.syntax.value;
    if (v && v.image.length >= 2 && (v.image[0] === '"' || v.image[0] === "'") && v.image[v.image.length - 1] === v.image[0]) {
      const valueStart = v.startOffset + 1;
      const valueEnd = v.endOffset;
      attr.raw = v.image.slice(1, -1);
      attr.value = decodeXmlText(attr.raw);
      attr.quote = v.image[0] as '"' | "'";
      attr.valueStart = valueStart;
      attr.valueEnd = valueEnd;
      attr.valueRange = source.range(valueStart, valueEnd);
      attr.range = source.range(key.startOffset, v.endOffset + 1);
    }
    element.attributes.push(attr);
  }
  for (const child of lib.subElements) element.children.push(convert(child, element, source, all));
  return element;
}
