/**
 * haproxy-bitbucket-lint: the same rules as the language server, for terminals and CI.
 * This file is the entry point (`main`); the parts live in ./cli/: options (args.ts),
 * finding, reading and writing files (files.ts), config files (config.ts), --fix (fix.ts),
 * --fix-dry-run diffs (diff.ts), text and JSON reports (format.ts), SARIF (sarif.ts) and
 * --explain (explain.ts).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding, LanguageId, Settings } from './common/types';
import { isIgnored, type LintConfig } from './common/configFile';
import { ruleDocsUrl } from './common/meta';
import { parseDocument, validate, rules, rulesById, type ParsedDocument } from './service';
import { parseArgs, reaches, UsageError, USAGE, VERSION, type Options } from './cli/args';
import { collectFiles, decode, encode, languageForName, writeFileAtomic, type Input } from './cli/files';
import { ConfigError, ConfigResolver, loadConfig, settingsFor } from './cli/config';
import { fixText } from './cli/fix';
import { unifiedDiff } from './cli/diff';
import { formatJson, formatText, type FileResult } from './cli/format';
import { toSarif } from './cli/sarif';
import { findRulePage } from './cli/explain';
import { isServerXmlPath, lintDeployments, mergeFindings, planBatch } from './deployment/batch';
import { readDeploymentFile } from './deployment/files';
import type { HaproxyConfig } from './haproxy/ast';
import { parseHaproxy } from './haproxy/parser';

export { decode } from './cli/files';
export type { FileResult } from './cli/format';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  /** Standard input, read to the end (for --stdin). */
  readStdin?: () => Promise<Uint8Array>;
}

async function readProcessStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: !!process.stdout.isTTY,
  readStdin: readProcessStdin,
};

export function lintText(text: string, language: LanguageId, settings: Settings): Finding[] {
  return validate(parseDocument(text, language), settings);
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv, { isTTY: io.isTTY, noColorEnv: !!process.env.NO_COLOR });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`haproxy-bitbucket-lint: ${e.message}\n${USAGE.split('\n')[0]}\nRun haproxy-bitbucket-lint --help for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (options.listRules) {
    for (const r of rules) io.stdout(`${r.meta.id.padEnd(36)} ${r.meta.defaultSeverity.padEnd(12)} ${r.meta.fixable ? 'fixable ' : '        '} ${r.meta.description}\n`);
    return 0;
  }
  if (options.explain !== undefined) return explain(options.explain, io);

  const cwd = process.cwd();
  /** Usage, configuration and I/O problems: reported at once, and the exit code becomes 2. */
  const notifications: { message: string; file?: string }[] = [];
  const problem = (message: string, file?: string) => {
    io.stderr(`haproxy-bitbucket-lint: ${message}\n`);
    notifications.push({ message, ...(file ? { file } : {}) });
  };
  const reportedConfigProblems = new Set<string>();
  const configProblem = (message: string) => {
    if (reportedConfigProblems.has(message)) return;
    reportedConfigProblems.add(message);
    problem(message);
  };

  let explicitConfig: LintConfig | undefined;
  if (options.configFile !== undefined) {
    try {
      explicitConfig = await loadConfig(options.configFile, configProblem);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      io.stderr(`haproxy-bitbucket-lint: ${e.message}\n`);
      return 2;
    }
  }
  const configs = new ConfigResolver(explicitConfig, configProblem);

  const inputs: Input[] = [];
  if (options.stdin) {
    const name = options.stdinFilename;
    inputs.push({ file: name ?? '<stdin>', language: options.language ?? (name ? languageForName(name) : undefined), explicit: true });
  } else {
    const seen = new Set<string>();
    for (const target of options.paths) {
      try {
        const found = await collectFiles(target, options.language, (dir, e) => problem(`cannot read directory '${dir}': ${errorText(e)}`, dir));
        // A file named twice (or named and inside a named directory) is checked and fixed once.
        for (const input of found) {
          const key = path.resolve(input.file);
          if (!seen.has(key)) {
            seen.add(key);
            inputs.push(input);
          }
        }
      } catch (e) {
        problem(`cannot read '${target}': ${errorText(e)}`, target);
      }
    }
  }
  // server.xml has no language of its own: it only takes part in the cross-file checks.
  const serverXmlInputs = inputs.filter((i) => !options.stdin && isServerXmlPath(i.file)).map((i) => i.file);
  inputs.splice(0, inputs.length, ...inputs.filter((i) => !serverXmlInputs.includes(i.file)));
  const deploymentTexts = new Map<string, { text: string; language: LanguageId; document?: ParsedDocument }>();
  // The cross-file checks reuse the parse of each file instead of parsing it again, as long
  // as the parses kept stay small; beyond that, files are parsed again one deployment at a
  // time as before, so a large tree does not hold every parse at once.
  let keptText = 0;
  const KEEP_TEXT_LIMIT = 16 * 1024 * 1024;

  // Which files form one HAProxy configuration (a haproxy.d folder, several files named
  // together): each file is checked knowing the others, as HAProxy reads them together.
  const plan = options.stdin ? undefined : await planBatch(options.paths, (t) => inputs.find((i) => i.file === t)?.language, (file) => configs.forFile(file));
  const peers = new Map<string, string[]>();
  for (const p of plan?.plans ?? []) {
    if (p.haproxy.length < 2) continue;
    for (const file of p.haproxy) peers.set(file, [...new Set([...(peers.get(file) ?? []), ...p.haproxy.filter((f) => f !== file)])]);
  }
  const peerConfigs = new Map<string, HaproxyConfig | undefined>();
  const othersOf = async (file: string): Promise<HaproxyConfig[]> => {
    const out: HaproxyConfig[] = [];
    for (const peer of peers.get(path.resolve(file)) ?? []) {
      if (!peerConfigs.has(peer)) {
        const text = await readDeploymentFile(peer, undefined);
        peerConfigs.set(peer, text === undefined ? undefined : parseHaproxy(text));
      }
      const config = peerConfigs.get(peer);
      if (config) out.push(config);
    }
    return out;
  };

  const results: FileResult[] = [];
  let ignored = 0;
  let diffs = '';
  for (const input of inputs) {
    const configPath = options.stdin && !options.stdinFilename ? path.join(cwd, input.file) : input.file;
    const config = await configs.forFile(configPath);
    if (isIgnored(config, configPath)) {
      ignored++;
      continue;
    }
    const language = input.language;
    if (!language) {
      problem(`cannot tell the language of '${input.file}' from its name; use --language haproxy or --language bitbucket-properties`, input.file);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = options.stdin ? await (io.readStdin ?? readProcessStdin)() : await fs.readFile(input.file);
    } catch (e) {
      problem(`cannot read '${input.file}': ${errorText(e)}`, input.file);
      continue;
    }
    const settings = settingsFor(config, options);
    const others = language === 'haproxy' ? await othersOf(input.file) : [];
    let parsed: ParsedDocument | undefined;
    const abs = path.resolve(input.file);
    const lint = (text: string): Finding[] => {
      if (!text) return [];
      // A file of a split configuration may have been parsed already as another file's peer, and the
      // others still to come take its first parse (the text on disk) as theirs.
      const asPeer = peerConfigs.get(abs);
      parsed = asPeer && asPeer.source.text === text ? { language, source: asPeer.source, haproxy: asPeer } : parseDocument(text, language);
      if (peers.has(abs) && !peerConfigs.has(abs) && parsed.haproxy) peerConfigs.set(abs, parsed.haproxy);
      return validate(parsed, settings, { others });
    };
    const keep = (text: string) => {
      const document = parsed && parsed.source.text === text && keptText + text.length <= KEEP_TEXT_LIMIT ? parsed : undefined;
      if (document) keptText += text.length;
      deploymentTexts.set(input.file, { text, language, ...(document ? { document } : {}) });
    };
    const decoded = decode(bytes);
    const result: FileResult = { path: input.file, language, diagnostics: decoded.problems };
    if ((options.fix || options.fixDryRun) && decoded.exact) {
      const fixed = fixText(decoded.text, lint);
      result.diagnostics = fixed.initial;
      if (fixed.applied > 0) {
        let done = true;
        if (options.fixDryRun) {
          const name = diffName(input.file, cwd);
          diffs += unifiedDiff(decoded.text, fixed.text, name.old, name.new);
        } else {
          try {
            await writeFileAtomic(input.file, encode(fixed.text, decoded.bom));
          } catch (e) {
            problem(`cannot write the fixes to '${input.file}': ${errorText(e)}`, input.file);
            done = false;
          }
        }
        if (done) {
          result.diagnostics = fixed.findings;
          result.fixed = fixed.applied;
          keep(fixed.text);
        }
      }
    } else {
      if (options.fix || options.fixDryRun) io.stderr(`haproxy-bitbucket-lint: not fixing '${input.file}': it is not UTF-8 text\n`);
      result.diagnostics = [...decoded.problems, ...lint(decoded.text)];
    }
    if (!deploymentTexts.has(input.file)) keep(decoded.text);
    results.push(result);
  }

  // Cross-file checks: directories and the files named together form deployments.
  if (!options.stdin) {
    const cross = await lintDeployments({
      targets: options.paths,
      texts: deploymentTexts,
      serverXml: serverXmlInputs,
      settingsFor: async (file) => settingsFor(await configs.forFile(file), options),
      configFor: (file) => configs.forFile(file),
      plan,
    });
    for (const r of results) r.diagnostics = mergeFindings(r.diagnostics, cross.findings.get(r.path) ?? []);
    for (const file of cross.serverXml) {
      if (isIgnored(await configs.forFile(file), file)) ignored++;
      else results.push({ path: file, language: 'server-xml' as unknown as LanguageId, diagnostics: cross.findings.get(file) ?? [] });
    }
    for (const note of cross.notes) io.stderr(`haproxy-bitbucket-lint: note: ${note}\n`);
  }

  const fixing = options.fix || options.fixDryRun;
  if (options.fixDryRun) {
    // The diff alone on standard output, so it can go straight to patch or git apply.
    io.stdout(diffs);
    io.stderr(formatText(results, { color: options.color, quiet: options.quiet, ignored, fixing }));
  } else if (options.format === 'json') {
    io.stdout(formatJson(results, { quiet: options.quiet, fixing, ignored }));
  } else if (options.format === 'sarif') {
    const files = results.map((r) => ({ path: r.path, diagnostics: options.quiet ? r.diagnostics.filter((d) => d.severity === 'error') : r.diagnostics }));
    io.stdout(JSON.stringify(toSarif({ toolName: 'haproxy-bitbucket-lint', version: VERSION, rules, files, cwd, notifications }), null, 2) + '\n');
  } else {
    io.stdout(formatText(results, { color: options.color, quiet: options.quiet, ignored, fixing }));
  }

  if (notifications.length > 0) return 2;
  const all = results.flatMap((r) => r.diagnostics);
  if (all.some((d) => reaches(d.severity, options.failOn))) return 1;
  if (options.maxWarnings !== undefined) {
    const warnings = all.filter((d) => d.severity === 'warning').length;
    if (warnings > options.maxWarnings) {
      io.stderr(`haproxy-bitbucket-lint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows\n`);
      return 1;
    }
  }
  return 0;
}

function errorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/** Names for the ---/+++ lines: a/ and b/ plus the path from the working directory (as
 * git prints them, for `patch -p1` or `git apply`), or the absolute path outside it. */
function diffName(file: string, cwd: string): { old: string; new: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    const posix = rel.split(path.sep).join('/');
    return { old: `a/${posix}`, new: `b/${posix}` };
  }
  return { old: abs, new: abs };
}

async function explain(id: string, io: CliIo): Promise<number> {
  if (!rulesById.has(id)) {
    io.stderr(`haproxy-bitbucket-lint: unknown rule '${id}' (see --list-rules)\n`);
    return 2;
  }
  const page = await findRulePage(id);
  if (!page) {
    io.stderr(`haproxy-bitbucket-lint: the page of '${id}' is not installed; read it at ${ruleDocsUrl(id)}\n`);
    return 2;
  }
  const text = await fs.readFile(page, 'utf8');
  io.stdout(text.endsWith('\n') ? text : text + '\n');
  return 0;
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
