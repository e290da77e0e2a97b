/** Command-line options of haproxy-bitbucket-lint: parsing, validation and the help text. */
import type { LanguageId, Severity, SeveritySetting } from '../common/types';
import { normaliseSeverity } from '../common/types';
import { rulesById } from '../service';
import { normaliseVersion, SUPPORTED_VERSIONS } from '../facts/haproxy';

export const VERSION = '0.1.0';

export const USAGE = `Usage: haproxy-bitbucket-lint [options] PATH...
       haproxy-bitbucket-lint [options] --stdin [--stdin-filename NAME] < FILE

Lints haproxy.cfg (*.cfg) and bitbucket.properties (*.properties) files.
Directories are searched recursively (node_modules and .git are skipped).
Files that belong to one deployment (haproxy.cfg, bitbucket.properties and, for
Bitbucket 4.x, Tomcat's server.xml, in the same directory or grouped by the
config file's "deployments") are also checked against each other: context
path, proxy name and port, scheme, secure flag, backend port, health check.

Output:
  --format text|json|sarif  output format (default: text)
  --quiet, -q               list errors only (the exit code still follows --fail-on)
  --color, --no-color       force or turn off colour (default: on for a terminal
                            unless NO_COLOR is set)

Checks:
  --config FILE             use this config file instead of looking for
                            .haproxy-bitbucket-lint.json above each file
  --rule ID=SEVERITY        override a rule's severity (off|hint|info|warning|error);
                            repeatable; wins over the config file
  --haproxy-version V       target HAProxy version (${SUPPORTED_VERSIONS.join(', ')}, latest);
                            wins over the config file
  --language haproxy|bitbucket-properties
                            language of the files named here (and of --stdin)
                            whose name does not tell

Exit status:
  --fail-on error|warning|info
                            lowest severity that fails the run (default: error)
  --max-warnings N          also fail when there are more than N warnings

Fixing:
  --fix                     apply every safe fix to the files in place
  --fix-dry-run             print the safe fixes as a unified diff; change nothing

Input:
  --stdin                   read one document from standard input
  --stdin-filename NAME     name of that document: picks the language, the config
                            file and ignore globs, and is shown in the report

Information:
  --list-rules              print every rule with its default severity and exit
  --explain ID              print the documentation of a rule and exit
  -h, --help                show this help
  -v, --version             print the version

Exit codes: 0 nothing at or above the --fail-on level (and not too many warnings),
1 findings at or above it (or more than --max-warnings warnings), 2 usage, configuration
or I/O error.`;

export class UsageError extends Error {}

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface Options {
  format: OutputFormat;
  /** Severity overrides from --rule; applied on top of the config file. */
  rules: Record<string, SeveritySetting>;
  haproxyVersion?: string;
  language?: LanguageId;
  configFile?: string;
  failOn: Severity;
  maxWarnings?: number;
  fix: boolean;
  fixDryRun: boolean;
  stdin: boolean;
  stdinFilename?: string;
  color: boolean;
  quiet: boolean;
  paths: string[];
  listRules: boolean;
  explain?: string;
  help: boolean;
  version: boolean;
}

export interface ArgEnv {
  isTTY: boolean;
  noColorEnv: boolean;
}

export function parseArgs(argv: string[], env: ArgEnv): Options {
  const o: Options = {
    format: 'text',
    rules: {},
    failOn: 'error',
    fix: false,
    fixDryRun: false,
    stdin: false,
    color: env.isTTY && !env.noColorEnv,
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
    const flag = () => {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
    };
    switch (name) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (use text, json or sarif)`);
        o.format = f;
        break;
      }
      case '--haproxy-version': {
        const v = value();
        if (!normaliseVersion(v)) throw new UsageError(`unsupported HAProxy version '${v}' (use ${SUPPORTED_VERSIONS.join(', ')} or latest)`);
        o.haproxyVersion = v;
        break;
      }
      case '--language': {
        const l = value();
        if (l !== 'haproxy' && l !== 'bitbucket-properties') throw new UsageError(`unknown language '${l}' (use haproxy or bitbucket-properties)`);
        o.language = l;
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(v);
        if (!m) throw new UsageError(`--rule expects ID=SEVERITY, got '${v}'`);
        if (!rulesById.has(m[1])) throw new UsageError(`unknown rule '${m[1]}' (see --list-rules)`);
        if (!normaliseSeverity(m[2])) throw new UsageError(`unknown severity '${m[2]}' (use off, hint, info, warning or error)`);
        o.rules[m[1]] = m[2] as SeveritySetting;
        break;
      }
      case '--config':
        o.configFile = value();
        break;
      case '--fail-on': {
        const v = value();
        if (v === 'error') o.failOn = 'error';
        else if (v === 'warning') o.failOn = 'warning';
        else if (v === 'info') o.failOn = 'information';
        else throw new UsageError(`--fail-on expects error, warning or info, got '${v}'`);
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a whole number of 0 or more, got '${v}'`);
        o.maxWarnings = Number(v);
        break;
      }
      case '--fix':
        flag();
        o.fix = true;
        break;
      case '--fix-dry-run':
        flag();
        o.fixDryRun = true;
        break;
      case '--stdin':
        flag();
        o.stdin = true;
        break;
      case '--stdin-filename':
        o.stdinFilename = value();
        if (!o.stdinFilename) throw new UsageError('--stdin-filename needs a non-empty name');
        break;
      case '--list-rules':
        flag();
        o.listRules = true;
        break;
      case '--explain':
        o.explain = value();
        break;
      case '--no-color':
        flag();
        o.color = false;
        break;
      case '--color':
        flag();
        o.color = true;
        break;
      case '--quiet':
      case '-q':
        flag();
        o.quiet = true;
        break;
      case '--help':
      case '-h':
        flag();
        o.help = true;
        break;
      case '--version':
      case '-v':
        flag();
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
  checkCombinations(o);
  return o;
}

/** Options that make no sense together, or an input that is missing. */
function checkCombinations(o: Options): void {
  if (o.help || o.version || o.listRules || o.explain !== undefined) return;
  if (o.fix && o.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (o.stdinFilename !== undefined && !o.stdin) throw new UsageError('--stdin-filename only applies with --stdin');
  if (o.stdin) {
    if (o.paths.length > 0) throw new UsageError('--stdin reads one document from standard input: give no paths with it');
    if (o.fix) throw new UsageError('--fix writes files and cannot write to standard input; use --fix-dry-run to see the changes');
    if (!o.language && !o.stdinFilename) {
      throw new UsageError('with --stdin, give --stdin-filename NAME or --language haproxy|bitbucket-properties');
    }
  } else if (o.paths.length === 0) {
    throw new UsageError('no files given');
  }
  if (o.fixDryRun && o.format !== 'text') {
    throw new UsageError('--fix-dry-run prints a diff; it cannot be combined with --format json or sarif');
  }
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** Whether a finding of `severity` reaches the --fail-on threshold. */
export function reaches(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}
