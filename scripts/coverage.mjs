#!/usr/bin/env node
// Coverage of the HAProxy knowledge the product ships:
//  1. keywords we know vs the keyword names in the shared fact files (per version),
//  2. keywords we know vs what the installed haproxy registers (`haproxy -dKall`),
//  3. how many of them have a description written for hover and completion.
//
//   npm run coverage-report              print the report
//   npm run coverage-report -- --strict  exit with 1 when anything is below 100%
//   npm run coverage-report -- --json    the same figures as JSON
//
// Without haproxy on the PATH, part 2 uses ../shared/facts/haproxy-2.6/dKall.txt instead.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const factsDir = resolve(process.env.HB_FACTS_DIR || join(repoRoot, '..', 'shared', 'facts'));
const factsRoot = join(repoRoot, 'server', 'src', 'facts');
const args = new Set(process.argv.slice(2));

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const keywordsFile = readJson(join(factsRoot, 'data', 'haproxy-keywords.json'));
const dumpFile = readJson(join(factsRoot, 'data', 'haproxy-dump-2.6.json'));
const docs = readJson(join(factsRoot, 'haproxy-docs.json'));
const sampleDocs = readJson(join(factsRoot, 'haproxy-sample-docs.json'));

const names = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

// ---------------------------------------------------------------------------------------
// What we know

const known = new Map(keywordsFile.keywords.map((k) => [k.name, k]));
const removed = new Set(keywordsFile.removed.map((r) => r.name));
const knownInVersion = (name, version) => {
  const k = known.get(name);
  return k ? Object.values(k.sections).some((versions) => versions.includes(version)) : false;
};
/** A word that starts known multi-word keywords ('timeout', 'stats', 'tcp-request'). */
const isPrefix = (word) => [...known.keys()].some((k) => k.startsWith(`${word} `));
const bindKnown = new Map(keywordsFile.bindOptions.map((o) => [o.name, o]));
const serverKnown = new Map(keywordsFile.serverOptions.map((o) => [o.name, o]));

// ---------------------------------------------------------------------------------------
// 1. The fact files, per version

function tsvColumn(text, column) {
  const lines = text.split('\n').filter(Boolean);
  const header = lines[0].split('\t');
  const i = header.indexOf(column);
  return lines.slice(1).map((l) => l.split('\t')[i]?.trim()).filter(Boolean);
}

const factRows = [];
for (const version of keywordsFile.versions) {
  const dir = join(factsDir, `haproxy-${version}`);
  if (!existsSync(dir)) continue;
  const proxy = tsvColumn(readFileSync(join(dir, 'proxy-keywords.tsv'), 'utf8'), 'keyword');
  const global = [...names(readFileSync(join(dir, 'global-keywords.txt'), 'utf8')), ...globalDefinitions(dir)];
  const kwMissing = [...new Set([...proxy, ...global])].filter(
    (n) => !removed.has(n) && !knownInVersion(n, version) && !(n === 'stats' && isPrefix('stats')) && !isOtherSection(n),
  );
  const bind = names(readFileSync(join(dir, 'bind-options.txt'), 'utf8'));
  const server = names(readFileSync(join(dir, 'server-options.txt'), 'utf8'));
  const optMissing = [
    ...bind.filter((n) => !bindKnown.get(n)?.versions.includes(version)).map((n) => `bind ${n}`),
    ...server.filter((n) => n !== 'address' && !serverKnown.get(n)?.versions.includes(version)).map((n) => `server ${n}`),
  ];
  factRows.push({
    version,
    total: new Set([...proxy, ...global]).size + bind.length + server.length,
    missing: [...kwMissing, ...optMissing],
  });
}

/**
 * Keywords defined in the body of section 3. As in update-data, the body continues with
 * the userlist, peers, mailers... sections, whose words are not global keywords (except
 * the httpclient.* ones that follow them).
 */
function globalDefinitions(dir) {
  const out = [];
  let other = false;
  for (const name of names(readFileSync(join(dir, 'global-keywords-from-definitions.txt'), 'utf8'))) {
    if (name === 'userlist') other = true;
    if (!other || name.startsWith('httpclient.')) out.push(name);
  }
  return out;
}

/** Words of the section 3 body that belong to the userlist, peers, mailers... sections. */
function isOtherSection(name) {
  const k = known.get(name);
  return k !== undefined && !k.sections.global;
}

// ---------------------------------------------------------------------------------------
// 2. haproxy -dKall

function dumpText() {
  const run = spawnSync('haproxy', ['-dKall', '-q', '-c', '-f', '/dev/null'], { encoding: 'utf8' });
  if (run.status === 0 || (run.stdout && run.stdout.includes('# List of registered'))) {
    const version = spawnSync('haproxy', ['-v'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'haproxy';
    return { text: run.stdout, from: version.trim() };
  }
  const file = join(factsDir, 'haproxy-2.6', 'dKall.txt');
  return { text: readFileSync(file, 'utf8'), from: file };
}

const { text: dKall, from: dumpSource } = dumpText();
const dumpGroups = {
  'configuration keywords': { total: 0, missing: [] },
  'bind options': { total: 0, missing: [] },
  'server options': { total: 0, missing: [] },
  'rule actions': { total: 0, missing: [] },
  'ACL keywords': { total: 0, missing: [] },
  'sample fetches': { total: 0, missing: [] },
  'converters': { total: 0, missing: [] },
  'filters': { total: 0, missing: [] },
  'services': { total: 0, missing: [] },
};
const dumpActions = new Set(Object.values(dumpFile.actions).flat().map((a) => a.name));
const knownAcl = new Set(dumpFile.aclKeywords.map((a) => a.name));
const knownFetches = new Set(dumpFile.fetches.map((f) => f.name));
const knownConverters = new Set(dumpFile.converters.map((c) => c.name));
const knownFilters = new Set(dumpFile.filters);
const knownServices = new Set(dumpFile.services);

function count(group, name, isKnown) {
  dumpGroups[group].total++;
  if (!isKnown) dumpGroups[group].missing.push(name);
}

let part;
let section;
for (const line of dKall.split('\n')) {
  if (line.startsWith('# List of registered ')) {
    const what = line.slice('# List of registered '.length);
    part = what.startsWith('ACL') ? 'acl' : what.startsWith('configuration') ? 'config' : what.startsWith('sample converter')
      ? 'conv' : what.startsWith('filter') ? 'filter' : what.startsWith('sample fetch') ? 'fetch' : what.startsWith('service') ? 'service' : undefined;
    continue;
  }
  if (!line.trim() || line.startsWith('#')) continue;
  const t = line.trim();
  let m;
  if (part === 'acl') {
    if ((m = /^(\S+) =/.exec(t))) count('ACL keywords', m[1], knownAcl.has(m[1]));
  } else if (part === 'config') {
    if (!line.startsWith('\t')) {
      section = t;
      continue;
    }
    if ((m = /^bind <addr> (?:ssl )?(\S+)/.exec(t))) count('bind options', m[1], bindKnown.has(m[1]));
    else if ((m = /^server <name> <addr> (\S+)/.exec(t))) count('server options', m[1], serverKnown.has(m[1]));
    else if ((m = /^(http-request|http-response|http-after-response|tcp-request \S+|tcp-response \S+) (\S+)$/.exec(t))) {
      const name = m[2].replace(/\*$/, '');
      count('rule actions', `${m[1]} ${name}`, dumpActions.has(name));
    } else if (section === 'crt-list') {
      const name = t.split(' ')[0];
      count('configuration keywords', `crt-list ${name}`, bindKnown.has(name));
    } else if ((m = /^option (\S+)/.exec(t))) {
      count('configuration keywords', `option ${m[1]}`, known.has(`option ${m[1]}`));
    } else {
      const name = t.split(' ')[0];
      count('configuration keywords', name, known.has(name) || removed.has(name) || isPrefix(name));
    }
  } else if (part === 'conv') {
    if ((m = /^([^\s(:]+)/.exec(t))) count('converters', m[1], knownConverters.has(m[1]));
  } else if (part === 'fetch') {
    if ((m = /\] ([^\s(:]+)/.exec(t))) count('sample fetches', m[1], knownFetches.has(m[1]));
  } else if (part === 'filter') {
    if ((m = /^(\S+)/.exec(t))) count('filters', m[1], knownFilters.has(m[1]));
  } else if (part === 'service') {
    count('services', t, knownServices.has(t));
  }
}

// ---------------------------------------------------------------------------------------
// 3. Descriptions

const described = (table, name) => typeof table[name] === 'string' ? table[name].length > 0 : Boolean(table[name]?.summary);
const descGroups = [
  ['configuration keywords', [...known.keys()], (n) => described(docs.keywords, n)],
  ['section headers', Object.keys(keywordsFile.sections), (n) => described(docs.sections, n)],
  ['bind options', [...bindKnown.keys()], (n) => described(docs.bindOptions, n)],
  ['server options', [...serverKnown.keys()], (n) => described(docs.serverOptions, n)],
  ['rule actions', [...dumpActions], (n) => described(sampleDocs.actions, n)],
  ['ACL keywords', [...knownAcl], (n) => described(sampleDocs.aclKeywords, n)],
  ['sample fetches', [...knownFetches], (n) => described(sampleDocs.fetches, n)],
  ['converters', [...knownConverters], (n) => described(sampleDocs.converters, n)],
  ['filters', [...knownFilters], (n) => described(sampleDocs.filters, n)],
  ['services', [...knownServices], (n) => described(sampleDocs.services, n)],
].map(([group, list, ok]) => ({ group, total: list.length, missing: list.filter((n) => !ok(n)).sort() }));

// ---------------------------------------------------------------------------------------
// Report

const pct = (total, missing) => (total === 0 ? '100.0' : ((100 * (total - missing)) / total).toFixed(1));
const report = {
  facts: factRows.map((r) => ({ version: r.version, total: r.total, known: r.total - r.missing.length, missing: r.missing })),
  dump: { source: dumpSource, groups: Object.entries(dumpGroups).map(([group, g]) => ({ group, total: g.total, known: g.total - g.missing.length, missing: g.missing })) },
  descriptions: descGroups.map((g) => ({ group: g.group, total: g.total, described: g.total - g.missing.length, missing: g.missing })),
};

if (args.has('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const show = (missing) => (missing.length ? `   missing: ${missing.slice(0, 12).join(', ')}${missing.length > 12 ? `, ... (${missing.length})` : ''}` : '');
  console.log('Keywords known vs the fact files (keywords, bind and server options per manual)');
  for (const r of report.facts) {
    console.log(`  ${r.version.padEnd(8)} ${String(r.known).padStart(5)} / ${String(r.total).padEnd(5)} ${pct(r.total, r.missing.length).padStart(5)}%${show(r.missing)}`);
  }
  console.log(`\nKeywords known vs haproxy -dKall (${report.dump.source})`);
  for (const g of report.dump.groups) {
    console.log(`  ${g.group.padEnd(24)} ${String(g.known).padStart(5)} / ${String(g.total).padEnd(5)} ${pct(g.total, g.missing.length).padStart(5)}%${show(g.missing)}`);
  }
  console.log('\nWritten descriptions');
  for (const g of report.descriptions) {
    console.log(`  ${g.group.padEnd(24)} ${String(g.described).padStart(5)} / ${String(g.total).padEnd(5)} ${pct(g.total, g.missing.length).padStart(5)}%${show(g.missing)}`);
  }
}

const incomplete =
  report.facts.some((r) => r.missing.length) || report.dump.groups.some((g) => g.missing.length) || report.descriptions.some((g) => g.missing.length);
if (args.has('--strict') && incomplete) process.exit(1);
