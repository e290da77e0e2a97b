import type { Fix, TextEdit } from '../common/types';
import type { HaproxyConfig, Section, Statement } from '../haproxy/ast';
import {
  appendToSection,
  defaultsFor,
  fromSectionList,
  hasBackendCapability,
  hasFrontendCapability,
  inheritanceChain,
  inheritanceIsConditional,
  sectionIndex,
  statementIs,
} from '../haproxy/query';
import { SectionCache } from '../section-cache';
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
  // Most values do not start with 0: no pattern to run for them.
  return value.text.charCodeAt(0) === 0x30 && /^0+(us|ms|s|m|h|d)?$/.test(value.text);
}

/** The settings this rule reads, by index in a SettingLine. */
const CONNECT = 0;
const CLIENT = 1;
const SERVER = 2;
const TUNNEL = 3;
const MODE = 4;
/** `disabled` or `enabled`. */
const SWITCH = 5;

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

/** A line of a section that makes one of the settings the rule reads, with what the rule
 * needs of it: for timeouts whether the value is not zero, for mode the value (undefined when
 * unknown), for the switch whether it is `disabled`. */
interface SettingLine {
  statement: Statement;
  setting: number;
  fact: boolean | string | undefined;
}

/** What one section sets, last line first, and whether it has servers. It depends only on the
 * words of its statements, so it is kept across edits (section-cache.ts); `.if` depths, which
 * an edit elsewhere can change, are read from the statements when the lines are visited. */
interface SectionSettings {
  lines: readonly SettingLine[];
  servers: boolean;
}

const NO_SETTINGS: SectionSettings = Object.freeze({ lines: Object.freeze([]), servers: false });

const settingsInSections = new SectionCache<SectionSettings>((statements) => {
  let lines: SettingLine[] | undefined;
  let servers = false;
  for (let i = statements.length - 1; i >= 0; i--) {
    const st = statements[i];
    const k = settingOf(st);
    if (k >= 0) (lines ??= []).push({ statement: st, setting: k, fact: k === MODE ? modeValue(st) : k === SWITCH ? statementIs(st, 'disabled') : !isZero(st) });
    if (!servers && (statementIs(st, 'server') || statementIs(st, 'server-template'))) servers = true;
  }
  // Exact-size copies (an array grown by push keeps room for 17 entries): they are kept.
  return lines || servers ? { lines: lines ? lines.slice() : [], servers } : NO_SETTINGS;
});

function modeValue(statement: Statement): string | undefined {
  const value = statement.words[1];
  return value && !value.hasVariable ? value.text : undefined;
}

/** What is in force for one proxy, as bits (a number, so that the 4,000 proxies of a big file
 * cost no objects): a bit per timeout with a non-zero value that may be in force (a
 * conditional setting counts: it may be the one in force), whether the proxy is (or under
 * some `.if` condition may be) disabled, and its mode. */
const HAS_TIMEOUT = [1, 2, 4, 8] as const;
const DISABLED = 16;
/** A mode line was found; tcp is among the values that may be in force; some other or unknown value may be. */
const MODE_FOUND = 32;
const MODE_TCP = 64;
const MODE_OTHER = 128;

/**
 * The walk of a proxy's chain, as one number: the bits of what is in force (below 256), and
 * above them, shifted by 8, the settings whose line outside `.if` blocks was reached.
 */
const CLOSED_SHIFT = 8;
const IN_FORCE = (1 << CLOSED_SHIFT) - 1;

/** Reads the setting lines of one section of a proxy's chain on top of `state`. */
function readLines(lines: readonly SettingLine[], state: number): number {
  let out = state & IN_FORCE;
  let closed = state >>> CLOSED_SHIFT;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const k = line.setting;
    if (closed & (1 << k)) continue;
    const fact = line.fact;
    if (k === MODE) {
      out |= MODE_FOUND;
      if (fact === 'tcp') out |= MODE_TCP;
      // Any other value decides: nothing further down matters.
      if (fact !== 'tcp' && fact !== 'http') {
        out |= MODE_OTHER;
        closed |= 1 << k;
        continue;
      }
    } else if (fact === true) {
      out |= k === SWITCH ? DISABLED : HAS_TIMEOUT[k];
      // The first value that counts is enough.
      closed |= 1 << k;
      continue;
    }
    if (line.statement.conditionalDepth === 0) closed |= 1 << k;
  }
  return out | (closed << CLOSED_SHIFT);
}

/** readLines() over the chain of `section` in `config`, nearest first. */
function readChain(config: HaproxyConfig, section: Section, state: number): number {
  const all = settingsInSections.all(config);
  const chain = inheritanceChain(config, section);
  for (let c = 0; c < chain.length; c++) state = readLines(all[sectionIndex(config, chain[c])].lines, state);
  return state;
}

/**
 * Reads what is in force for a proxy in one walk over its chain of sections (the lines
 * effectiveStatements() would find for each setting): for each setting, the lines from the
 * last one up to the first one outside `.if` blocks, in the proxy first, then in its
 * defaults, then in `then` (a defaults section of another file the chain continues with).
 */
function inForce(config: HaproxyConfig, section: Section, then?: readonly [HaproxyConfig, Section]): number {
  let state = readChain(config, section, 0);
  if (then) state = readChain(then[0], then[1], state);
  return state & IN_FORCE;
}

/** The defaults sections of one file another file's chain may continue with. */
interface FileDefaults {
  /** The last defaults section of the file. */
  last: Section | undefined;
  /** The last defaults section of each name. */
  byName: ReadonlyMap<string, Section>;
}

/** Worked out from the list of sections alone, once per document (fromSectionList). */
const fileDefaults = new WeakMap<HaproxyConfig, FileDefaults>();

function defaultsOfFile(config: HaproxyConfig): FileDefaults {
  return fromSectionList(fileDefaults, config, () => {
    let last: Section | undefined;
    const byName = new Map<string, Section>();
    for (const s of config.sections) {
      if (s.kind !== 'defaults') continue;
      last = s;
      if (s.name) byName.set(s.name.text, s);
    }
    return { last, byName };
  });
}

type Candidates = readonly (readonly [HaproxyConfig, Section])[];

const NO_CANDIDATES: Candidates = Object.freeze([]);

/**
 * For the proxies of one file, the defaults sections of the other files of the
 * configuration that the end of a proxy's chain may continue with: the ones its `from`
 * names, or for a proxy with no defaults before it in its own file, the last defaults
 * section of each other file (one of them is the last before the proxy if that file is
 * loaded first, and which files come first is not known here). The lists are made once per
 * check and shared by the proxies that need the same one.
 */
function candidatesElsewhere(others: readonly HaproxyConfig[]): (config: HaproxyConfig, section: Section) => Candidates {
  if (others.length === 0) return () => NO_CANDIDATES;
  let implicit: Candidates | undefined;
  const named = new Map<string, Candidates>();
  const collect = (pick: (known: FileDefaults) => Section | undefined): Candidates => {
    const out: [HaproxyConfig, Section][] = [];
    for (const other of others) {
      const found = pick(defaultsOfFile(other));
      if (found) out.push([other, found]);
    }
    return out;
  };
  return (config, section) => {
    const chain = inheritanceChain(config, section);
    const last = chain[chain.length - 1];
    if (last.from) {
      if (defaultsFor(config, last)) return NO_CANDIDATES;
      const wanted = last.from.text;
      let list = named.get(wanted);
      if (!list) named.set(wanted, (list = collect((known) => known.byName.get(wanted))));
      return list;
    }
    if (last !== section) return NO_CANDIDATES;
    return (implicit ??= collect((known) => known.last));
  };
}

/** Whether a non-zero value of the timeout may be in force. */
function has(force: number, timeout: number): boolean {
  return (force & HAS_TIMEOUT[timeout]) !== 0;
}

/** tcp when nothing sets a mode; when `.if` blocks leave a choice between tcp and http, tcp
 * (its rules are the more lenient); undefined for any other or unknown value. */
function modeOf(force: number): 'tcp' | 'http' | undefined {
  if (!(force & MODE_FOUND)) return 'tcp';
  if (force & MODE_OTHER) return undefined;
  return force & MODE_TCP ? 'tcp' : 'http';
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
    const all = settingsInSections.all(config);
    const sections = config.sections;
    const continuations = candidatesElsewhere(context.others);
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i];
      if (!section.name || !(hasFrontendCapability(section) || hasBackendCapability(section))) continue;
      if (inheritanceIsConditional(config, section)) continue;
      // Defaults from another file of the configuration: any of them may be the one in force.
      const elsewhere = continuations(config, section);
      let force = elsewhere.length === 0 ? inForce(config, section) : 0;
      for (const candidate of elsewhere) force |= inForce(config, section, candidate);
      const mode = modeOf(force);
      if (mode === undefined || force & DISABLED) continue;

      const missing: ('connect' | 'client' | 'server')[] = [];
      if (hasBackendCapability(section) && all[i].servers && !has(force, CONNECT)) {
        missing.push('connect');
      }
      if (hasFrontendCapability(section) && !has(force, CLIENT)) missing.push('client');
      if (
        hasBackendCapability(section) &&
        all[i].servers &&
        !has(force, SERVER) &&
        (mode === 'http' || !has(force, TUNNEL))
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
