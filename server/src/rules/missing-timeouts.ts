import type { Fix, TextEdit } from '../common/types';
import type { HaproxyConfig, Section, Statement } from '../haproxy/ast';
import {
  appendToSection,
  defaultsFor,
  effectiveStatements,
  hasBackendCapability,
  hasFrontendCapability,
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

/** True when the proxy has a non-zero value for the timeout, counting inherited ones. A
 * conditional setting counts: it may be the one in force. */
function hasTimeout(config: HaproxyConfig, section: Section, name: TimeoutName): boolean {
  return effectiveStatements(config, section, (s) => setsTimeout(s, name)).some((i) => !isZero(i.statement));
}

/** The proxy's mode (tcp when nothing sets one). When `.if` blocks leave a choice between
 * tcp and http, tcp is returned: its rules are the more lenient. */
function modeOf(config: HaproxyConfig, section: Section): string | undefined {
  const found = effectiveStatements(config, section, (s) => statementIs(s, 'mode'));
  if (found.length === 0) return 'tcp';
  const values = found.map((f) => {
    const value = f.statement.words[1];
    return value && !value.hasVariable ? value.text : undefined;
  });
  if (values.some((v) => v !== 'tcp' && v !== 'http')) return undefined;
  return values.includes('tcp') ? 'tcp' : 'http';
}

/** True when the proxy is (or, under some `.if` condition, may be) disabled. */
function mayBeDisabled(config: HaproxyConfig, section: Section): boolean {
  const found = effectiveStatements(config, section, (s) => statementIs(s, 'disabled') || statementIs(s, 'enabled'));
  return found.some((f) => statementIs(f.statement, 'disabled'));
}

function hasServers(section: Section): boolean {
  return section.statements.some((s) => statementIs(s, 'server') || statementIs(s, 'server-template'));
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
    for (const section of config.sections) {
      if (!section.name || !(hasFrontendCapability(section) || hasBackendCapability(section))) continue;
      if (inheritanceIsConditional(config, section)) continue;
      const mode = modeOf(config, section);
      if (mode !== 'http' && mode !== 'tcp') continue;
      if (mayBeDisabled(config, section)) continue;

      const missing: ('connect' | 'client' | 'server')[] = [];
      if (hasBackendCapability(section) && hasServers(section) && !hasTimeout(config, section, 'connect')) {
        missing.push('connect');
      }
      if (hasFrontendCapability(section) && !hasTimeout(config, section, 'client')) missing.push('client');
      if (
        hasBackendCapability(section) &&
        hasServers(section) &&
        !hasTimeout(config, section, 'server') &&
        (mode === 'http' || !hasTimeout(config, section, 'tunnel'))
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
