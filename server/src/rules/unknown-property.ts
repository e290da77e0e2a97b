import { defineRule } from './rule';
import type { Fix } from '../common/types';
import { allProperties, closestProperty, concreteKey, lookupProperty, type PropertyInfo } from '../facts/bitbucket';

/** Leading segments that mark keys of other vendors' add-ons or Java packages. */
const ADD_ON_ROOTS = new Set(['com', 'org', 'net', 'io', 'de', 'atlassian', 'atl']);

/** A typo is at most this many edits away from a catalogue key (one for short keys, where two edits change too much). */
function maxTypoDistance(key: string): number {
  return key.length < 12 ? 1 : 2;
}

/** The user's allowlist (`properties.allow`): exact keys, or globs where `*` stands for any run of characters. */
function allowedByUser(key: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns) return false;
  return patterns.some((p) => {
    if (!p.includes('*')) return p === key;
    const source = p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${source}$`).test(key);
  });
}

interface Families {
  /** First segments of catalogue keys ('server', 'jdbc', 'plugin', ...). */
  roots: Set<string>;
  /** Second segments under 'plugin.' ('bitbucket-git', 'ssh', ...). */
  plugins: Set<string>;
  /** Spring-style relaxed form -> catalogue entry. */
  relaxed: Map<string, PropertyInfo>;
}

let families: Families | undefined;

/** Spring Boot binds `server.contextPath`, `server.context_path` and `server.context-path` alike. */
function relaxedForm(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function getFamilies(): Families {
  if (!families) {
    const roots = new Set<string>();
    const plugins = new Set<string>();
    const relaxed = new Map<string, PropertyInfo>();
    for (const info of allProperties()) {
      const parts = info.key.split('.');
      roots.add(parts[0]);
      if (parts[0] === 'plugin' && parts[1]) plugins.add(parts[1]);
      if (!info.pattern) relaxed.set(relaxedForm(info.key), info);
    }
    families = { roots, plugins, relaxed };
  }
  return families;
}

/** The key belongs to a group of keys the catalogue covers, and is not an add-on's own key. */
function inKnownFamily(key: string): boolean {
  const { roots, plugins } = getFamilies();
  const parts = key.split('.');
  if (parts.length < 2 || ADD_ON_ROOTS.has(parts[0])) return false;
  if (!roots.has(parts[0])) return false;
  if (parts[0] === 'plugin') return plugins.has(parts[1]);
  return true;
}

export default defineRule({
  meta: {
    id: 'unknown-property',
    description: "Keys that are not in the catalogue of bitbucket.properties keys.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    for (const entry of props.entries) {
      const key = entry.key;
      if (!key || entry.keyEnd <= entry.keyStart) continue;
      if (lookupProperty(key) || allowedByUser(key, context.settings.propertiesAllow)) continue;
      const replace = (to: string): Fix => ({
        title: `Replace '${key}' with '${to}'`,
        edits: [{ range: entry.keyRange, newText: to }],
        preferred: true,
      });

      const relaxed = getFamilies().relaxed.get(relaxedForm(key));
      if (relaxed) {
        context.report({
          range: entry.keyRange,
          severity: 'hint',
          message: `'${key}' is spelled differently from the documented key '${relaxed.key}'. Spring Boot's relaxed binding may accept this spelling for some settings, but only the documented one is sure to be read.`,
          fixes: [replace(relaxed.key)],
        });
        continue;
      }

      const close = closestProperty(key, maxTypoDistance(key));
      const nearKey = close && close.distance >= 1 && close.distance <= maxTypoDistance(key) ? concreteKey(close.info, key) : undefined;
      if (nearKey && inKnownFamily(key)) {
        context.report({
          range: entry.keyRange,
          message: `'${key}' is not a Bitbucket property we know; did you mean '${nearKey}'? Bitbucket ignores keys it does not read, so a misspelt key silently keeps the default.`,
          fixes: [replace(nearKey)],
        });
        continue;
      }
      context.report({
        range: entry.keyRange,
        severity: 'hint',
        message:
          `'${key}' is not in our catalogue of Bitbucket properties. That is expected for add-on settings and for the ` +
          `many core keys the catalogue does not cover yet; check the spelling if it is meant to be a core setting` +
          (nearKey ? ` (the nearest known key is '${nearKey}').` : '.'),
        fixes: nearKey ? [{ ...replace(nearKey), preferred: false }] : [],
      });
    }
  },
});
