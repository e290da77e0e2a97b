/**
 * The CLI's view of `.haproxy-bitbucket-lint.json`: the nearest one above each file (or the
 * one given with --config), checked for rule ids and versions the CLI knows, and turned
 * into settings. Command-line options win over the file; the CLI has no editor settings.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Settings, SeveritySetting } from '../common/types';
import { applyConfig, findConfigFile, parseConfigFile, type LintConfig } from '../common/configFile';
import { rulesById } from '../service';
import { normaliseVersion, SUPPORTED_VERSIONS } from '../facts/haproxy';

export interface CliOverrides {
  rules: Record<string, SeveritySetting>;
  haproxyVersion?: string;
}

/** Settings for a file: defaults, then the config file, then the command line. */
export function settingsFor(config: LintConfig | undefined, overrides: CliOverrides): Settings {
  const fromFile = applyConfig({ rules: {} }, config);
  return {
    ...fromFile,
    rules: { ...fromFile.rules, ...overrides.rules },
    ...(overrides.haproxyVersion ? { haproxyVersion: overrides.haproxyVersion } : {}),
  };
}

/** What the shared parser accepts but the CLI can tell is wrong: unknown rule ids and versions. */
export function checkConfig(config: LintConfig): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(config.rules)) {
    if (!rulesById.has(id)) problems.push(`${config.path}: unknown rule '${id}' in 'rules' (see --list-rules)`);
  }
  if (config.haproxyVersion !== undefined && !normaliseVersion(config.haproxyVersion)) {
    problems.push(`${config.path}: unsupported haproxyVersion '${config.haproxyVersion}' (use ${SUPPORTED_VERSIONS.join(', ')} or latest)`);
  }
  return problems;
}

export class ConfigError extends Error {}

/** Reads and checks one config file. Problems go to `report`; a file that cannot be read throws ConfigError. */
export async function loadConfig(file: string, report: (message: string) => void): Promise<LintConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read config file '${file}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const { config, problems } = parseConfigFile(text, file);
  for (const p of problems) report(p.message);
  for (const p of checkConfig(config)) report(p);
  return config;
}

/** Finds and caches the config file of each directory. */
export class ConfigResolver {
  private readonly byDir = new Map<string, Promise<LintConfig | undefined>>();
  private readonly byFile = new Map<string, Promise<LintConfig>>();

  /** `explicit`: the --config file, used for every input. `report` receives each problem once. */
  constructor(
    private readonly explicit: LintConfig | undefined,
    private readonly report: (message: string) => void,
  ) {}

  /** The config that applies to `file` (a path, resolved against the working directory). */
  forFile(file: string): Promise<LintConfig | undefined> {
    if (this.explicit) return Promise.resolve(this.explicit);
    const dir = path.dirname(path.resolve(file));
    let found = this.byDir.get(dir);
    if (!found) {
      found = findConfigFile(dir).then((configPath) => (configPath ? this.load(configPath) : undefined));
      this.byDir.set(dir, found);
    }
    return found;
  }

  private load(configPath: string): Promise<LintConfig> {
    let loaded = this.byFile.get(configPath);
    if (!loaded) {
      loaded = loadConfig(configPath, this.report).catch((e: unknown) => {
        this.report(e instanceof Error ? e.message : String(e));
        return parseConfigFile('{}', configPath).config;
      });
      this.byFile.set(configPath, loaded);
    }
    return loaded;
  }
}
