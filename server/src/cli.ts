/**
 * haproxy-bitbucket-lint: the same rules as the language server, for terminals and CI.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding, LanguageId, Settings } from './common/types';
import { normaliseSeverity } from './common/types';
import { languageForPath, parseDocument, validate, rules, rulesById } from './service';
import { normaliseVersion, SUPPORTED_VERSIONS } from './facts/haproxy';

const USAGE = `Usage: haproxy-bitbucket-lint [options] PATH...

Lints haproxy.cfg (*.cfg) and bitbucket.properties (*.properties) files.
Directories are searched recursively (node_modules and .git are skipped).

Options:
  --format text|json        output format (default: text)
  --haproxy-version V       target HAProxy version (${SUPPORTED_VERSIONS.join(', ')}, latest)
  --language haproxy|bitbucket-properties
                            language for files whose name does not tell
  --rule ID=SEVERITY        override a rule's severity (off|hint|info|warning|error); repeatable
  --list-rules              print every rule with its default severity and exit
  --no-color                plain text output even on a terminal
  --quiet                   report errors only
  -h, --help                show this help
  -v, --version             print the version

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: !!process.stdout.isTTY,
};

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json';
  settings: Settings;
  language?: LanguageId;
  color: boolean;
  quiet: boolean;
  paths: string[];
  listRules: boolean;
  help: boolean;
  version: boolean;
}

function parseArgs(argv: string[], io: CliIo): Options {
  const o: Options = {
    format: 'text',
    settings: { rules: {} },
    color: io.isTTY && !process.env.NO_COLOR,
    quiet: false,
    paths: [],
    listRules: false,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' (use text or json)`);
        o.format = f;
        break;
      }
      case '--haproxy-version': {
        const v = value();
        if (!normaliseVersion(v)) throw new UsageError(`unsupported HAProxy version '${v}' (use ${SUPPORTED_VERSIONS.join(', ')} or latest)`);
        o.settings.haproxyVersion = v;
        break;
      }
      case '--language': {
        const l = value();
        if (l !== 'haproxy' && l !== 'bitbucket-properties') throw new UsageError(`unknown language '${l}'`);
        o.language = l;
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(v);
        if (!m) throw new UsageError(`--rule expects ID=SEVERITY, got '${v}'`);
        if (!rulesById.has(m[1])) throw new UsageError(`unknown rule '${m[1]}' (see --list-rules)`);
        if (!normaliseSeverity(m[2])) throw new UsageError(`unknown severity '${m[2]}' (use off, hint, info, warning or error)`);
        o.settings.rules[m[1]] = m[2] as Settings['rules'][string];
        break;
      }
      case '--list-rules':
        o.listRules = true;
        break;
      case '--no-color':
        o.color = false;
        break;
      case '--color':
        o.color = true;
        break;
      case '--quiet':
      case '-q':
        o.quiet = true;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--version':
      case '-v':
        o.version = true;
        break;
      case '--':
        o.paths.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        o.paths.push(arg);
    }
  }
  return o;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

async function collectFiles(target: string, explicitLanguage: LanguageId | undefined): Promise<{ file: string; language?: LanguageId }[]> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) {
    return [{ file: target, language: explicitLanguage ?? languageForPath(target) ?? guessLanguage(target) }];
  }
  const out: { file: string; language?: LanguageId }[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p);
      } else if (e.isFile()) {
        const language = explicitLanguage ?? languageForPath(p);
        if (language) out.push({ file: p, language });
      }
    }
  };
  await walk(target);
  return out;
}

function guessLanguage(file: string): LanguageId | undefined {
  const base = path.basename(file).toLowerCase();
  if (base.includes('haproxy')) return 'haproxy';
  if (base.includes('bitbucket') || base.includes('stash-config')) return 'bitbucket-properties';
  return undefined;
}

export interface FileResult {
  path: string;
  language: LanguageId;
  diagnostics: Finding[];
}

/** Decodes a file's bytes. Invalid UTF-8 and binary content become findings, not crashes. */
export function decode(bytes: Uint8Array): { text: string; problems: Finding[] } {
  const problems: Finding[] = [];
  const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const sample = bytes.subarray(0, 8192);
  let nul = 0;
  for (const b of sample) if (b === 0) nul++;
  if (nul > 0 && nul * 20 > sample.length) {
    problems.push({ rule: 'syntax-error', severity: 'error', message: 'This looks like a binary file, not a text configuration: it was not checked.', range: at0, fixes: [] });
    return { text: '', problems };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problems };
  } catch {
    problems.push({
      rule: 'syntax-error',
      severity: 'error',
      message: 'The file is not valid UTF-8; invalid bytes are shown as U+FFFD. Save it as UTF-8 (or plain ASCII).',
      range: at0,
      fixes: [],
    });
    return { text: new TextDecoder('utf-8').decode(bytes), problems };
  }
}

export function lintText(text: string, language: LanguageId, settings: Settings): Finding[] {
  return validate(parseDocument(text, language), settings);
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m', reset: '\x1b[0m', bold: '\x1b[1m' };

function formatText(results: FileResult[], color: boolean): string {
  const lines: string[] = [];
  let counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of results) {
    for (const d of r.diagnostics) {
      counts[d.severity]++;
      const loc = `${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const sev = color ? `${COLORS[d.severity]}${d.severity}${COLORS.reset}` : d.severity;
      const fix = d.fixes.length ? ' (fixable)' : '';
      lines.push(`${color ? COLORS.bold + loc + COLORS.reset : loc}: ${sev}: ${d.message} [${d.rule}]${fix}`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = results.length;
  lines.push(
    total === 0
      ? `${files} file${files === 1 ? '' : 's'} checked, no problems.`
      : `${files} file${files === 1 ? '' : 's'} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} info, ${counts.hint} hint(s).`,
  );
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`haproxy-bitbucket-lint: ${e.message}\n${USAGE.split('\n')[0]}\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (options.version) {
    io.stdout('0.1.0\n');
    return 0;
  }
  if (options.listRules) {
    for (const r of rules) io.stdout(`${r.meta.id.padEnd(36)} ${r.meta.defaultSeverity.padEnd(12)} ${r.meta.fixable ? 'fixable ' : '        '} ${r.meta.description}\n`);
    return 0;
  }
  if (options.paths.length === 0) {
    io.stderr(`haproxy-bitbucket-lint: no files given\n${USAGE.split('\n')[0]}\n`);
    return 2;
  }
  let ioError = false;
  const results: FileResult[] = [];
  for (const target of options.paths) {
    let files: { file: string; language?: LanguageId }[];
    try {
      files = await collectFiles(target, options.language);
    } catch (e) {
      io.stderr(`haproxy-bitbucket-lint: cannot read '${target}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}\n`);
      ioError = true;
      continue;
    }
    for (const { file, language } of files) {
      if (!language) {
        io.stderr(`haproxy-bitbucket-lint: cannot tell the language of '${file}' from its name; use --language haproxy or --language bitbucket-properties\n`);
        ioError = true;
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await fs.readFile(file);
      } catch (e) {
        io.stderr(`haproxy-bitbucket-lint: cannot read '${file}': ${(e as Error).message}\n`);
        ioError = true;
        continue;
      }
      const { text, problems } = decode(bytes);
      let diagnostics = [...problems, ...(text ? lintText(text, language, options.settings) : [])];
      if (options.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
      results.push({ path: file, language, diagnostics });
    }
  }
  if (options.format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          files: results.map((r) => ({
            path: r.path,
            language: r.language,
            diagnostics: r.diagnostics.map((d) => ({
              rule: d.rule,
              severity: d.severity,
              message: d.message,
              range: d.range,
              fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits })),
            })),
          })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(formatText(results, options.color));
  }
  if (ioError) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`haproxy-bitbucket-lint: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
