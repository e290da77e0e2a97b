// Regenerates the per-rule settings in package.json
// (contributes.configuration.properties["haproxyBitbucket.rules"].properties) from the
// `meta` block of every rule in server/src/rules/*.ts, so the settings UI always lists
// exactly the rules the server runs, with their descriptions and default severities.
//
//   node scripts/sync-manifest.mjs          rewrite package.json when it is out of date
//   node scripts/sync-manifest.mjs --check  only report; exit code 1 when out of date
//
// The rule files are read as text (no build needed). test/manifest.test.ts checks the
// result against the compiled rules, so a meta block this script cannot read is caught.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rulesDir = join(root, 'server/src/rules');
const manifestPath = join(root, 'package.json');
const NOT_RULES = new Set(['index.ts', 'rule.ts']);
export const SEVERITY_CHOICES = ['off', 'hint', 'info', 'warning', 'error'];
const SETTING = 'haproxyBitbucket.rules';

/** Value of a single- or double-quoted TypeScript string literal (common escapes only). */
function unquote(literal) {
  const body = literal.slice(1, -1);
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e) => {
    if (e[0] === 'u') return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', 0: '\0' }[e] ?? e;
  });
}

const STRING = String.raw`('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")`;

function field(source, name, file) {
  const m = new RegExp(String.raw`\b${name}\s*:\s*` + STRING).exec(source);
  if (!m) throw new Error(`${file}: cannot find a string literal for meta.${name}`);
  return unquote(m[1]);
}

/** id, description and defaultSeverity of every rule file, sorted by id. */
export function readRuleMetas() {
  const metas = [];
  for (const file of readdirSync(rulesDir).sort()) {
    if (!file.endsWith('.ts') || NOT_RULES.has(file)) continue;
    const source = readFileSync(join(rulesDir, file), 'utf8');
    const metaStart = source.search(/\bmeta\s*:/);
    if (metaStart < 0) throw new Error(`${file}: no meta block`);
    const meta = source.slice(metaStart);
    metas.push({
      id: field(meta, 'id', file),
      description: field(meta, 'description', file),
      defaultSeverity: field(meta, 'defaultSeverity', file),
    });
  }
  return metas.sort((a, b) => a.id.localeCompare(b.id));
}

/** The settings value for a rule's default severity ('information' is spelled 'info'). */
export function settingForSeverity(severity) {
  return severity === 'information' ? 'info' : severity;
}

export function ruleProperties(metas) {
  const properties = {};
  for (const meta of metas) {
    properties[meta.id] = {
      type: 'string',
      enum: SEVERITY_CHOICES,
      default: settingForSeverity(meta.defaultSeverity),
      description: meta.description,
    };
  }
  return properties;
}

function main() {
  const check = process.argv.includes('--check');
  const text = readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text);
  const setting = manifest.contributes?.configuration?.properties?.[SETTING];
  if (!setting) {
    console.error(`package.json has no contributes.configuration.properties["${SETTING}"]`);
    process.exit(1);
  }
  const wanted = ruleProperties(readRuleMetas());
  const before = JSON.stringify(setting.properties ?? {});
  if (before === JSON.stringify(wanted)) {
    console.log(`package.json: ${Object.keys(wanted).length} rule settings are up to date.`);
    return;
  }
  const had = new Set(Object.keys(setting.properties ?? {}));
  const added = Object.keys(wanted).filter((id) => !had.has(id));
  const removed = [...had].filter((id) => !(id in wanted));
  const summary = [
    added.length ? `added ${added.join(', ')}` : '',
    removed.length ? `removed ${removed.join(', ')}` : '',
    !added.length && !removed.length ? 'descriptions or defaults changed' : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (check) {
    console.error(`package.json rule settings are out of date (${summary}): run node scripts/sync-manifest.mjs`);
    process.exit(1);
  }
  setting.properties = wanted;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`package.json: rule settings updated (${summary}).`);
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) main();
