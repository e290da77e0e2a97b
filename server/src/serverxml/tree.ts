/**
 * The tree of a Tomcat `server.xml` as the rest of the language core sees it: elements
 * with their attributes and comments, every part with its exact source range. The XML
 * library's own types stay inside parser.ts.
 */
import type { Range } from '../common/types';
import type { SourceText } from '../common/source';

export interface XmlAttribute {
  /** The attribute name as written (`proxyPort`). */
  name: string;
  nameStart: number;
  nameEnd: number;
  nameRange: Range;
  /** The value with entity and character references decoded; undefined when the
   * attribute has no (readable) value, e.g. `secure=` at the end of a broken file. */
  value?: string;
  /** The value as written between the quotes. */
  raw?: string;
  /** Offsets of the text between the quotes (empty range for `path=""`). */
  valueStart?: number;
  valueEnd?: number;
  valueRange?: Range;
  /** The quote character used. */
  quote?: '"' | "'";
  /** From the start of the name to the end of the closing quote. */
  range: Range;
}

export interface XmlElement {
  /** The element name without namespace prefix; '' when the tag has no readable name. */
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  parent?: XmlElement;
  /** Offsets and range of the whole element (start tag to end tag). */
  start: number;
  end: number;
  range: Range;
  /** Range of the name in the start tag. */
  nameRange: Range;
  /** 0-based line of the start tag. */
  line: number;
}

export interface XmlComment {
  /** The text between `<!--` and `-->`. */
  text: string;
  start: number;
  end: number;
  range: Range;
  /** Lines of the first and last character. */
  line: number;
  lastLine: number;
  /** Nothing but whitespace precedes the comment on its first line. */
  ownLine: boolean;
}

export interface XmlError {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

export interface ServerXml {
  source: SourceText;
  /** The document element (`<Server>`), when there is one. */
  root?: XmlElement;
  /** Every element in document order. */
  elements: XmlElement[];
  comments: XmlComment[];
  errors: XmlError[];
}

/** The last attribute called `name` (XML forbids repeats; a broken file may have them). */
export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  for (let i = element.attributes.length - 1; i >= 0; i--) {
    if (element.attributes[i].name === name) return element.attributes[i];
  }
  return undefined;
}

/** Elements called `name` whose parent chain, nearest first, has the names in `parents`. */
export function elementsAt(xml: ServerXml, name: string, ...parents: string[]): XmlElement[] {
  return xml.elements.filter((e) => {
    if (e.name !== name) return false;
    let p = e.parent;
    for (const wanted of parents) {
      if (!p || p.name !== wanted) return false;
      p = p.parent;
    }
    return true;
  });
}

/** The innermost element whose start tag contains `offset`, and the attribute there, if any. */
export function attributeAt(xml: ServerXml, offset: number): { element: XmlElement; attribute: XmlAttribute } | undefined {
  for (let i = xml.elements.length - 1; i >= 0; i--) {
    const e = xml.elements[i];
    for (const a of e.attributes) {
      const end = a.valueEnd !== undefined ? a.valueEnd + 1 : a.nameEnd;
      if (a.nameStart <= offset && offset <= end) return { element: e, attribute: a };
    }
  }
  return undefined;
}
