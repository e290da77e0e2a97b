#!/usr/bin/env node
// Regenerates the keyword and property data the product ships, from the shared fact files
// (names and placement only) and the hand-maintained tables in server/src/facts/
// (curated.json, sections.json, bitbucket-curated.json).
//
//   node scripts/update-data.mjs          (facts from ../shared/facts, or $HB_FACTS_DIR)
//
// Writes server/src/facts/data/*.json with sorted keys and a stable order, so a run on
// unchanged input leaves git clean. The product reads only these files at run time.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const factsDir = resolve(process.env.HB_FACTS_DIR || join(repoRoot, '..', 'shared', 'facts'));
const factsRoot = resolve(repoRoot, 'server', 'src', 'facts');
// HB_DATA_OUT lets a test write the files elsewhere to compare them with the committed ones.
const outDir = resolve(process.env.HB_DATA_OUT || join(factsRoot, 'data'));

const VERSIONS = ['2.4', '2.6', '2.8', '3.0', '3.2', '3.5-dev'];
const PROXY_SECTIONS = ['defaults', 'frontend', 'listen', 'backend'];
/** The chapter of the manual that holds each group of global keywords (anchors on docs.haproxy.org). */
const GLOBAL_CHAPTERS = {
  'Process management and security': '3.1',
  'Performance tuning': '3.2',
  'Performance tuning (deprecated)': '3.2',
  Debugging: '3.3',
};

// ---------------------------------------------------------------------------------------
// Small helpers

function fail(message) {
  console.error(`update-data: ${message}`);
  process.exit(1);
}

function readText(path) {
  if (!existsSync(path)) fail(`missing input file ${path}`);
  return readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
}

function readOptional(path) {
  return existsSync(path) ? readText(path) : undefined;
}

function readJson(path) {
  return JSON.parse(readText(path));
}

/** Non-empty, non-comment lines of a name list. */
function nameList(text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function readTsv(text) {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row = {};
    header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    return row;
  });
}

function versionIndex(v) {
  const i = VERSIONS.indexOf(v);
  if (i < 0) fail(`unknown version '${v}' in a hand-maintained table`);
  return i;
}

/** Versions between since and until (inclusive), as listed in VERSIONS. */
function versionRange(since, until) {
  const lo = since ? versionIndex(since) : 0;
  const hi = until ? versionIndex(until) : VERSIONS.length - 1;
  return VERSIONS.slice(lo, hi + 1);
}

function sortVersions(list) {
  return [...new Set(list)].sort((a, b) => versionIndex(a) - versionIndex(b));
}

/** JSON with object keys sorted at every level (arrays keep their order). */
function stableStringify(value) {
  const sortKeys = (v) => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out = {};
      for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortKeys(v[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, 1) + '\n';
}

function writeJson(name, value) {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, name);
  writeFileSync(path, stableStringify(value));
  return path;
}

// ---------------------------------------------------------------------------------------
// HAProxy configuration keywords

/** name -> { sections: { kind: Set<version> }, flags } */
const keywords = new Map();

function entry(name) {
  let e = keywords.get(name);
  if (!e) {
    e = { sections: {}, deprecatedIn: new Set(), noPrefix: false, namedDefaultsOnly: false };
    keywords.set(name, e);
  }
  return e;
}

function allow(name, section, versions) {
  const e = entry(name);
  const set = (e.sections[section] ??= new Set());
  for (const v of versions) set.add(v);
  return e;
}

const curated = readJson(join(factsRoot, 'curated.json'));
const sectionTables = readJson(join(factsRoot, 'sections.json'));
const removedNames = new Set(curated.removed.keywords.map((k) => k.name));

/** Global keywords of one version: the section 3 list plus the section 3.1-3.x bodies. */
function globalKeywordsOf(version) {
  const dir = join(factsDir, `haproxy-${version}`);
  const names = new Set(nameList(readText(join(dir, 'global-keywords.txt'))));
  const defs = nameList(readText(join(dir, 'global-keywords-from-definitions.txt')));
  // Some manuals continue the body with the userlist, peers, mailers... sections; those
  // keywords belong to their own sections (sections.json). HTTP client tuning keywords
  // that follow them are global again.
  let inOtherSections = false;
  for (const name of defs) {
    if (name === 'userlist') inOtherSections = true;
    if (!inOtherSections || name.startsWith('httpclient.')) names.add(name);
  }
  return names;
}

/** Parses the 2.6 keyword dump (haproxy -dKall). */
function parseDump(text) {
  const lines = text.split('\n');
  const dump = {
    acl: [],
    config: {},
    converters: [],
    filters: [],
    fetches: [],
    services: [],
  };
  let part;
  let configSection;
  for (const line of lines) {
    if (line.startsWith('# List of registered ')) {
      const what = line.slice('# List of registered '.length);
      if (what.startsWith('ACL')) part = 'acl';
      else if (what.startsWith('configuration')) part = 'config';
      else if (what.startsWith('CLI')) part = 'cli';
      else if (what.startsWith('sample converter')) part = 'converters';
      else if (what.startsWith('filter')) part = 'filters';
      else if (what.startsWith('sample fetch')) part = 'fetches';
      else if (what.startsWith('service')) part = 'services';
      else part = undefined;
      continue;
    }
    if (!line.trim() || line.startsWith('#')) continue;
    if (part === 'acl') {
      const m = /^(\S+) = (\S+) -m (\S+)$/.exec(line.trim());
      if (m) dump.acl.push({ name: m[1], fetch: m[2], match: m[3] });
    } else if (part === 'config') {
      if (!line.startsWith('\t')) {
        configSection = line.trim();
        dump.config[configSection] ??= [];
      } else if (configSection) {
        dump.config[configSection].push(line.slice(1).trimEnd());
      }
    } else if (part === 'converters') {
      const m = /^([^\s(:]+)(?:\(([^)]*)\))?: (\S+) => (\S+)$/.exec(line.trim());
      if (m) dump.converters.push({ name: m[1], args: m[2] ?? '', input: m[3], output: m[4] });
    } else if (part === 'filters') {
      const m = /^(\S+)/.exec(line.trim());
      if (m) dump.filters.push(m[1]);
    } else if (part === 'fetches') {
      const m = /^\[((?: [Y.])+) \] ([^\s(:]+)(?:\(([^)]*)\))?: (\S+)$/.exec(line.trim());
      if (m) {
        const contexts = m[1]
          .trim()
          .split(' ')
          .map((c) => (c === 'Y' ? '1' : '0'))
          .join('');
        dump.fetches.push({ name: m[2], args: m[3] ?? '', output: m[4], contexts });
      }
    } else if (part === 'services') {
      dump.services.push(line.trim());
    }
  }
  return dump;
}

// Proxy keywords: the section 4.1 matrix of each manual.
for (const version of VERSIONS) {
  const rows = readTsv(readText(join(factsDir, `haproxy-${version}`, 'proxy-keywords.tsv')));
  for (const row of rows) {
    const name = row.keyword;
    if (!name || removedNames.has(name)) continue;
    const marks = { defaults: row.defaults === 'X', frontend: row.frontend === 'X', backend: row.backend === 'X' };
    // A listen section has both the frontend and the backend side, so whatever either
    // side accepts is accepted there too (the matrix has a few gaps in that column).
    marks.listen = row.listen === 'X' || marks.frontend || marks.backend;
    const e = entry(name);
    for (const s of PROXY_SECTIONS) if (marks[s]) allow(name, s, [version]);
    const flags = row.flags ?? '';
    if (flags.includes('no-prefix')) e.noPrefix = true;
    if (flags.includes('deprecated')) e.deprecatedIn.add(version);
    if (flags.includes('named-only')) e.namedDefaultsOnly = true;
  }
}

for (const extra of curated.extraKeywords.keywords) {
  for (const s of extra.sections) allow(extra.name, s, versionRange(extra.since, extra.until));
  if (extra.noPrefix) entry(extra.name).noPrefix = true;
}

// Global keywords, and the manual chapter each one sits in (for links).
const globalChapters = {};
/** [keyword, version] pairs the manual of that version files under a deprecated group. */
const deprecatedGlobals = [];
for (const version of VERSIONS) {
  const names = globalKeywordsOf(version);
  const grouped = readTsv(readText(join(factsDir, `haproxy-${version}`, 'global-keywords-grouped.tsv')));
  const chapters = {};
  for (const row of grouped) {
    const chapter = GLOBAL_CHAPTERS[row.group];
    if (!chapter) continue;
    // The manual documents the global 'stats' forms together under 'stats socket' and friends.
    const names = row.keyword === 'stats' ? curated.globalStats.keywords.map((k) => k.name) : [row.keyword];
    for (const name of names) chapters[name] = chapter;
    // The manual keeps deprecated tuning keywords in a group of their own.
    if (row.group.includes('(deprecated)')) deprecatedGlobals.push([row.keyword, version]);
  }
  globalChapters[version] = chapters;
  for (const name of names) {
    if (name === 'stats' || removedNames.has(name)) continue;
    allow(name, 'global', [version]);
  }
}
for (const k of curated.globalStats.keywords) allow(k.name, 'global', versionRange(k.since, k.until));
for (const [name, version] of deprecatedGlobals) if (keywords.has(name)) keywords.get(name).deprecatedIn.add(version);

// The 2.6 dump is the ground truth for 2.6: add what the 2.6.0 manual lists missed.
const dumpText = readOptional(join(factsDir, 'haproxy-2.6', 'dKall.txt'));
if (!dumpText) fail('haproxy-2.6/dKall.txt is missing');
const dump = parseDump(dumpText);

function dumpAddition(name, sections) {
  if (removedNames.has(name)) return;
  const known = keywords.get(name);
  // A name no manual lists at all is taken to exist in every supported version.
  const anywhere = known && Object.keys(known.sections).length > 0;
  for (const s of sections) {
    const versions = anywhere ? ['2.6'] : VERSIONS;
    allow(name, s, versions);
  }
}

for (const line of dump.config.global ?? []) {
  if (!/\s/.test(line) && line !== 'stats') dumpAddition(line, ['global']);
}
const actionNames = { 'http-request': [], 'http-response': [], 'http-after-response': [], 'tcp-request connection': [], 'tcp-request session': [], 'tcp-request content': [], 'tcp-response content': [] };
const dumpBind = new Map();
/** 'option' keywords the 2.6 dump marks as acting on HTTP only. */
const httpOnlyOptions = new Set();
const dumpServer = new Map();
for (const line of dump.config.listen ?? []) {
  let m;
  if ((m = /^bind <addr> (?:ssl )?(\S+)(?: (\S+))?$/.exec(line))) {
    dumpBind.set(m[1], m[2] !== undefined);
  } else if ((m = /^server <name> <addr> (\S+)(?: (\S+))?$/.exec(line))) {
    dumpServer.set(m[1], m[2] !== undefined);
  } else if ((m = /^option (\S+)(?: \[([^\]]*)\])?/.exec(line))) {
    const name = `option ${m[1]}`;
    if (!keywords.has(name)) dumpAddition(name, ['listen']);
    // '[ FE HTTP ]': the option only acts on HTTP traffic.
    if (m[2] && m[2].split(/\s+/).includes('HTTP')) httpOnlyOptions.add(name);
  } else if ((m = /^(http-request|http-response|http-after-response|tcp-request connection|tcp-request session|tcp-request content|tcp-response content) (\S+)$/.exec(line))) {
    const param = m[2].endsWith('*');
    actionNames[m[1]].push({ name: param ? m[2].slice(0, -1) : m[2], ...(param ? { parametrised: true } : {}) });
  } else if (!/\s/.test(line)) {
    // Single words such as 'timeout' or 'http-check' only confirm what the matrix holds;
    // a word the matrix does not know at all is added for listen.
    const known = [...keywords.keys()].some((k) => k === line || k.startsWith(`${line} `));
    if (!known) dumpAddition(line, ['listen']);
  }
}

// Sections without fact files.
const sectionInfo = {};
for (const [kind, table] of Object.entries(sectionTables.sections)) {
  const sectionVersions = versionRange(table.since, table.until);
  sectionInfo[kind] = { complete: table.complete !== false, versions: sectionVersions };
  for (const k of table.keywords) {
    const versions = versionRange(k.since ?? table.since, k.until ?? table.until).filter((v) => sectionVersions.includes(v));
    const e = allow(k.name, kind, versions);
    if (k.noPrefix) e.noPrefix = true;
  }
}
for (const kind of ['global', ...PROXY_SECTIONS]) sectionInfo[kind] = { complete: true, versions: [...VERSIONS] };

const globalNoPrefix = new Set(curated.globalNoPrefix.keywords);
for (const name of globalNoPrefix) if (keywords.has(name)) keywords.get(name).noPrefix = true;

// ---------------------------------------------------------------------------------------
// Bind and server options

function optionTable(file, dumpMap, argKnowledge, notOptions) {
  const options = new Map();
  for (const version of VERSIONS) {
    for (const name of nameList(readText(join(factsDir, `haproxy-${version}`, file)))) {
      if (notOptions.includes(name)) continue;
      (options.get(name) ?? options.set(name, new Set()).get(name)).add(version);
    }
  }
  for (const name of dumpMap.keys()) {
    const set = options.get(name);
    if (set) set.add('2.6');
    else options.set(name, new Set(VERSIONS));
  }
  return [...options.keys()].sort().map((name) => {
    const takesArgument = dumpMap.has(name) ? dumpMap.get(name) : argKnowledge[name];
    return { name, versions: sortVersions([...options.get(name)]), ...(takesArgument === undefined ? {} : { takesArgument }) };
  });
}

const bindOptions = optionTable('bind-options.txt', dumpBind, curated.optionArguments.bind, curated.notOptions.bind ?? []);
const serverOptions = optionTable('server-options.txt', dumpServer, curated.optionArguments.server, curated.notOptions.server ?? []);

// ---------------------------------------------------------------------------------------
// Lifecycle: deprecations, removals and renames inside the supported range

/** A lifecycle entry as stored: advice, optional versions and a drop-in replacement. */
function lifecycleRecord(entry) {
  return {
    ...(entry.deprecatedSince ? { deprecatedSince: entry.deprecatedSince } : {}),
    ...(entry.removedIn ? { removedIn: entry.removedIn } : {}),
    use: entry.use,
    ...(entry.fix ? { fix: entry.fix } : {}),
  };
}

const lifecycleOf = { keywords: new Map(), bindOptions: new Map(), serverOptions: new Map() };
for (const entry of curated.lifecycle.keywords) {
  if (!keywords.has(entry.name)) fail(`lifecycle names '${entry.name}', which no version has`);
  if (entry.fix && !keywords.has(entry.fix)) fail(`lifecycle fix '${entry.fix}' for '${entry.name}' is not a keyword`);
  lifecycleOf.keywords.set(entry.name, lifecycleRecord(entry));
}
for (const [kind, list] of [['bindOptions', bindOptions], ['serverOptions', serverOptions]]) {
  for (const entry of curated.lifecycle[kind]) {
    if (!list.some((o) => o.name === entry.name)) fail(`lifecycle names ${kind} '${entry.name}', which no version has`);
    lifecycleOf[kind].set(entry.name, lifecycleRecord(entry));
  }
  for (const option of list) if (lifecycleOf[kind].has(option.name)) option.lifecycle = lifecycleOf[kind].get(option.name);
}

// ---------------------------------------------------------------------------------------
// Assemble the HAProxy keyword file

const keywordList = [...keywords.keys()].sort().map((name) => {
  const e = keywords.get(name);
  const sections = {};
  for (const s of Object.keys(e.sections).sort()) {
    const versions = sortVersions([...e.sections[s]]);
    if (versions.length) sections[s] = versions;
  }
  const allVersions = sortVersions(Object.values(sections).flat());
  // Deprecated when the newest manual that lists the keyword flags it.
  const newest = allVersions[allVersions.length - 1];
  const deprecatedIn = sortVersions([...e.deprecatedIn].filter((v) => allVersions.includes(v)));
  return {
    name,
    sections,
    ...(newest && e.deprecatedIn.has(newest) ? { deprecated: true } : {}),
    ...(deprecatedIn.length ? { deprecatedIn } : {}),
    ...(lifecycleOf.keywords.has(name) ? { lifecycle: lifecycleOf.keywords.get(name) } : {}),
    ...(httpOnlyOptions.has(name) ? { httpOnly: true } : {}),
    ...(e.noPrefix ? { noPrefix: true } : {}),
    ...(e.namedDefaultsOnly ? { namedDefaultsOnly: true } : {}),
  };
}).filter((k) => Object.keys(k.sections).length > 0);

const haproxyKeywords = {
  $comment: 'Generated by scripts/update-data.mjs; do not edit by hand.',
  versions: VERSIONS,
  sections: sectionInfo,
  keywords: keywordList,
  bindOptions,
  serverOptions,
  unparsedSections: sectionTables.unparsedSections.sections
    .map((s) => ({ name: s.name, versions: versionRange(s.since, s.until) }))
    .sort((a, b) => a.name.localeCompare(b.name)),
  removed: curated.removed.keywords.map((k) => ({ name: k.name, since: k.since, use: k.use, ...(k.fix ? { fix: k.fix } : {}) })).sort((a, b) => a.name.localeCompare(b.name)),
  proxyCapability: {
    backendRejects: [...curated.proxyCapability.backendRejects].sort(),
    frontendRejects: [...curated.proxyCapability.frontendRejects].sort(),
  },
  globalChapters,
};

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const haproxyDump = {
  $comment: 'Generated by scripts/update-data.mjs from the HAProxy 2.6.12 keyword dump; do not edit by hand.',
  version: '2.6',
  fetchContexts: [
    'frontend tcp-request connection', 'frontend tcp-request session', 'frontend tcp-request content',
    'frontend http-request header', 'frontend http-request body', 'frontend use-backend',
    'backend tcp-request content', 'backend http-request header', 'backend http-request body',
    'backend use-server, balance or stick-match', 'server source selection', 'backend tcp-response content',
    'backend http-response header', 'backend http-response body', 'backend stick-store',
    'frontend tcp-response content', 'frontend http-response header', 'frontend http-response body',
    'logs', 'backend tcp-check', 'configuration parser', 'CLI parser',
  ],
  aclKeywords: [...dump.acl].sort(byName),
  fetches: [...dump.fetches].sort(byName),
  converters: [...dump.converters].sort(byName),
  filters: [...new Set(dump.filters)].sort(),
  services: [...new Set(dump.services)].sort(),
  actions: Object.fromEntries(Object.entries(actionNames).map(([k, v]) => [k, [...v].sort(byName)])),
  crtListOptions: (dump.config['crt-list'] ?? [])
    .map((l) => /^(\S+)(?: (\S+))?$/.exec(l.trim()))
    .filter(Boolean)
    .map((m) => ({ name: m[1], takesArgument: m[2] !== undefined }))
    .sort(byName),
};

// ---------------------------------------------------------------------------------------
// Bitbucket properties

const ENUM_LIST = /^[A-Za-z0-9_-]+(?:,[A-Za-z0-9_-]+)+$/;

/** A short version label from the catalogue's free-text 'since' column. */
function sinceLabel(text) {
  const m = /(Stash )?(\d+\.(?:\d+|x))\+?/.exec(text);
  if (!m) return undefined;
  return `${m[1] ?? ''}${m[2]}`;
}

/** 'minutes when no suffix; ...' -> unit 'minutes' and the rest as a note, so code can read the unit. */
function splitUnit(text) {
  const m = /^(milliseconds|seconds|minutes|hours|days|bytes)\b[\s;,]*(.*)$/.exec(text ?? '');
  if (!m) return text ? { unit: text } : {};
  return { unit: m[1], ...(m[2] ? { unitNote: m[2] } : {}) };
}

/** Only plain values count as defaults; notes in brackets or several values do not. */
function plainDefault(text) {
  if (!text) return undefined;
  if (/[()\s;]/.test(text)) return undefined;
  return text;
}

const bitbucketCurated = readJson(join(factsRoot, 'bitbucket-curated.json'));
const tsvRows = readTsv(readText(join(factsDir, 'bitbucket', 'properties.tsv')));
const tsvKeys = new Set(tsvRows.map((row) => row.key));
for (const row of bitbucketCurated.properties) {
  if (tsvKeys.has(row.key)) fail(`bitbucket-curated.json repeats catalogue key ${row.key}`);
}
const propertyRows = [
  ...tsvRows,
  ...bitbucketCurated.properties.map((row) => Object.fromEntries(
    ['key', 'type', 'default', 'unit', 'allowed', 'since', 'notes'].map((column) => [column, row[column] ?? '']),
  )),
];
const deprecatedKeys = Object.entries(bitbucketCurated.deprecated).filter(([key]) => !key.startsWith('$'));
const properties = propertyRows
  .map((row) => {
    const allowed = (row.type === 'boolean' || row.type === 'enum') && ENUM_LIST.test(row.allowed) ? row.allowed.split(',') : undefined;
    const since = sinceLabel(row.since);
    const def = plainDefault(row.default);
    return {
      key: row.key,
      type: row.type,
      ...(def !== undefined ? { default: def } : {}),
      ...(row.default && def === undefined ? { defaultNote: row.default } : {}),
      ...splitUnit(row.unit),
      ...(allowed ? { allowed } : {}),
      ...(!allowed && row.allowed ? { allowedNote: row.allowed } : {}),
      ...(since ? { since } : {}),
      ...(row.notes ? { notes: row.notes } : {}),
      ...(deprecatedKeys.some(([key]) => key === row.key) ? { deprecated: bitbucketCurated.deprecated[row.key] } : {}),
    };
  })
  .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

for (const [key, entry] of deprecatedKeys) {
  if (!properties.some((p) => p.key === key)) fail(`deprecated property ${key} is not in the catalogue`);
  if (!properties.some((p) => p.key === entry.replacement)) fail(`replacement ${entry.replacement} of ${key} is not in the catalogue`);
}

const seen = new Set();
for (const p of properties) {
  if (seen.has(p.key)) fail(`duplicate property key ${p.key}`);
  seen.add(p.key);
}

const written = [
  writeJson('haproxy-keywords.json', haproxyKeywords),
  writeJson('haproxy-dump-2.6.json', haproxyDump),
  writeJson('bitbucket-properties.json', {
    $comment: 'Generated by scripts/update-data.mjs from the property catalogue; do not edit by hand.',
    properties,
  }),
];
console.log(
  `update-data: ${keywordList.length} keywords, ${bindOptions.length} bind options, ${serverOptions.length} server options, ` +
    `${properties.length} properties from ${factsDir}`,
);
for (const path of written) console.log(`  wrote ${path.startsWith(repoRoot) ? path.slice(repoRoot.length + 1) : path}`);
