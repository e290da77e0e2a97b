// Agreement with HAProxy: Debian's `haproxy -c` against our CLI (target version 2.6).
//
//   npm run oracle           (needs `npm run build` and haproxy 2.6 on the PATH)
//   npm run oracle -- --list-unmatched   (also lists every claimed alert we do not match)
//
// 1. Every file in ../shared/corpus/haproxy/: files haproxy accepts on which we report an
//    error (there must be none); for files it rejects, per alert category, how many alerts
//    we match with an error on the same line, and the categories we do not claim.
// 2. Accepted files with one mistake of each kind our rules claim inserted after a section
//    header: haproxy must reject or warn, and we must report the inserted line (recall).
// Exits 1 on any false error (and when haproxy or the corpus is missing), 0 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'haproxy');
const CLI = path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js');
const TARGET = '2.6';
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`oracle: ${message}\n`);
  process.exit(1);
}

const version = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
if (version.status !== 0) fail('haproxy is not installed (apt-get install -y haproxy)');
if (!/version 2\.6\./.test(version.stdout)) process.stderr.write(`oracle: expected HAProxy 2.6, found: ${version.stdout.split('\n')[0]}\n`);

function corpusFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.cfg')) out.push(p);
    }
  };
  walk(CORPUS);
  return out;
}

/** `haproxy -c -f FILE` from an empty directory with no environment, as the corpus labels were made. */
function haproxyCheck(file, cwd) {
  return new Promise((resolve) => {
    const child = spawn('haproxy', ['-c', '-f', file], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', () => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const messages = [];
      for (const raw of stderr.split('\n')) {
        const m = /^\[(ALERT|WARNING)\]\s+\(\d+\)\s*:\s*(.*)$/.exec(raw);
        if (!m) continue;
        const at = /\[([^\]]*):(\d+)\]/.exec(m[2]);
        messages.push({ level: m[1], line: at && path.resolve(cwd, at[1]) === path.resolve(cwd, file) ? Number(at[2]) : undefined, text: m[2] });
      }
      resolve({ file, code: code ?? -1, messages });
    });
  });
}

async function pool(items, size, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

/** Our CLI over many files at once: findings per file path. */
function lintAll(files) {
  const out = new Map();
  for (let i = 0; i < files.length; i += 200) {
    const batch = files.slice(i, i + 200);
    const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--haproxy-version', TARGET, '--language', 'haproxy', ...batch], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (!r.stdout) fail(`the CLI failed: ${r.stderr}`);
    for (const f of JSON.parse(r.stdout).files) out.set(path.resolve(f.path), f.diagnostics);
  }
  return out;
}

/** What an alert is about, and whether our rules claim to find that kind of problem. First match wins. */
const CATEGORIES = [
  { name: 'summary line (no problem of its own)', claimed: false, summary: true, re: /^(Fatal errors found|Error\(s\) found in configuration file)/i },
  { name: 'missing file (certificate, map, error page, Lua...)', claimed: false, re: /unable to (stat|load|open|read)|cannot (open|read|stat)|No such file|error opening|Couldn.t open|failed to (open|load)|error in Lua file/i },
  { name: 'DNS (host names do not resolve here)', claimed: false, re: /could not resolve|unable to resolve|Failed to initialize server\(s\) addr/i },
  { name: 'unknown sample fetch, converter or service', claimed: false, re: /unknown (fetch method|converter|service name)|failed to parse sample expression/i },
  { name: 'unknown or removed keyword', claimed: true, re: /unknown keyword|unknown option|not supported any ?more|unknown proxy mode/i },
  { name: 'keyword not allowed in this section', claimed: true, re: /not allowed in|only (be )?(used|allowed) in|may only/i },
  { name: 'undefined or duplicate name', claimed: true, re: /no such (ACL|backend|server|table)|unable to find|already defined|same name|distinct names/i },
  { name: 'address or port', claimed: true, re: /invalid address|missing port|port range|invalid port|address/i },
  { name: 'time value', claimed: true, re: /timer|time unit|unexpected character .* in .*time|overflow/i },
  { name: 'argument value or count', claimed: true, re: /expects|expected|unknown log (facility|level|format)|invalid|requires|missing/i },
  { name: 'file syntax (quotes, escapes, truncated file)', claimed: true, re: /quote|escape|truncated|Missing LF|too many words|line too long/i },
];

/** The alert without its `config : parsing [file:line] :` preamble. */
function alertText(text) {
  return text.replace(/^config\s*:\s*/, '').replace(/^(parsing\s*)?\[[^\]]*\]\s*:?\s*/, '');
}

function categoryOf(text) {
  const t = alertText(text);
  return CATEGORIES.find((c) => c.re.test(t)) ?? { name: 'other', claimed: false };
}

// ---------------------------------------------------------------------------------------
// Mistakes our rules claim, inserted after a section header of a kind that takes them.
// ---------------------------------------------------------------------------------------

const MISTAKES = [
  { kind: 'bad time unit', sections: ['defaults', 'frontend', 'backend', 'listen'], line: 'timeout client 50x' },
  { kind: 'time split by a space', sections: ['defaults', 'frontend', 'backend', 'listen'], line: 'timeout client 5 0s' },
  { kind: 'bad IPv4 address', sections: ['frontend', 'listen'], line: 'acl oracle_bad_ip src 300.1.1.1' },
  { kind: 'bad network mask', sections: ['frontend', 'listen'], line: 'acl oracle_bad_mask src 10.0.0.0/33' },
  { kind: 'unknown keyword', sections: ['frontend', 'backend', 'listen'], line: 'maxconnn 10' },
  { kind: 'global keyword in a proxy', sections: ['frontend', 'backend', 'listen'], line: 'daemon' },
  { kind: 'server in a frontend', sections: ['frontend'], line: 'server oracle_s9 127.0.0.1:80' },
  { kind: 'port out of range', sections: ['backend', 'listen'], line: 'server oracle_s9 127.0.0.1:70000' },
  { kind: 'ssl without crt', sections: ['frontend', 'listen'], line: 'bind 127.0.0.1:19443 ssl' },
  { kind: 'undefined backend', sections: ['frontend', 'listen'], line: 'use_backend oracle_no_such_backend' },
  { kind: 'undefined ACL', sections: ['frontend', 'backend', 'listen'], line: 'http-request deny if oracle_no_such_acl' },
];
const LIST_UNMATCHED = process.argv.includes('--list-unmatched');
const PER_KIND = Number(process.env.HB_ORACLE_FILES) > 0 ? Number(process.env.HB_ORACLE_FILES) : 12;

async function main() {
  const files = corpusFiles();
  if (files.length < 100) fail(`corpus not found at ${CORPUS}`);
  const work = mkdtempSync(path.join(tmpdir(), 'hb-oracle-'));
  const started = Date.now();
  process.stderr.write(`haproxy -c on ${files.length} files...\n`);
  const checks = await pool(files, 4, (file) => haproxyCheck(file, work));
  process.stderr.write('our CLI...\n');
  const ours = lintAll(files);

  const rel = (f) => path.relative(CORPUS, f);
  const errorsOf = (file) => (ours.get(path.resolve(file)) ?? []).filter((d) => d.severity === 'error');
  const accepted = checks.filter((c) => c.code === 0 || c.code === 2);
  const rejected = checks.filter((c) => !(c.code === 0 || c.code === 2));
  const falseErrors = [];
  for (const c of accepted) {
    for (const d of errorsOf(c.file)) falseErrors.push(`${rel(c.file)}:${d.range.start.line + 1}: ${d.message} [${d.rule}]`);
  }

  const categories = new Map();
  const unmatched = [];
  for (const c of rejected) {
    const errors = errorsOf(c.file);
    for (const m of c.messages.filter((x) => x.level === 'ALERT')) {
      const cat = categoryOf(m.text);
      if (cat.summary) continue;
      const entry = categories.get(cat.name) ?? { claimed: cat.claimed, alerts: 0, withLine: 0, matched: 0, example: '' };
      entry.alerts++;
      if (m.line !== undefined) {
        entry.withLine++;
        if (errors.some((d) => d.range.start.line + 1 === m.line)) entry.matched++;
        else if (cat.claimed) {
          if (!entry.example) entry.example = `${rel(c.file)}:${m.line}: ${alertText(m.text).slice(0, 140)}`;
          unmatched.push(`[${cat.name}] ${rel(c.file)}:${m.line}: ${alertText(m.text).slice(0, 200)}`);
        }
      }
      categories.set(cat.name, entry);
    }
  }

  // Mutations of accepted files.
  const { parseHaproxy } = require(path.join(ROOT, 'out', 'server', 'src', 'haproxy', 'parser.js'));
  const clean = accepted.filter((c) => c.code === 0 && errorsOf(c.file).length === 0).map((c) => c.file);
  const mutants = [];
  const mutantDir = path.join(work, 'mutants');
  spawnSync('mkdir', ['-p', mutantDir]);
  for (const mistake of MISTAKES) {
    let made = 0;
    for (const file of clean) {
      if (made >= PER_KIND) break;
      const text = readFileSync(file, 'utf8');
      const config = parseHaproxy(text);
      const section = config.sections.find((s) => mistake.sections.includes(s.kind) && s.header.conditionalDepth === 0 && s.name);
      if (!section) continue;
      const lines = text.split('\n');
      const at = section.header.line + 1;
      lines.splice(at, 0, `    ${mistake.line}`);
      const name = `${mistake.kind.replace(/\W+/g, '-')}-${made}-${path.basename(file)}`;
      const out = path.join(mutantDir, name);
      writeFileSync(out, lines.join('\n'));
      mutants.push({ mistake, file: out, source: file, line: at + 1 });
      made++;
    }
  }
  process.stderr.write(`haproxy -c on ${mutants.length} files with one inserted mistake...\n`);
  const mutantChecks = await pool(mutants, 4, (m) => haproxyCheck(m.file, work));
  const mutantFindings = lintAll(mutants.map((m) => m.file));
  const recall = new Map();
  const misses = [];
  mutants.forEach((m, i) => {
    const check = mutantChecks[i];
    const entry = recall.get(m.mistake.kind) ?? { confirmed: 0, found: 0, haproxySilent: 0 };
    const complaint = check.messages.find((x) => x.line === m.line) ?? (check.code !== 0 && check.code !== 2 ? check.messages.find((x) => x.level === 'ALERT' && x.line === undefined) : undefined);
    if (!complaint) {
      entry.haproxySilent++;
    } else {
      entry.confirmed++;
      const wanted = complaint.level === 'ALERT' ? ['error'] : ['error', 'warning'];
      const ok = (mutantFindings.get(path.resolve(m.file)) ?? []).some((d) => d.range.start.line + 1 === m.line && wanted.includes(d.severity));
      if (ok) entry.found++;
      else misses.push(`${m.mistake.kind}: ${path.relative(CORPUS, m.source)} line ${m.line}: haproxy says "${complaint.text.slice(0, 120)}"`);
    }
    recall.set(m.mistake.kind, entry);
  });
  rmSync(work, { recursive: true, force: true });

  // Report.
  const lines = [];
  lines.push(`HAProxy: ${version.stdout.split('\n')[0]}`);
  lines.push(`Corpus: ${files.length} files; haproxy -c accepts ${accepted.length}, rejects ${rejected.length}.`);
  lines.push('');
  lines.push(`Files haproxy accepts on which we report an error: ${new Set(falseErrors.map((e) => e.split(':')[0])).size} (${falseErrors.length} errors)`);
  for (const e of falseErrors.slice(0, 50)) lines.push(`  FALSE ERROR ${e}`);
  lines.push('');
  lines.push('Rejected files, alerts per category (matched = we report an error on the same line):');
  lines.push('| Category | We claim it | Alerts | With a line | Matched |');
  lines.push('|---|---|---|---|---|');
  const sorted = [...categories].sort((a, b) => Number(b[1].claimed) - Number(a[1].claimed) || b[1].alerts - a[1].alerts);
  for (const [name, e] of sorted) {
    const pct = e.withLine ? ` (${Math.round((100 * e.matched) / e.withLine)}%)` : '';
    lines.push(`| ${name} | ${e.claimed ? 'yes' : 'no'} | ${e.alerts} | ${e.withLine} | ${e.claimed ? `${e.matched}${pct}` : '-'} |`);
  }
  const unclaimed = sorted.filter(([, e]) => !e.claimed).map(([n]) => n);
  lines.push(`Not claimed: ${unclaimed.join('; ') || 'none'} (files and host names depend on the machine haproxy runs on; sample expressions are not checked).`);
  for (const [name, e] of sorted) if (e.example) lines.push(`  e.g. unmatched ${name}: ${e.example}`);
  if (LIST_UNMATCHED) for (const u of unmatched.sort()) lines.push(`  UNMATCHED ${u}`);
  lines.push('');
  lines.push(`Seeded mistakes (up to ${PER_KIND} accepted files per kind, one line inserted after a section header):`);
  lines.push('| Mistake | haproxy complains | We report it | Recall |');
  lines.push('|---|---|---|---|');
  for (const [kind, e] of recall) {
    lines.push(`| ${kind} | ${e.confirmed}${e.haproxySilent ? ` (silent on ${e.haproxySilent})` : ''} | ${e.found} | ${e.confirmed ? `${Math.round((100 * e.found) / e.confirmed)}%` : 'n/a'} |`);
  }
  for (const m of misses.slice(0, 30)) lines.push(`  MISSED ${m}`);
  lines.push('');
  lines.push(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  process.stdout.write(lines.join('\n') + '\n');
  if (falseErrors.length > 0) process.exit(1);
}

main().catch((e) => fail(e.stack ?? String(e)));
