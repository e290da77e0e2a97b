/**
 * TextMate grammar tests. Every fixture in test/grammar/fixtures is tokenized with the
 * same engine VS Code uses (vscode-textmate + oniguruma) and compared with its committed
 * `<fixture>.snap` file. After a deliberate grammar change, regenerate the snapshots with
 *
 *     UPDATE_SNAPSHOTS=1 node scripts/run-tests.mjs grammar/
 *
 * and review the diff line by line. The targeted tests below pin the behaviour that
 * matters most (quotes, comments, escapes, variables), independent of the snapshots.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const root = resolve(__dirname, '../../..');
const fixturesDir = join(root, 'test/grammar/fixtures');

const grammarPaths: Record<string, string> = {
  'source.haproxy': join(root, 'syntaxes/haproxy.tmLanguage.json'),
  'source.bitbucket-properties': join(root, 'syntaxes/bitbucket-properties.tmLanguage.json'),
};

interface Token {
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

interface TokenizedLine {
  text: string;
  tokens: Token[];
  stoppedEarly: boolean;
}

let registry: Promise<vsctm.Registry> | undefined;

function getRegistry(): Promise<vsctm.Registry> {
  registry ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const onigLib: Promise<vsctm.IOnigLib> = Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    });
    return new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName: string) => {
        const path = grammarPaths[scopeName];
        if (!path) return null;
        return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
      },
    });
  })();
  return registry;
}

async function loadGrammar(scopeName: string): Promise<vsctm.IGrammar> {
  const grammar = await (await getRegistry()).loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} did not load`);
  return grammar;
}

function scopeForFile(name: string): string {
  return name.endsWith('.properties') ? 'source.bitbucket-properties' : 'source.haproxy';
}

async function tokenize(scopeName: string, text: string): Promise<TokenizedLine[]> {
  const grammar = await loadGrammar(scopeName);
  let stack = vsctm.INITIAL;
  const out: TokenizedLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const tokens = result.tokens.map((t) => {
      const end = Math.min(t.endIndex, line.length);
      return { start: t.startIndex, end, text: line.slice(t.startIndex, end), scopes: t.scopes };
    });
    out.push({ text: line, tokens: tokens.filter((t) => t.end > t.start), stoppedEarly: result.stoppedEarly });
  }
  return out;
}

/** `>` + the source line, then one `#` line per token that is not only whitespace:
 * carets under the token, then its scopes (outermost first, root scope left out). */
function renderSnapshot(lines: TokenizedLine[]): string {
  const out: string[] = [];
  for (const line of lines) {
    out.push('>' + line.text);
    for (const t of line.tokens) {
      if (/^\s*$/.test(t.text)) continue;
      const scopes = t.scopes.slice(1).join(' ') || '-';
      out.push('#' + ' '.repeat(t.start) + '^'.repeat(t.end - t.start) + ' ' + scopes);
    }
  }
  return out.join('\n') + '\n';
}

/** Scopes of the token that covers `column` on the first line containing `needle`
 * (column counted from the start of the needle when `offsetInNeedle` is given). */
function scopesAt(lines: TokenizedLine[], needle: string, offsetInNeedle = 0): string[] {
  const index = lines.findIndex((l) => l.text.includes(needle));
  assert.ok(index >= 0, `no line contains ${JSON.stringify(needle)}`);
  const line = lines[index];
  const column = line.text.indexOf(needle) + offsetInNeedle;
  const token = line.tokens.find((t) => t.start <= column && column < t.end);
  assert.ok(token, `no token at column ${column} of ${JSON.stringify(line.text)}`);
  return token.scopes;
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}

function assertScope(lines: TokenizedLine[], needle: string, offset: number, prefix: string): void {
  const scopes = scopesAt(lines, needle, offset);
  assert.ok(hasScope(scopes, prefix), `${JSON.stringify(needle)}+${offset}: expected ${prefix}, got ${scopes.join(' ')}`);
}

function assertNoScope(lines: TokenizedLine[], needle: string, offset: number, prefix: string): void {
  const scopes = scopesAt(lines, needle, offset);
  assert.ok(!hasScope(scopes, prefix), `${JSON.stringify(needle)}+${offset}: unexpected ${prefix} in ${scopes.join(' ')}`);
}

const fixtureNames = readdirSync(fixturesDir)
  .filter((n) => n.endsWith('.cfg') || n.endsWith('.properties'))
  .sort();

test('there are fixtures for both grammars', () => {
  assert.ok(fixtureNames.some((n) => n.endsWith('.cfg')));
  assert.ok(fixtureNames.some((n) => n.endsWith('.properties')));
});

for (const name of fixtureNames) {
  test(`snapshot: ${name}`, async () => {
    const text = readFileSync(join(fixturesDir, name), 'utf8');
    const lines = await tokenize(scopeForFile(name), text);
    for (const [i, line] of lines.entries()) {
      assert.equal(line.stoppedEarly, false, `line ${i + 1} stopped early`);
      let pos = 0;
      for (const t of line.tokens) {
        assert.equal(t.start, pos, `line ${i + 1}: gap or overlap at column ${pos}`);
        pos = t.end;
      }
      assert.equal(pos, line.text.length, `line ${i + 1}: tokens do not reach the end of the line`);
    }
    const actual = renderSnapshot(lines);
    const snapPath = join(fixturesDir, name + '.snap');
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      writeFileSync(snapPath, actual);
      return;
    }
    assert.ok(existsSync(snapPath), `${name}.snap is missing: run the grammar tests with UPDATE_SNAPSHOTS=1 and review it`);
    assert.equal(actual, readFileSync(snapPath, 'utf8'), `${name} no longer matches ${name}.snap`);
  });
}

test('haproxy: # inside quotes or after a backslash is not a comment', async () => {
  const lines = await tokenize(
    'source.haproxy',
    [
      'global',
      '    log-send-hostname "a#b"',
      "    description 'x#y'",
      '    description escaped\\#hash',
      '    description nospace#comment',
      '    description "one" # after',
    ].join('\n'),
  );
  assertScope(lines, '"a#b"', 2, 'string.quoted.double');
  assertNoScope(lines, '"a#b"', 2, 'comment');
  assertNoScope(lines, "'x#y'", 2, 'comment');
  assertScope(lines, '\\#hash', 0, 'constant.character.escape');
  assertNoScope(lines, '\\#hash', 1, 'comment');
  assertNoScope(lines, '\\#hash', 2, 'comment');
  assertScope(lines, 'nospace#comment', 7, 'comment.line.number-sign');
  assertNoScope(lines, 'nospace#comment', 0, 'comment');
  assertScope(lines, '# after', 0, 'comment.line.number-sign');
});

test('haproxy: variables are expanded in double quotes only', async () => {
  const lines = await tokenize(
    'source.haproxy',
    ['global', '    node "${HOST}-$SUFFIX"', "    description '${HOST} $SUFFIX'", '    description ${HOST}'].join('\n'),
  );
  assertScope(lines, '${HOST}-', 0, 'variable.other.environment');
  assertScope(lines, '${HOST}-', 3, 'variable.other.environment');
  assertScope(lines, '$SUFFIX"', 1, 'variable.other.environment');
  assertNoScope(lines, "'${HOST}", 1, 'variable');
  assertNoScope(lines, "'${HOST}", 3, 'variable');
  assertScope(lines, "'${HOST}", 3, 'string.quoted.single');
  assertNoScope(lines, '$SUFFIX\'', 1, 'variable');
  assertNoScope(lines, 'description ${HOST}', 13, 'variable');
});

test('haproxy: escapes in double quotes, none in single quotes', async () => {
  const lines = await tokenize('source.haproxy', ['global', '    description "a\\"b" \'c\\d\' e\\ f \\x41 \\xZZ'].join('\n'));
  assertScope(lines, '\\"b', 0, 'constant.character.escape');
  assertScope(lines, '\\"b', 2, 'string.quoted.double');
  assertNoScope(lines, "c\\d'", 1, 'constant.character.escape');
  assertScope(lines, "c\\d'", 1, 'string.quoted.single');
  assertScope(lines, 'e\\ f', 1, 'constant.character.escape');
  assertScope(lines, '\\x41', 0, 'constant.character.escape');
  assertScope(lines, '\\xZZ', 0, 'invalid.illegal.escape');
});

test('haproxy: sections, keywords and second words', async () => {
  const lines = await tokenize(
    'source.haproxy',
    [
      'defaults base',
      'frontend www from base',
      '    option httplog',
      '    no option http-use-htx',
      '    timeout client 50s',
      '    http-request set-var(txn.host) req.hdr(host)',
      '    tcp-request content accept',
      '    tune.ssl.default-dh-param 2048',
      '    default_backend app',
      '    server app1 127.0.0.1:8080 check',
    ].join('\n'),
  );
  assertScope(lines, 'defaults base', 0, 'storage.type.section');
  assertScope(lines, 'defaults base', 9, 'entity.name.type.section');
  assertScope(lines, 'www from', 0, 'entity.name.type.section');
  assertScope(lines, 'from base', 0, 'keyword.other.from');
  assertScope(lines, 'from base', 5, 'entity.other.inherited-class');
  assertScope(lines, 'option httplog', 0, 'keyword.other');
  assertScope(lines, 'option httplog', 7, 'support.constant.option');
  assertScope(lines, 'no option', 0, 'storage.modifier');
  assertScope(lines, 'http-use-htx', 0, 'support.constant.option');
  assertScope(lines, 'timeout client', 8, 'support.constant.timeout');
  assertScope(lines, 'set-var(', 0, 'support.function.action');
  assertScope(lines, 'txn.host', 0, 'variable.other');
  assertScope(lines, 'req.hdr(', 0, 'support.function.fetch');
  assertScope(lines, 'content accept', 0, 'support.constant.ruleset');
  assertScope(lines, 'content accept', 8, 'support.function.action');
  assertScope(lines, 'tune.ssl.default-dh-param', 0, 'keyword.other');
  assertScope(lines, 'tune.ssl.default-dh-param', 12, 'keyword.other');
  assertScope(lines, 'backend app', 8, 'entity.name.type.backend');
  assertScope(lines, 'app1', 0, 'entity.name.tag.server');
});

test('haproxy: conditions, anonymous ACLs, fetches and converters', async () => {
  const lines = await tokenize(
    'source.haproxy',
    [
      'frontend f',
      '    acl lan src,ipmask(24) 10.0.0.0',
      '    http-request deny if !lan || { req.hdr(host),lower -m str evil } or { ssl_fc }',
      '    http-request redirect scheme https unless { ssl_fc }',
      '    bind *:443 ssl crt /x.pem alpn h2,http/1.1',
      '    http-request set-header X-Host %[req.hdr(host),lower]',
    ].join('\n'),
  );
  assertScope(lines, 'lan src', 0, 'entity.name.function.acl');
  assertScope(lines, 'src,ipmask', 0, 'support.function.fetch');
  assertScope(lines, ',ipmask', 1, 'support.function.converter');
  assertScope(lines, 'if !lan', 0, 'keyword.control.conditional');
  assertScope(lines, '!lan', 0, 'keyword.operator.logical.not');
  assertScope(lines, '!lan', 1, 'variable.other.acl');
  assertScope(lines, '|| {', 0, 'keyword.operator.logical.or');
  assertScope(lines, '{ req.hdr', 0, 'punctuation.section.braces.begin');
  assertScope(lines, '{ req.hdr', 2, 'support.function.fetch');
  assertScope(lines, ',lower -m', 1, 'support.function.converter');
  assertScope(lines, '-m str', 0, 'variable.parameter.flag');
  assertScope(lines, '} or', 2, 'keyword.operator.logical.or');
  assertScope(lines, 'unless { ssl_fc }', 0, 'keyword.control.conditional');
  assertScope(lines, 'unless { ssl_fc }', 9, 'support.function.fetch');
  assertNoScope(lines, ',http/1.1', 1, 'support.function.converter');
  assertScope(lines, '%[req.hdr', 0, 'meta.embedded.sample');
  assertScope(lines, '%[req.hdr', 2, 'support.function.fetch');
  assertScope(lines, ',lower]', 1, 'support.function.converter');
});

test('haproxy: numbers, durations, sizes and addresses', async () => {
  const lines = await tokenize(
    'source.haproxy',
    [
      'backend b',
      '    timeout server 10m',
      '    stick-table type ip size 1m expire 30s',
      '    server s1 192.168.1.10:7990 maxconn 200',
      '    acl net src 10.0.0.0/8 2001:db8::/32',
      '    bind *:443',
      '    bind [::1]:8443',
      '    bind ipv4@0.0.0.0:9000-9010',
    ].join('\n'),
  );
  assertScope(lines, '10m', 0, 'constant.numeric.duration');
  assertScope(lines, '10m', 2, 'keyword.other.unit');
  assertScope(lines, '1m expire', 0, 'constant.numeric.size');
  assertScope(lines, '30s', 0, 'constant.numeric.duration');
  assertScope(lines, '192.168.1.10:', 0, 'constant.numeric.ipv4');
  assertScope(lines, '7990', 0, 'constant.numeric.port');
  assertScope(lines, '200', 0, 'constant.numeric');
  assertScope(lines, '10.0.0.0/8', 9, 'constant.numeric.netmask');
  assertScope(lines, '2001:db8::/32', 0, 'constant.numeric.ipv6');
  assertScope(lines, '2001:db8::/32', 11, 'constant.numeric.netmask');
  assertScope(lines, '*:443', 0, 'constant.language.wildcard');
  assertScope(lines, '*:443', 2, 'constant.numeric.port');
  assertScope(lines, '[::1]', 1, 'constant.numeric.ipv6');
  assertScope(lines, '[::1]:8443', 6, 'constant.numeric.port');
  assertScope(lines, 'ipv4@', 0, 'storage.modifier.address-family');
  assertScope(lines, '9000-9010', 5, 'constant.numeric.port');
});

test('haproxy: conditional directives', async () => {
  const lines = await tokenize(
    'source.haproxy',
    ['.if defined(TLS) && version_atleast(2.6)', '    .notice "on"', '.elif !streq("$M",dev)', '.else', '.endif'].join('\n'),
  );
  assertScope(lines, '.if', 0, 'keyword.control.directive.conditional');
  assertScope(lines, 'defined(', 0, 'support.function.directive');
  assertScope(lines, '&&', 0, 'keyword.operator.logical');
  assertScope(lines, '2.6', 0, 'constant.numeric');
  assertScope(lines, '.notice', 0, 'keyword.control.directive');
  assertScope(lines, '"on"', 1, 'string.quoted.double');
  assertScope(lines, '!streq', 0, 'keyword.operator.logical.not');
  assertScope(lines, '"$M"', 1, 'variable.other.environment');
  assertScope(lines, '.else', 0, 'keyword.control.directive.conditional');
  assertScope(lines, '.endif', 0, 'keyword.control.directive.conditional');
});

test('properties: key, separator, value, comments and escapes', async () => {
  const lines = await tokenize(
    'source.bitbucket-properties',
    [
      '# comment',
      '! comment too',
      'server.proxy-name = host.example.com',
      'server.proxy-port: 443',
      'server.scheme https',
      'server.secure=TRUE',
      'setup.displayName=Caf\\u00e9 \\uZZ tab\\tend',
      'a.b=x # not a comment',
      'key\\ with\\ spaces=v',
    ].join('\n'),
  );
  assertScope(lines, '# comment', 0, 'comment.line.number-sign');
  assertScope(lines, '! comment', 0, 'comment.line.exclamation');
  assertScope(lines, 'server.proxy-name', 0, 'support.type.property-name');
  assertScope(lines, '= host', 0, 'punctuation.separator.key-value');
  assertScope(lines, 'host.example.com', 0, 'string.unquoted.value');
  assertScope(lines, ': 443', 0, 'punctuation.separator.key-value');
  assertScope(lines, ': 443', 2, 'constant.numeric');
  assertScope(lines, 'scheme https', 7, 'string.unquoted.value');
  assertScope(lines, 'TRUE', 0, 'constant.language.boolean');
  assertScope(lines, '\\u00e9', 0, 'constant.character.escape.unicode');
  assertScope(lines, '\\uZZ', 0, 'invalid.illegal.unicode-escape');
  assertScope(lines, '\\tend', 0, 'constant.character.escape');
  assertScope(lines, '# not', 0, 'string.unquoted.value');
  assertNoScope(lines, '# not', 0, 'comment');
  assertScope(lines, 'key\\ with', 3, 'constant.character.escape');
  assertScope(lines, 'key\\ with', 5, 'support.type.property-name');
});

test('properties: a trailing backslash continues the value onto the next line', async () => {
  const lines = await tokenize(
    'source.bitbucket-properties',
    [
      'long.value=first \\',
      '    # still the value \\',
      '    last=part',
      'escaped.backslash=ends with \\\\',
      'next.key=after',
    ].join('\n'),
  );
  assertScope(lines, 'first \\', 6, 'constant.character.escape.line-continuation');
  assertScope(lines, '# still', 0, 'string.unquoted.value');
  assertNoScope(lines, '# still', 0, 'comment');
  assertScope(lines, 'last=part', 0, 'string.unquoted.value');
  assertNoScope(lines, 'last=part', 0, 'support.type.property-name');
  assertScope(lines, 'with \\\\', 5, 'constant.character.escape');
  assertScope(lines, 'next.key', 0, 'support.type.property-name');
});

test('properties: URLs, durations, numbers and address patterns', async () => {
  const lines = await tokenize(
    'source.bitbucket-properties',
    [
      'setup.baseUrl=https://bitbucket.example.com/bitbucket',
      'websudo.session.timeout=10m',
      'server.session.timeout=1800',
      'websudo.allowlist.patterns=192.168.1.10, ::10, 192.168.1.*, 0:0:0:7b::/64',
      'x=${OTHER}',
    ].join('\n'),
  );
  assertScope(lines, 'https://', 0, 'markup.underline.link');
  assertScope(lines, '10m', 0, 'constant.numeric.duration');
  assertScope(lines, '1800', 0, 'constant.numeric');
  assertScope(lines, '192.168.1.10', 0, 'constant.numeric.ipv4');
  assertScope(lines, '::10', 0, 'constant.numeric.ipv6');
  assertScope(lines, '192.168.1.*', 10, 'constant.numeric.ipv4');
  assertScope(lines, '0:0:0:7b::/64', 0, 'constant.numeric.ipv6');
  assertScope(lines, '${OTHER}', 2, 'variable.other.placeholder');
});
