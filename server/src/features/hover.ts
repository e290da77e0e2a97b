import type { Position, Range, Settings } from '../common/types';
import type { ParsedDocument } from '../service';
import type { Deployment } from '../deployment/model';
import type { ServerXml } from '../serverxml/tree';
import { backendHover, serverXmlHover } from '../deployment/hover';
import { SECTION_KEYWORDS } from '../haproxy/parser';
import {
  bindOptions,
  lookupKeyword,
  manualUrl,
  normaliseVersion,
  sampleInfo,
  sectionDoc,
  serverOptions,
} from '../facts/haproxy';
import { lookupProperty, type PropertyInfo } from '../facts/bitbucket';
import { keywordMarkdown, optionMarkdown, sampleAtWord, sampleMarkdown } from './keyword-docs';
import { sectionAtLine, statementAtLine, wordIndexAt } from './locate';
import { describeNetwork, formatNetwork } from './networks';
import { describeDuration, humanDurationMicros, parseHaproxyTime, unitName, type TimeUnit } from '../haproxy/values';
import { timeSlots } from '../haproxy/times';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

/** `deployment`: the deployments the document belongs to, for the Bitbucket-backend hover. */
export function hover(
  doc: ParsedDocument,
  position: Position,
  settings: Settings,
  deployment?: { uri: string; deployments: Deployment[] },
): HoverResult | null {
  if (doc.haproxy) {
    const backend = deployment ? backendHover(deployment.deployments, deployment.uri, position) : null;
    return backend ?? hoverHaproxy(doc, position, settings);
  }
  return hoverProperties(doc, position);
}

/** Hover in a Tomcat server.xml: the Connector and Context attributes. */
export function hoverServerXml(xml: ServerXml, position: Position): HoverResult | null {
  return serverXmlHover(xml, position);
}

function hoverHaproxy(doc: ParsedDocument, position: Position, settings: Settings): HoverResult | null {
  const config = doc.haproxy!;
  const statement = statementAtLine(config, position.line);
  if (!statement) return null;
  const index = wordIndexAt(statement, position);
  if (index < 0) return null;
  const word = statement.words[index];
  const version = normaliseVersion(settings.haproxyVersion);
  const texts = statement.words.map((w) => w.text);

  if (index === 0 && SECTION_KEYWORDS.has(word.text) && statement.section?.header === statement) {
    const d = sectionDoc(statement.section.kind);
    return {
      contents: [`**${word.text}** section`, '', '```haproxy', d.syntax, '```', '', d.summary, '', `[HAProxy manual](${manualUrl(version, word.text)})`].join('\n'),
      range: word.range,
    };
  }
  const match = lookupKeyword(texts);
  if (match && index < match.wordCount) {
    const first = statement.words[0];
    const last = statement.words[match.wordCount - 1];
    return {
      contents: keywordMarkdown(match.info, version),
      range: { start: first.range.start, end: last.range.end },
    };
  }
  // The action after http-request and friends, and fetches, converters and ACL keywords in expressions.
  const action = match && index === match.wordCount ? sampleInfo('action', word.text.replace(/\(.*$/, '').replace(/^track-sc\d$/, 'track-sc')) : undefined;
  if (action && /^(http|tcp)-(request|response)|^http-after-response/.test(match!.info.name)) {
    return { contents: sampleMarkdown(action), range: word.range };
  }
  const sample = sampleAtWord(texts[0], index, word.text, Math.max(0, doc.source.offsetAt(position) - word.start));
  if (sample) return { contents: sampleMarkdown(sample), range: word.range };
  const slot = timeSlots(statement).find((s) => s.word === word && !s.inner);
  if (slot) {
    const { time, issue } = parseHaproxyTime(word.text, slot.base);
    if (time && (!issue || issue.kind === 'trailing')) {
      const unit = time.unit ? '' : ` (no unit: ${unitName(slot.base)})`;
      return { contents: `**${word.text}** = ${describeDuration(time.micros)}${unit}`, range: word.range };
    }
  }
  // bind/server options
  const kw = texts[0];
  const section = statement.section ?? sectionAtLine(config, position.line);
  if ((kw === 'bind' || kw === 'server' || kw === 'default-server') && index >= 1) {
    const options = kw === 'bind' ? bindOptions(version) : serverOptions(version);
    const option = options.find((o) => o.name === word.text);
    if (option && !(index === 1 && kw !== 'default-server') && !(kw === 'server' && index === 2)) {
      return { contents: optionMarkdown(option, kw === 'bind' ? 'bind' : 'server', version), range: word.range };
    }
  }
  const network = describeNetwork(word.text);
  if (network && /[./:*]/.test(word.text) && section) {
    return { contents: `**${word.text}**: ${formatNetwork(network)}`, range: word.range };
  }
  return null;
}

function propertyMarkdown(key: string, info: PropertyInfo): string {
  const lines = [`**${key}**`, '', info.description];
  const facts: string[] = [`Type: ${info.type}`];
  if (info.default) facts.push(`Default: ${info.default}`);
  if (info.unit) facts.push(`Unit: ${info.unit}${info.unitNote ? ` (${info.unitNote})` : ''}`);
  if (info.allowed?.length) facts.push(`Allowed: ${info.allowed.join(', ')}`);
  if (info.since) facts.push(`Versions: ${info.since}`);
  if (info.deprecated) facts.push(`Replaced by ${info.deprecated.replacement}: the key ${info.deprecated.reason}`);
  lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  return lines.join('\n');
}

const UNIT_WORDS: Record<string, TimeUnit> = { seconds: 's', minutes: 'm', hours: 'h', milliseconds: 'ms', days: 'd' };

function hoverProperties(doc: ParsedDocument, position: Position): HoverResult | null {
  const props = doc.properties!;
  const offset = doc.source.offsetAt(position);
  const entry = props.entries.find((e) => e.keyStart <= offset && offset <= Math.max(e.valueEnd, e.keyEnd));
  if (!entry) return null;
  const info = lookupProperty(entry.key);
  if (offset <= entry.keyEnd) {
    if (!info) {
      return {
        contents: `**${entry.key}**\n\nNot in the catalogue of known Bitbucket properties (an add-on or custom key?).`,
        range: entry.keyRange,
      };
    }
    return { contents: propertyMarkdown(entry.key, info), range: entry.keyRange };
  }
  if (offset < entry.valueStart) return null;
  // Value hovers: durations in the key's unit and allowlist items.
  if (info?.type === 'duration') {
    const value = entry.value.trim();
    const defaultUnit = UNIT_WORDS[info.unit ?? ''] ?? 'ms';
    const micros = /^\d+(s|m|h|d)?$/.test(value) ? humanDurationMicros(value, defaultUnit) : undefined;
    if (micros !== undefined) {
      const note = /^\d+$/.test(value) && info.unit ? ` (no suffix: ${info.unit})` : '';
      return { contents: `**${value}** = ${describeDuration(micros)}${note}`, range: entry.valueRange };
    }
  }
  if (entry.key === 'websudo.allowlist.patterns' || entry.key === 'websudo.whitelist.patterns') {
    // Find the comma-separated item under the cursor.
    let itemStart = 0;
    const value = entry.value;
    for (let i = 0; i <= value.length; i++) {
      if (i === value.length || value[i] === ',') {
        const startOffset = entry.valueOffsets[itemStart];
        const endOffset = entry.valueOffsets[i];
        if (startOffset <= offset && offset <= endOffset) {
          const raw = value.slice(itemStart, i);
          const item = raw.trim();
          const lead = raw.length - raw.trimStart().length;
          const net = describeNetwork(item);
          if (!net) return null;
          const s = entry.valueOffsets[itemStart + lead];
          const e = entry.valueOffsets[itemStart + lead + item.length];
          return { contents: `**${item}**: ${formatNetwork(net)}`, range: doc.source.range(s, e) };
        }
        itemStart = i + 1;
      }
    }
  }
  return null;
}
