/** Runs Debian's `haproxy -c` as the oracle. Tests skip (or fail under CI=true) without it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface HaproxyMessage {
  level: 'ALERT' | 'WARNING' | 'NOTICE';
  /** 1-based line, when the message names one. */
  line?: number;
  text: string;
}

export interface HaproxyCheck {
  exitCode: number;
  messages: HaproxyMessage[];
}

let available: boolean | undefined;

export function haproxyAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
    available = r.status === 0;
  }
  return available;
}

/** The reason to skip a test that needs haproxy, or false to run it. Under CI a missing haproxy fails. */
export function skipWithoutHaproxy(): string | false {
  if (haproxyAvailable()) return false;
  if (process.env.CI === 'true') throw new Error('haproxy is required under CI=true (apt-get install -y haproxy)');
  return 'haproxy not installed (apt-get install -y haproxy)';
}

/** `haproxy -c -f FILE` from an empty directory; messages parsed from stderr. */
export function haproxyCheck(fileOrText: { file: string } | { text: string }): HaproxyCheck {
  const cwd = mkdtempSync(path.join(tmpdir(), 'hb-oracle-'));
  let file: string;
  if ('file' in fileOrText) file = fileOrText.file;
  else {
    file = path.join(cwd, 'haproxy.cfg');
    writeFileSync(file, fileOrText.text);
  }
  const r = spawnSync('haproxy', ['-c', '-f', file], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: 30000 });
  const messages: HaproxyMessage[] = [];
  for (const raw of (r.stderr ?? '').split('\n')) {
    const m = /^\[(ALERT|WARNING|NOTICE)\]\s+\(\d+\)\s*:\s*(.*)$/.exec(raw);
    if (!m) {
      if (messages.length && /^\s+\|/.test(raw)) messages[messages.length - 1].text += `\n${raw}`;
      continue;
    }
    const lineMatch = /\[[^\]]*:(\d+)\]/.exec(m[2]);
    messages.push({ level: m[1] as HaproxyMessage['level'], line: lineMatch ? Number(lineMatch[1]) : undefined, text: m[2] });
  }
  return { exitCode: r.status ?? -1, messages };
}
