/**
 * What a Tomcat server.xml says about Bitbucket: its HTTP connectors (port, proxy
 * settings, scheme) and its web application context (path), plus our notes on the
 * attributes (attributes.json) for hover and for the bitbucket.properties keys that
 * replaced them in Bitbucket 5.0.
 */
import attributeDocs from './attributes.json';
import { attribute, elementsAt, type ServerXml, type XmlAttribute, type XmlElement } from './tree';

export interface AttributeDoc {
  summary: string;
  /** The bitbucket.properties key that replaced the attribute in Bitbucket 5.0. */
  property?: string;
}

const DOCS = attributeDocs as Record<string, Record<string, AttributeDoc>>;

/** Our note on `element`'s attribute `name` (`Connector`/`proxyPort`), if we have one. */
export function attributeDoc(element: string, name: string): AttributeDoc | undefined {
  return Object.prototype.hasOwnProperty.call(DOCS[element] ?? {}, name) ? DOCS[element][name] : undefined;
}

/** Every attribute of `element` that has a bitbucket.properties replacement. */
export function replacedAttributes(element: string): [string, AttributeDoc][] {
  return Object.entries(DOCS[element] ?? {}).filter(([, d]) => d.property);
}

/** `<Connector>` elements inside `<Service>` (commented-out ones are comments, not elements). */
export function connectors(xml: ServerXml): XmlElement[] {
  return elementsAt(xml, 'Connector', 'Service');
}

/** True for a connector that speaks HTTP (no protocol, HTTP/1.1 or an http11 class), not AJP. */
export function isHttpConnector(connector: XmlElement): boolean {
  const protocol = attribute(connector, 'protocol')?.value?.trim();
  if (!protocol) return true;
  if (/ajp/i.test(protocol)) return false;
  return protocol === 'HTTP/1.1' || /http11|Http11/.test(protocol);
}

export function httpConnectors(xml: ServerXml): XmlElement[] {
  return connectors(xml).filter(isHttpConnector);
}

/** `<Context>` elements inside `<Host>`: the web applications Tomcat serves. */
export function contexts(xml: ServerXml): XmlElement[] {
  return elementsAt(xml, 'Context', 'Host');
}

/** The `path` attribute of the first context that has one: Bitbucket's context path. */
export function contextPathAttribute(xml: ServerXml): { context: XmlElement; path: XmlAttribute } | undefined {
  for (const context of contexts(xml)) {
    const path = attribute(context, 'path');
    if (path && path.value !== undefined) return { context, path };
  }
  return undefined;
}
