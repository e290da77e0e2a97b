/** Shared helpers of the CLI tests: run `main` in-process or the bundled bin, and make temp trees. */
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../server/src/cli';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const BIN = path.join(ROOT, 'bin', 'haproxy-bitbucket-lint.js');

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `main` in this process. `stdin` feeds --stdin; `tty` pretends stdout is a terminal. */
export async function run(args: string[], opts: { stdin?: string | Buffer; tty?: boolean } = {}): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTTY: opts.tty ?? false,
    readStdin: async () => (typeof opts.stdin === 'string' ? Buffer.from(opts.stdin) : (opts.stdin ?? Buffer.alloc(0))),
  });
  return { code, out, err };
}

/** Runs the bundled bin (dist/cli.js) in `cwd`, as a user or CI would. */
export function runBin(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...opts.env },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory holding `files` (name -> content), removed when the test process ends. */
export function fixture(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-cli-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A haproxy.cfg with no findings at all. */
export const CLEAN =
  'global\n  ssl-default-bind-options ssl-min-ver TLSv1.2\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\nfrontend fe\n  bind :80\n  default_backend be\nbackend be\n  server s1 127.0.0.1:7990\n';
/** One error (time-unit) and nothing else. */
export const ERROR_CFG = CLEAN.replace('timeout client 30s', 'timeout client 50x');
/** One warning (duplicate-property) and nothing else. */
export const WARNING_PROPS = 'server.port=7990\nserver.port=7991\n';
/** One information finding (time-unit: a number without unit) and nothing else. */
export const INFO_CFG = CLEAN.replace('timeout server 30s', 'timeout server 30s\n  timeout queue 30000');

export const asJson = (r: RunResult) => JSON.parse(r.out);
