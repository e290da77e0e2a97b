/**
 * The Bitbucket side of a deployment: the settings that must agree with HAProxy (context
 * path, HTTP port, proxy name and port, scheme, secure flag, base URL, websudo allowlist)
 * and where each one is written. Bitbucket 5.0 and later read them from
 * bitbucket.properties (`server.*`); 4.x and older from the HTTP `<Connector>` and the
 * `<Context>` of Tomcat's server.xml.
 */
import type { Range } from '../common/types';
import type { PropertyEntry } from '../properties/ast';
import { baseUrlPath, hasPlaceholder, normaliseContextPath } from '../properties/values';
import { attribute, type XmlAttribute, type XmlElement } from '../serverxml/tree';
import { contextPathAttribute, httpConnectors } from '../serverxml/tomcat';
import type { BitbucketMember, Deployment, ServerXmlMember } from './model';

/** Bitbucket's HTTP port when nothing sets it. */
export const DEFAULT_HTTP_PORT = 7990;

export const KEYS = {
  contextPath: 'server.context-path',
  port: 'server.port',
  proxyName: 'server.proxy-name',
  proxyPort: 'server.proxy-port',
  scheme: 'server.scheme',
  secure: 'server.secure',
  redirectPort: 'server.redirect-port',
  baseUrl: 'setup.baseUrl',
  websudo: 'feature.websudo',
  allowlist: 'websudo.allowlist.patterns',
} as const;

/** The server.xml attribute that plays the part of each `server.*` key in Bitbucket 4.x. */
export const CONNECTOR_ATTRIBUTES = {
  port: 'port',
  proxyName: 'proxyName',
  proxyPort: 'proxyPort',
  scheme: 'scheme',
  secure: 'secure',
  redirectPort: 'redirectPort',
} as const;

/** Where a setting is written. */
export type SettingLocation =
  | { kind: 'property'; member: BitbucketMember; entry: PropertyEntry; name: string; range: Range }
  | { kind: 'attribute'; member: ServerXmlMember; element: XmlElement; attribute: XmlAttribute; name: string; range: Range };

export interface AppSetting<T> {
  value: T;
  /** Undefined when the value is Bitbucket's default (nothing sets it). */
  at?: SettingLocation;
}

export interface BaseUrl {
  entry: PropertyEntry;
  member: BitbucketMember;
  scheme: 'http' | 'https';
  /** Lower-case host name. */
  host: string;
  port?: number;
  /** The path as a context path ('' for the root). */
  path: string;
}

export interface AppSide {
  /** Where Bitbucket reads its web server settings from. */
  origin: 'properties' | 'server-xml';
  /** For server.xml: the HTTP connector the settings come from. */
  connector?: XmlElement;
  /** Undefined when a placeholder or an unreadable value hides it. */
  contextPath?: AppSetting<string>;
  port?: AppSetting<number>;
  proxyName?: AppSetting<string>;
  proxyPort?: AppSetting<number>;
  scheme?: AppSetting<'http' | 'https'>;
  secure?: AppSetting<boolean>;
  baseUrl?: BaseUrl;
  /** websudo.allowlist.patterns when it is set and websudo is not turned off. */
  allowlist?: { entry: PropertyEntry; member: BitbucketMember };
}

/** A port number, or undefined when the text is not a plain port. */
export function readPort(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function readScheme(text: string): 'http' | 'https' | undefined {
  const t = text.trim().toLowerCase();
  return t === 'http' || t === 'https' ? t : undefined;
}

/** Spring's reading of a boolean: true/on/yes/1 and false/off/no/0, in any case. */
function readBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(t)) return true;
  if (['false', 'off', 'no', '0'].includes(t)) return false;
  return undefined;
}

/** The value people meant when they put quotes around it (quoted-value reports the quotes). */
function unquote(text: string): string {
  return text.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** True when bitbucket.properties configures the web server itself (Bitbucket 5.0 and later). */
export function propertiesConfigureServer(member: BitbucketMember | undefined): boolean {
  return !!member && member.properties.entries.some((e) => e.key.startsWith('server.'));
}

const cache = new WeakMap<Deployment, AppSide | null>();

/** The Bitbucket side of the deployment; undefined when it has neither a
 * bitbucket.properties nor a server.xml. */
export function appSide(deployment: Deployment): AppSide | undefined {
  const cached = cache.get(deployment);
  if (cached !== undefined) return cached ?? undefined;
  const side = computeAppSide(deployment);
  cache.set(deployment, side ?? null);
  return side;
}

function computeAppSide(deployment: Deployment): AppSide | undefined {
  const props = deployment.bitbucket;
  const xml = deployment.serverXml;
  if (!props && !xml) return undefined;
  const useXml = !!xml && !propertiesConfigureServer(props);
  const side: AppSide = { origin: useXml ? 'server-xml' : 'properties' };

  if (useXml && xml) {
    const connectors = httpConnectors(xml.xml);
    const connector = connectors.find((c) => attribute(c, 'proxyName') || attribute(c, 'proxyPort')) ?? connectors[0];
    side.connector = connector;
    const attr = <T>(name: string, read: (text: string) => T | undefined): AppSetting<T> | undefined | null => {
      const a = connector && attribute(connector, name);
      if (!a || a.value === undefined || !connector) return null;
      if (hasPlaceholder(a.value)) return undefined;
      const value = read(a.value);
      if (value === undefined) return undefined;
      return { value, at: { kind: 'attribute', member: xml, element: connector, attribute: a, name, range: a.valueRange ?? a.range } };
    };
    if (connector) {
      side.port = attr('port', readPort) ?? undefined;
      side.proxyName = attr('proxyName', (t) => (t.trim() === '' ? undefined : t.trim().toLowerCase())) ?? undefined;
      side.proxyPort = attr('proxyPort', readPort) ?? undefined;
      const scheme = attr('scheme', readScheme);
      side.scheme = scheme === null ? { value: 'http' } : scheme;
      const secure = attr('secure', readBoolean);
      side.secure = secure === null ? { value: false } : secure;
    }
    const ctx = contextPathAttribute(xml.xml);
    if (!ctx) side.contextPath = { value: '' };
    else {
      const normalised = normaliseContextPath(ctx.path.value ?? '');
      if (normalised !== undefined) {
        side.contextPath = {
          value: normalised,
          at: { kind: 'attribute', member: xml, element: ctx.context, attribute: ctx.path, name: 'path', range: ctx.path.valueRange ?? ctx.path.range },
        };
      }
    }
  } else if (props) {
    const prop = <T>(key: string, read: (text: string) => T | undefined): AppSetting<T> | undefined | null => {
      const entry = props.properties.byKey.get(key);
      if (!entry) return null;
      if (hasPlaceholder(entry.value)) return undefined;
      const value = read(unquote(entry.value));
      if (value === undefined) return undefined;
      return { value, at: { kind: 'property', member: props, entry, name: key, range: entry.value === '' ? entry.keyRange : entry.valueRange } };
    };
    const port = prop(KEYS.port, readPort);
    side.port = port === null ? { value: DEFAULT_HTTP_PORT } : port;
    side.proxyName = prop(KEYS.proxyName, (t) => (t.trim() === '' ? undefined : t.trim().toLowerCase())) ?? undefined;
    side.proxyPort = prop(KEYS.proxyPort, readPort) ?? undefined;
    const scheme = prop(KEYS.scheme, readScheme);
    side.scheme = scheme === null ? { value: 'http' } : scheme;
    const secure = prop(KEYS.secure, readBoolean);
    side.secure = secure === null ? { value: false } : secure;
    const ctx = prop(KEYS.contextPath, (t) => normaliseContextPath(t));
    side.contextPath = ctx === null ? { value: '' } : ctx;
  }

  if (props) {
    const entry = props.properties.byKey.get(KEYS.baseUrl);
    if (entry) side.baseUrl = readBaseUrl(props, entry);
    const allow = props.properties.byKey.get(KEYS.allowlist);
    const websudo = props.properties.byKey.get(KEYS.websudo);
    const websudoOff = !!websudo && websudo.value.trim().toLowerCase() === 'false';
    if (allow && allow.value.trim() !== '' && !websudoOff) side.allowlist = { entry: allow, member: props };
  }
  return side;
}

function readBaseUrl(member: BitbucketMember, entry: PropertyEntry): BaseUrl | undefined {
  const path = baseUrlPath(entry.value);
  if (!path) return undefined;
  let url: URL;
  try {
    url = new URL(entry.value.trim());
  } catch {
    return undefined;
  }
  return {
    entry,
    member,
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname.toLowerCase(),
    port: url.port ? Number(url.port) : undefined,
    path: path.path,
  };
}

/** How a setting is written, for messages: `server.proxy-port=8443` or `proxyPort="8443"`. */
export function describeSetting(s: AppSetting<unknown>, fallbackKey: string): string {
  if (!s.at) return `${fallbackKey} (not set, so ${String(s.value)})`;
  if (s.at.kind === 'property') return `${s.at.name}=${s.at.entry.value.trim()}`;
  return `${s.at.name}="${s.at.attribute.value ?? ''}"`;
}
