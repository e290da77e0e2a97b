/**
 * Shared pieces of the robustness suite: the corpus, fast-check settings, and checks that
 * every range a parser or rule hands out lies inside the document.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { Range, TextEdit } from '../../server/src/common/types';
import { SourceText } from '../../server/src/common/source';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

/**
 * How many cases each property runs. CI uses the default; `HB_FUZZ_RUNS=20000 npm test`
 * runs a long session. The seed is fixed so that a failure can be replayed; set
 * `HB_FUZZ_SEED` to explore other inputs.
 */
export function fuzzOptions(share = 1): fc.Parameters<unknown> {
  const runs = Number(process.env.HB_FUZZ_RUNS) > 0 ? Number(process.env.HB_FUZZ_RUNS) : 500;
  const seed = Number.isFinite(Number(process.env.HB_FUZZ_SEED)) && process.env.HB_FUZZ_SEED ? Number(process.env.HB_FUZZ_SEED) : 0x5eed;
  return { numRuns: Math.max(1, Math.round(runs * share)), seed, endOnFailure: true };
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(name)) out.push(p);
  }
  return out;
}

export const haproxyCorpus: string[] = filesUnder(path.join(CORPUS, 'haproxy'), (n) => n.endsWith('.cfg')).map((f) =>
  readFileSync(f, 'utf8'),
);
export const propertiesCorpus: string[] = filesUnder(path.join(CORPUS, 'bitbucket'), (n) => n.endsWith('.properties')).map((f) =>
  readFileSync(f, 'utf8'),
);

/** Pieces that stress the tokenizers: quotes, escapes, comments, variables, line breaks, odd characters. */
const HAPROXY_PIECES = [
  ' ', '  ', '\t', '\n', '\r\n', '\r', '#', '"', "'", '\\', '\\x4', '\\x41', '$', '${', '${X}', '"${A-b}"', '\0', '\ufeff', '\u00e9', '\ud83d\ude00', '\ud800',
  'global', 'defaults', 'defaults base', 'frontend fe', 'backend be', 'listen li', 'peers p', 'resolvers r', 'userlist u', 'cache c',
  'from base', '.if defined(X)', '.elif', '.else', '.endif', '.diag x', 'bind', ':443', '10.0.0.1:80', 'ssl', 'crt', '/x.pem',
  'server', 's1', '127.0.0.1:7990', 'check', 'inter', '2s', '5x', '99999', 'timeout', 'client', 'connect', 'server', '30s', '0',
  'acl', 'a', 'src', '10.0.0.0/8', '300.1.1.1', '::1', '[::1]:80', 'use_backend', 'default_backend', 'if', 'unless', '!', '{', '}',
  'http-request', 'deny', 'set-header', 'X-A', 'option', 'httpchk', 'forwardfor', 'no', 'mode', 'http', 'tcp', 'balance', 'roundrobin',
  'ssl-min-ver', 'TLSv1.0', 'TLSv1.2', 'force-tlsv10', 'stick-table', 'type', 'ip', 'size', '1m', 'expire', 'store', 'http_req_rate(10s)',
  'nbsrv(be)', 'server-template', 'srv', '1-3', 'use-server', 'errorfile', '503', 'maxconn', '%[req.hdr(host)]', 'log', 'stdout',
  'ssl-default-bind-options', 'crt-base', 'haproxy-bitbucket-lint ignore=time-unit', 'haproxy-bitbucket-lint global ignore=*',
];

const PROPERTIES_PIECES = [
  ' ', '\t', '\f', '\n', '\r\n', '\r', '#', '!', '=', ':', '\\', '\\u00e9', '\\u12', '\\n', '\\\n', '"', "'", '\0', '\ufeff', '\u00e9', '\ud83d\ude00',
  'setup.baseUrl', 'https://git.example.com/bitbucket', 'http://x:7990/', 'server.context-path', '/', '/bitbucket', '/bitbucket/', 'bitbucket ',
  'server.proxy-name', 'server.proxy-port', '443', '70000', 'server.scheme', 'https', 'server.secure', 'true', 'yes', 'TRUE', 'maybe',
  'websudo.allowlist.patterns', '10.0.0.0/8', '192.168.*.*', '300.1.1.1', 'websudo.session.timeout', '10m', '10 minutes', '5x',
  'jdbc.url', 'plugin.unknown.key', 'server.contextPath', 'feature.public.access', '${PLACEHOLDER}', '{{ var }}', '# note',
];

/** Text made of haproxy.cfg-like pieces, or of arbitrary characters. */
export const haproxyText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...HAPROXY_PIECES), { maxLength: 80 }).map((parts) => parts.join(' ')),
  fc.array(fc.oneof(fc.constantFrom(...HAPROXY_PIECES), fc.string({ maxLength: 8, unit: 'binary' })), { maxLength: 60 }).map((p) => p.join('')),
  fc.string({ maxLength: 300, unit: 'binary' }),
);

export const propertiesText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...PROPERTIES_PIECES), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 300, unit: 'binary' }),
);

export interface Mutation {
  at: number;
  remove: number;
  insert: string;
}

/** A real file with a few edits: deletions, insertions of tricky pieces, swaps of lines. */
export function mutatedCorpus(corpus: string[], pieces: 'haproxy' | 'properties'): fc.Arbitrary<string> {
  const piece = pieces === 'haproxy' ? haproxyText : propertiesText;
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    remove: fc.oneof(fc.constant(0), fc.nat({ max: 40 })),
    insert: fc.oneof(fc.constant(''), fc.constantFrom(...(pieces === 'haproxy' ? HAPROXY_PIECES : PROPERTIES_PIECES)), piece),
  });
  return fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([text, edits]) => edits.reduce((t, m) => applyMutation(t, m), text));
}

export function applyMutation(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  return text.slice(0, at) + m.insert + text.slice(Math.min(text.length, at + m.remove));
}

/** Throws unless `range` is well formed and inside `src` (end not before start, characters within their lines). */
export function assertRangeInside(src: SourceText, range: Range, what: string): void {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.line < src.lineCount &&
    p.character >= 0 &&
    p.character <= src.lineEnd(p.line) - src.lineStarts[p.line];
  if (!ok(range.start) || !ok(range.end)) throw new Error(`${what}: range ${JSON.stringify(range)} is outside the document`);
  const a = src.offsetAt(range.start);
  const b = src.offsetAt(range.end);
  if (b < a) throw new Error(`${what}: range ${JSON.stringify(range)} ends before it starts`);
}

/** Applies edits that must not overlap; throws when they do or reach outside the text. */
export function applyEditsStrict(text: string, edits: TextEdit[], what: string): string {
  const src = new SourceText(text);
  for (const e of edits) assertRangeInside(src, e.range, what);
  const sorted = edits
    .map((e) => ({ start: src.offsetAt(e.range.start), end: src.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error(`${what}: edits overlap: ${JSON.stringify(edits)}`);
  }
  let out = text;
  for (let i = sorted.length - 1; i >= 0; i--) out = out.slice(0, sorted[i].start) + sorted[i].text + out.slice(sorted[i].end);
  return out;
}

/** Where an offset of `text` ends up after `edits` (an offset inside a replaced range goes to
 * the start of the replacement; text inserted exactly at the offset goes after it).
 * Undefined when an edit deletes the character at the offset: that place is gone. */
export function mapOffset(text: string, edits: TextEdit[], offset: number): number | undefined {
  const src = new SourceText(text);
  const spans = edits.map((e) => ({ a: src.offsetAt(e.range.start), b: src.offsetAt(e.range.end), n: e.newText.length }));
  if (spans.some(({ a, b, n }) => n === 0 && a <= offset && offset < b)) return undefined;
  let target = offset;
  for (const { a, b } of spans) if (a < offset && offset < b) target = a;
  let shift = 0;
  for (const { a, b, n } of spans) if (b <= target && !(a === b && b === target)) shift += n - (b - a);
  return target + shift;
}
