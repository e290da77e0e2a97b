/**
 * Every snippet must expand, with its default placeholder values, to text that HAProxy
 * (`haproxy -c`) accepts and on which our own checks report no error. Snippets with a
 * choice are expanded once per option.
 */
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultSettings, type LanguageId } from '../server/src/common/types';
import { parseDocument, validate } from '../server/src/service';

const root = resolve(__dirname, '../..');

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; fallback?: SnippetNode[] };

/** Parses VS Code snippet syntax: $1, ${1}, ${1:default}, ${1|a,b|}, $NAME, ${NAME:default}
 * and the escapes \$, \} and \\. */
export function parseSnippet(body: string): SnippetNode[] {
  let i = 0;
  const parseUntil = (closing: boolean): SnippetNode[] => {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        text += body[i + 1];
        i += 2;
        continue;
      }
      if (closing && c === '}') {
        i++;
        flush();
        return nodes;
      }
      if (c === '$') {
        const rest = body.slice(i);
        let m: RegExpExecArray | null;
        if ((m = /^\$(\d+)/.exec(rest)) || (m = /^\$\{(\d+)\}/.exec(rest))) {
          flush();
          nodes.push({ kind: 'tabstop', index: Number(m[1]) });
          i += m[0].length;
          continue;
        }
        if ((m = /^\$\{(\d+):/.exec(rest))) {
          flush();
          i += m[0].length;
          nodes.push({ kind: 'tabstop', index: Number(m[1]), placeholder: parseUntil(true) });
          continue;
        }
        if ((m = /^\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(rest))) {
          flush();
          const options = m[2].split(/(?<!\\),/).map((o) => o.replace(/\\(.)/g, '$1'));
          nodes.push({ kind: 'choice', index: Number(m[1]), options });
          i += m[0].length;
          continue;
        }
        if ((m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest)) || (m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest))) {
          flush();
          nodes.push({ kind: 'variable', name: m[1] });
          i += m[0].length;
          continue;
        }
        if ((m = /^\$\{([A-Za-z_][A-Za-z0-9_]*):/.exec(rest))) {
          flush();
          i += m[0].length;
          nodes.push({ kind: 'variable', name: m[1], fallback: parseUntil(true) });
          continue;
        }
      }
      text += c;
      i++;
    }
    assert.ok(!closing, `unclosed placeholder in snippet body: ${JSON.stringify(body)}`);
    flush();
    return nodes;
  };
  return parseUntil(false);
}

function walk(nodes: SnippetNode[], visit: (n: SnippetNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.kind === 'tabstop' && n.placeholder) walk(n.placeholder, visit);
    if (n.kind === 'variable' && n.fallback) walk(n.fallback, visit);
  }
}

/**
 * The text a snippet inserts when the user accepts every default: a tab stop mirrors the
 * first placeholder with the same number, a choice takes its first option (or the one
 * given in `choose`), and `values` can replace what the user types at a tab stop.
 */
export function expandSnippet(
  body: string,
  choose: ReadonlyMap<number, string> = new Map(),
  values: ReadonlyMap<number, string> = new Map(),
): string {
  const nodes = parseSnippet(body);
  const definitions = new Map<number, SnippetNode>();
  walk(nodes, (n) => {
    if ((n.kind === 'tabstop' && n.placeholder) || n.kind === 'choice') {
      if (!definitions.has(n.index)) definitions.set(n.index, n);
    }
  });
  const valueOf = (index: number): string => {
    const given = values.get(index);
    if (given !== undefined) return given;
    const def = definitions.get(index);
    if (!def) return '';
    if (def.kind === 'choice') return choose.get(index) ?? def.options[0];
    if (def.kind === 'tabstop') return render(def.placeholder ?? []);
    return '';
  };
  const render = (list: SnippetNode[]): string =>
    list
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return n.text;
          case 'tabstop':
          case 'choice':
            return valueOf(n.index);
          case 'variable':
            return n.fallback ? render(n.fallback) : '';
        }
      })
      .join('');
  return render(nodes);
}

/** One expansion per option of every choice (the others keep their first option). */
function variants(body: string): { label: string; text: string }[] {
  const out = [{ label: 'defaults', text: expandSnippet(body) }];
  walk(parseSnippet(body), (n) => {
    if (n.kind !== 'choice') return;
    for (const option of n.options.slice(1)) {
      out.push({ label: `\${${n.index}} = ${option}`, text: expandSnippet(body, new Map([[n.index, option]])) });
    }
  });
  return out;
}

function loadSnippets(file: string): [string, Snippet][] {
  return Object.entries(JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8')) as Record<string, Snippet>);
}

const bodyText = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

function assertNoErrors(text: string, language: LanguageId, what: string): void {
  const findings = validate(parseDocument(text, language), defaultSettings);
  const errors = findings.filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}: ${f.message}`),
    [],
    `${what}: our checks report errors on\n${text}`,
  );
}

const isCi = !!process.env.CI && process.env.CI !== 'false';

function toolAvailable(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Skips the test when a tool is missing on a developer machine; fails on CI. */
function requireTool(t: TestContext, command: string, args: string[]): boolean {
  if (toolAvailable(command, args)) return true;
  const message = `${command} is not installed, so snippets cannot be checked against it`;
  if (isCi) assert.fail(`${message} (CI is set: install it in the CI image)`);
  t.skip(`${message}; install it to run this test`);
  return false;
}

// Sections placed around a snippet before `haproxy -c` sees it: global settings and
// timeouts the snippet may rely on, and a proxy after it that inherits its defaults.
const PREFACE = [
  'global',
  '\tmaxconn 1000',
  '',
  'defaults',
  '\tmode http',
  '\ttimeout connect 5s',
  '\ttimeout client 30s',
  '\ttimeout server 30s',
  '',
].join('\n');
const SUFFIX = ['', 'listen snippet_probe', '\tbind 127.0.0.1:18080', '\tserver probe 127.0.0.1:18081', ''].join('\n');

test('snippet files are well formed and their placeholders agree', () => {
  for (const file of ['haproxy.json', 'bitbucket-properties.json']) {
    const snippets = loadSnippets(file);
    assert.ok(snippets.length >= 2, `${file} holds too few snippets`);
    const prefixes = new Set<string>();
    for (const [name, snippet] of snippets) {
      assert.ok(snippet.description && snippet.description.length > 20, `${file} ${name}: description missing`);
      const list = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
      assert.ok(list.length > 0, `${file} ${name}: prefix missing`);
      for (const p of list) {
        assert.ok(!prefixes.has(p), `${file}: prefix ${p} used twice`);
        prefixes.add(p);
      }
      const defaults = new Map<number, string>();
      walk(parseSnippet(bodyText(snippet)), (n) => {
        if (n.kind !== 'tabstop' || !n.placeholder) return;
        const text = JSON.stringify(n.placeholder);
        const previous = defaults.get(n.index);
        if (previous !== undefined) assert.equal(text, previous, `${file} ${name}: $${n.index} has two different defaults`);
        defaults.set(n.index, text);
      });
    }
  }
});

test('the expander handles defaults, mirrors, choices, $0 and escapes', () => {
  assert.equal(expandSnippet('a ${1:x} b $1 ${1} c${0}'), 'a x b x x c');
  assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
  assert.equal(expandSnippet('mode ${1|http,tcp|} $1'), 'mode http http');
  assert.equal(expandSnippet('mode ${1|http,tcp|}', new Map([[1, 'tcp']])), 'mode tcp');
  assert.equal(expandSnippet('\\$1 \\} ${1:a\\}b}'), '$1 } a}b');
  assert.equal(expandSnippet('${1:/bitbucket}/status', new Map(), new Map([[1, '']])), '/status');
  assert.equal(expandSnippet('${TM_FILENAME:name}.cfg $0'), 'name.cfg ');
});

for (const [name, snippet] of loadSnippets('haproxy.json')) {
  for (const variant of variants(bodyText(snippet))) {
    test(`haproxy snippet "${name}" (${variant.label}) passes haproxy -c`, (t) => {
      if (!requireTool(t, 'haproxy', ['-v'])) return;
      const dir = mkdtempSync(join(tmpdir(), 'haproxy-bitbucket-snippet-'));
      try {
        let text = variant.text;
        if (/\bcrt\s/.test(text)) {
          if (!requireTool(t, 'openssl', ['version'])) return;
          const key = join(dir, 'key.pem');
          const cert = join(dir, 'cert.pem');
          const r = spawnSync(
            'openssl',
            ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=snippet.test', '-keyout', key, '-out', cert],
            { encoding: 'utf8' },
          );
          assert.equal(r.status, 0, `openssl failed: ${r.stderr}`);
          const pem = join(dir, 'bundle.pem');
          writeFileSync(pem, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
          text = text.replace(/(\bcrt\s+)\S+/g, (_m, lead: string) => lead + pem);
        }
        const cfg = join(dir, 'haproxy.cfg');
        writeFileSync(cfg, PREFACE + text + SUFFIX);
        const r = spawnSync('haproxy', ['-c', '-f', cfg], { encoding: 'utf8', cwd: dir });
        const output = `${r.stdout}${r.stderr}`;
        assert.equal(r.status, 0, `haproxy -c rejected the snippet:\n${output}\n--- config ---\n${PREFACE + text + SUFFIX}`);
        assert.doesNotMatch(output, /\[(ALERT|WARNING)\]/, `haproxy -c complained:\n${output}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test(`haproxy snippet "${name}" (${variant.label}) has no error findings`, () => {
      assertNoErrors(variant.text, 'haproxy', name);
      assertNoErrors(PREFACE + variant.text + SUFFIX, 'haproxy', `${name} inside a full configuration`);
    });
  }
}

for (const [name, snippet] of loadSnippets('bitbucket-properties.json')) {
  test(`properties snippet "${name}" has no error findings`, () => {
    for (const variant of variants(bodyText(snippet))) assertNoErrors(variant.text, 'bitbucket-properties', name);
  });
}

test('the proxy snippet stays consistent when Bitbucket runs at the root context', () => {
  const snippet = loadSnippets('bitbucket-properties.json').find(([, s]) => bodyText(s).includes('server.context-path'));
  assert.ok(snippet, 'no snippet sets server.context-path');
  const body = bodyText(snippet[1]);
  const contextTabstop = /server\.context-path=\$\{(\d+):/.exec(body);
  assert.ok(contextTabstop, 'server.context-path is not a placeholder');
  const text = expandSnippet(body, new Map(), new Map([[Number(contextTabstop[1]), '']]));
  assert.match(text, /^server\.context-path=$/m);
  assert.match(text, /^setup\.baseUrl=https:\/\/[^/\s]+$/m);
  assertNoErrors(text, 'bitbucket-properties', 'proxy snippet with an empty context path');
});
