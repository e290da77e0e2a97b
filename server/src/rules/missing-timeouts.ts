import type { Fix, TextEdit } from '../common/types';
import type { HaproxyConfig, Section, Statement } from '../haproxy/ast';
import {
  appendToSection,
  defaultsFor,
  hasBackendCapability,
  hasFrontendCapability,
  inheritanceChain,
  inheritanceIsConditional,
  statementIs,
} from '../haproxy/query';
import { defineRule } from './rule';

type TimeoutName = 'connect' | 'client' | 'server' | 'tunnel';

/** Keywords HAProxy releases before 2.1 accepted for the same timeouts. */
const LEGACY: Partial<Record<TimeoutName, string>> = {
  connect: 'contimeout',
  client: 'clitimeout',
  server: 'srvtimeout',
};

/** What the quick fix adds for each missing timeout. */
const SUGGESTED: Record<'connect' | 'client' | 'server', string> = {
  connect: 'timeout connect 5s',
  client: 'timeout client 30s',
  server: 'timeout server 30s',
};

function setsTimeout(statement: Statement, name: TimeoutName): boolean {
  if (statementIs(statement, 'timeout', name)) return true;
  const legacy = LEGACY[name];
  return legacy !== undefined && statementIs(statement, legacy);
}

/** The value word of a timeout statement. */
function timeoutValue(statement: Statement) {
  return statement.words[0].text === 'timeout' ? statement.words[2] : statement.words[1];
}

/** A zero timeout means "no timeout" to HAProxy, which is what the warning is about. */
function isZero(statement: Statement): boolean {
  const value = timeoutValue(statement);
  if (!value || value.hasVariable) return false;
  return /^0+(us|ms|s|m|h|d)?$/.test(value.text);
}

/** The settings this rule reads, by index in a section summary. */
const CONNECT = 0;
const CLIENT = 1;
const SERVER = 2;
const TUNNEL = 3;
const MODE = 4;
/** `disabled` or `enabled`. */
const SWITCH = 5;
const TIMEOUT_INDEX: Record<TimeoutName, number> = { connect: CONNECT, client: CLIENT, server: SERVER, tunnel: TUNNEL };

/** Which setting a statement makes, or -1. */
function settingOf(statement: Statement): number {
  const words = statement.words;
  switch (words[0].text) {
    case 'timeout': {
      const name = words[1]?.text;
      return name === 'connect' ? CONNECT : name === 'client' ? CLIENT : name === 'server' ? SERVER : name === 'tunnel' ? TUNNEL : -1;
    }
    case 'contimeout':
      return CONNECT;
    case 'clitimeout':
      return CLIENT;
    case 'srvtimeout':
      return SERVER;
    case 'mode':
      return MODE;
    case 'disabled':
    case 'enabled':
      return SWITCH;
    default:
      return -1;
  }
}

/**
 * What one section sets, read in one walk. For each setting, its tail: its lines from the
 * last one up to the first one outside `.if` blocks, the lines effectiveStatements() would
 * take from this section. Kept while the section holds the same statement objects at the same `.if`
 * depths (an edit keeps the statements of the lines it did not touch).
 */
interface Summary {
  statements: Statement[];
  depths: number[];
  /** For each line of a tail, what the rule needs of it: for timeouts whether the value is
   * not zero, for mode the value (undefined when unknown), for the switch whether it is `disabled`. */
  facts: (boolean | string | undefined)[][];
  /** Whether the tail of a setting ends with a line outside `.if` blocks. */
  closed: boolean[];
  servers: boolean;
}
const summaries = new WeakMap<Section, Summary>();

/** The summaries already checked during one run of the rule: defaults sections are asked for
 * once per proxy that inherits from them. */
type Checked = Set<Section>;

function summaryOf(section: Section, checked: Checked): Summary {
  const list = section.statements;
  const known = summaries.get(section);
  if (known && checked.has(section)) return known;
  checked.add(section);
  if (known && known.statements.length === list.length) {
    let same = true;
    for (let i = 0; i < list.length && same; i++) same = known.statements[i] === list[i] && known.depths[i] === list[i].conditionalDepth;
    if (same) return known;
  }
  const summary: Summary = {
    statements: list.slice(),
    depths: list.map((s) => s.conditionalDepth),
    facts: [[], [], [], [], [], []],
    closed: [false, false, false, false, false, false],
    servers: false,
  };
  for (let i = list.length - 1; i >= 0; i--) {
    const st = list[i];
    const k = settingOf(st);
    if (k >= 0 && !summary.closed[k]) {
      summary.facts[k].push(k === MODE ? modeValue(st) : k === SWITCH ? statementIs(st, 'disabled') : !isZero(st));
      if (st.conditionalDepth === 0) summary.closed[k] = true;
    }
    if (!summary.servers && (statementIs(st, 'server') || statementIs(st, 'server-template'))) summary.servers = true;
  }
  summaries.set(section, summary);
  return summary;
}

function modeValue(statement: Statement): string | undefined {
  const value = statement.words[1];
  return value && !value.hasVariable ? value.text : undefined;
}

/** Calls `visit` with what the rule needs of each line in force for a setting, counting
 * inherited ones (the lines effectiveStatements() finds), until `visit` returns true. */
function visitInForce(
  config: HaproxyConfig,
  section: Section,
  setting: number,
  checked: Checked,
  visit: (fact: boolean | string | undefined) => boolean,
): boolean {
  for (const s of inheritanceChain(config, section)) {
    const summary = summaryOf(s, checked);
    for (const fact of summary.facts[setting]) if (visit(fact)) return true;
    if (summary.closed[setting]) return false;
  }
  return false;
}

const isTrue = (fact: boolean | string | undefined) => fact === true;

/** True when the proxy has a non-zero value for the timeout, counting inherited ones. A
 * conditional setting counts: it may be the one in force. */
function hasTimeout(config: HaproxyConfig, section: Section, name: TimeoutName, checked: Checked): boolean {
  return visitInForce(config, section, TIMEOUT_INDEX[name], checked, isTrue);
}

/** The proxy's mode (tcp when nothing sets one). When `.if` blocks leave a choice between
 * tcp and http, tcp is returned: its rules are the more lenient. */
function modeOf(config: HaproxyConfig, section: Section, checked: Checked): string | undefined {
  let found = false;
  let tcp = false;
  const other = visitInForce(config, section, MODE, checked, (value) => {
    found = true;
    if (value === 'tcp') tcp = true;
    return value !== 'tcp' && value !== 'http';
  });
  if (!found) return 'tcp';
  if (other) return undefined;
  return tcp ? 'tcp' : 'http';
}

/** True when the proxy is (or, under some `.if` condition, may be) disabled. */
function mayBeDisabled(config: HaproxyConfig, section: Section, checked: Checked): boolean {
  return visitInForce(config, section, SWITCH, checked, isTrue);
}

function hasServers(section: Section, checked: Checked): boolean {
  return summaryOf(section, checked).servers;
}

export default defineRule({
  meta: {
    id: 'missing-timeouts',
    description: "Proxies need timeout connect, client and server (HAProxy warns when they are missing).",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    const checked: Checked = new Set();
    for (const section of config.sections) {
      if (!section.name || !(hasFrontendCapability(section) || hasBackendCapability(section))) continue;
      if (inheritanceIsConditional(config, section)) continue;
      const mode = modeOf(config, section, checked);
      if (mode !== 'http' && mode !== 'tcp') continue;
      if (mayBeDisabled(config, section, checked)) continue;

      const missing: ('connect' | 'client' | 'server')[] = [];
      if (hasBackendCapability(section) && hasServers(section, checked) && !hasTimeout(config, section, 'connect', checked)) {
        missing.push('connect');
      }
      if (hasFrontendCapability(section) && !hasTimeout(config, section, 'client', checked)) missing.push('client');
      if (
        hasBackendCapability(section) &&
        hasServers(section, checked) &&
        !hasTimeout(config, section, 'server', checked) &&
        (mode === 'http' || !hasTimeout(config, section, 'tunnel', checked))
      ) {
        missing.push('server');
      }
      if (missing.length === 0) continue;

      const defaults = defaultsFor(config, section);
      // A line added to defaults only helps when the proxy does not set that timeout itself.
      const inDefaults: string[] = [];
      const inProxy: string[] = [];
      for (const name of missing) {
        const ownSetting = section.statements.some((s) => setsTimeout(s, name));
        (defaults && !ownSetting ? inDefaults : inProxy).push(SUGGESTED[name]);
      }
      const edits: TextEdit[] = [];
      if (inDefaults.length > 0) edits.push(appendToSection(config, defaults!, inDefaults));
      if (inProxy.length > 0) edits.push(appendToSection(config, section, inProxy));
      const target =
        inProxy.length === 0
          ? `the defaults section${defaults!.name ? ` '${defaults!.name.text}'` : ''}`
          : inDefaults.length === 0
            ? `${section.kind} '${section.name.text}'`
            : 'the defaults section and the proxy';
      const fixes: Fix[] = [{ title: `Add ${missing.map((m) => `timeout ${m}`).join(', ')} to ${target}`, edits, preferred: true }];

      const list = missing.map((m) => `timeout ${m}`);
      const listText = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
      const tunnelHint =
        missing.includes('server') && mode === 'tcp' ? ' (in tcp mode, timeout tunnel also covers the server side)' : '';
      context.report({
        range: section.name.range,
        message:
          `${section.kind} '${section.name.text}' has no ${listText}${tunnelHint}, neither set here nor inherited from defaults. ` +
          'Without a limit, idle or stuck connections are never closed; HAProxy warns about this at startup.',
        fixes,
      });
    }
  },
});
