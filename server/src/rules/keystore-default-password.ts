import type { PropertiesFile, PropertyEntry } from '../properties/ast';
import { DEFAULT_KEYSTORE_PASSWORD, isKeystorePasswordKey } from '../facts/bitbucket';
import { hasPlaceholder } from '../properties/values';
import { defineRule, type RuleContext } from './rule';

/** The connectors a file configures: '' for the main one, 'additional-connector.<n>.' for the others. */
function connectorPrefixes(props: PropertiesFile): string[] {
  const out = new Set<string>();
  for (const key of props.byKey.keys()) {
    const m = /^server\.((?:additional-connector\.[1-9][0-9]*\.)?)ssl\.enabled$/.exec(key);
    if (m) out.add(m[1]);
  }
  return [...out].sort();
}

function value(props: PropertiesFile, key: string): string | undefined {
  const entry = props.byKey.get(key);
  return entry ? entry.value.trim() : undefined;
}

function connectorName(prefix: string): string {
  return prefix === '' ? 'the HTTPS connector' : `additional connector ${prefix.split('.')[1]}`;
}

function checkConnector(ctx: RuleContext, props: PropertiesFile, prefix: string): void {
  const enabled = props.byKey.get(`server.${prefix}ssl.enabled`) as PropertyEntry;
  if (enabled.value.trim().toLowerCase() !== 'true') return;
  const keyPassword = value(props, `server.${prefix}ssl.key-password`);
  const storePassword = value(props, `server.${prefix}ssl.key-store-password`);
  if (keyPassword !== undefined && keyPassword !== '') return;
  if (storePassword === undefined || storePassword === '') {
    ctx.report({
      range: enabled.range,
      message:
        `${connectorName(prefix)} has TLS switched on but neither server.${prefix}ssl.key-password nor ` +
        `server.${prefix}ssl.key-store-password is set, so Tomcat opens the keystore and the private key with ` +
        `its default password '${DEFAULT_KEYSTORE_PASSWORD}'. A keystore protected by that well-known password ` +
        'is as good as unprotected: give it a real password and set both keys.',
    });
    return;
  }
  ctx.report({
    range: enabled.range,
    severity: 'information',
    message:
      `server.${prefix}ssl.key-password is not set, so the private key of ${connectorName(prefix)} is opened ` +
      `with the keystore password. That works when both passwords are the same; set the key password ` +
      'explicitly if the key has its own.',
  });
}

export default defineRule({
  meta: {
    id: 'keystore-default-password',
    description: "HTTPS connectors whose keystore or key falls back to Tomcat's default password 'changeit'.",
    defaultSeverity: 'warning',
    fixable: false,
    languages: ['bitbucket-properties'],
  },
  check(ctx) {
    const props = ctx.properties;
    if (!props) return;
    for (const prefix of connectorPrefixes(props)) checkConnector(ctx, props, prefix);
    for (const entry of props.entries) {
      if (!isKeystorePasswordKey(entry.key) || hasPlaceholder(entry.value)) continue;
      if (entry.value.trim() !== DEFAULT_KEYSTORE_PASSWORD) continue;
      ctx.report({
        range: entry.valueRange,
        message:
          `${entry.key} is '${DEFAULT_KEYSTORE_PASSWORD}', the default password of Java keystores that every ` +
          'attacker tries first. Change the keystore password and update this value.',
      });
    }
  },
});
