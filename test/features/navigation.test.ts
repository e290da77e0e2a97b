/**
 * Go to definition, find references, prepareRename and rename on haproxy.cfg, as tables:
 * `|` is the cursor and `«...»` marks the ranges the feature must answer with (see
 * fixture.ts).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service';
import { findDefinitions, findReferences, indexConfig, prepareRename, rename } from '../../server/src/features/navigation';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import { applyEdits } from '../helpers/rule-tester';
import { parseMarkers, showRange, sortRanges } from './fixture';

const lines = (...l: string[]) => l.join('\n') + '\n';

interface DefinitionCase {
  name: string;
  code: string;
}

const definitionCases: DefinitionCase[] = [
  {
    name: 'use_backend to the backend header',
    code: lines('frontend fe', '    use_backend be_|api if { path_beg /api }', 'backend «be_api»'),
  },
  {
    name: 'default_backend to a listen section',
    code: lines('frontend fe', '    default_backend w|eb', 'listen «web»', '    bind 127.0.0.1:81'),
  },
  {
    name: 'a frontend of the same name is not a backend',
    code: lines('frontend app', '    default_backend a|pp', 'backend «app»'),
  },
  {
    name: 'quoted target',
    code: lines('frontend fe', '    default_backend "b|e"', 'backend «be»'),
  },
  {
    name: 'negated ACL in a condition, to every acl line of that name',
    code: lines('frontend fe', '    acl «api» path_beg /api', '    acl «api» path_beg /v2', '    http-request deny if !a|pi'),
  },
  {
    name: 'ACL after ||',
    code: lines('frontend fe', '    acl a src 10.0.0.1', '    acl «b» src 10.0.0.2', '    http-request deny if a || |b'),
  },
  {
    name: 'ACL after or, in a backend',
    code: lines('backend be', '    acl «local» src 127.0.0.1', '    http-request allow if TRUE or lo|cal'),
  },
  {
    name: 'ACLs are looked up in the section that uses them',
    code: lines('frontend fe', '    acl ok src 10.0.0.1', 'backend be', '    acl «ok» src 10.0.0.2', '    http-request deny if !o|k'),
  },
  {
    name: 'from <name> to the defaults section',
    code: lines('defaults «base»', '    mode http', 'frontend fe from ba|se', '    bind 127.0.0.1:80'),
  },
  {
    name: 'from <name> to the last defaults of that name declared before',
    code: lines('defaults base', '    mode tcp', 'defaults «base»', '    mode http', 'backend be from b|ase'),
  },
  {
    name: 'http_auth(<userlist>) inside an anonymous ACL',
    code: lines('userlist «admins»', '    user a insecure-password b', 'backend be', '    http-request auth unless { http_auth(ad|mins) }'),
  },
  {
    name: 'http_auth_group(<userlist>) in an acl line',
    code: lines('userlist «ops»', '    group g', 'backend be', '    acl ok http_auth_group(o|ps) g', '    http-request auth unless ok'),
  },
  {
    name: 'stick-table peers',
    code: lines('peers «mesh»', '    peer a 127.0.0.1:1024', 'backend be', '    stick-table type ip size 1m peers me|sh'),
  },
  {
    name: 'server resolvers',
    code: lines('resolvers «dns»', '    nameserver n 127.0.0.1:53', 'backend be', '    server s1 app.local:80 resolvers d|ns'),
  },
  {
    name: 'do-resolve action',
    code: lines('resolvers «dns»', '    nameserver n 127.0.0.1:53', 'frontend fe', '    http-request do-resolve(txn.ip,d|ns,ipv4) hdr(host)'),
  },
  {
    name: 'http-request cache-use',
    code: lines('cache «static»', '    total-max-size 4', 'backend be', '    http-request cache-use stat|ic'),
  },
  {
    name: 'http-response cache-store',
    code: lines('cache «static»', '    total-max-size 4', 'backend be', '    http-response cache-store s|tatic'),
  },
  {
    name: 'filter cache',
    code: lines('cache «static»', '    total-max-size 4', 'backend be', '    filter cache |static'),
  },
  {
    name: 'errorfiles statement',
    code: lines('http-errors «site»', '    errorfile 503 /etc/haproxy/503.http', 'frontend fe', '    errorfiles si|te 503'),
  },
  {
    name: 'errorfiles argument of http-request return',
    code: lines('http-errors «site»', 'frontend fe', '    http-request return status 503 errorfiles s|ite'),
  },
  {
    name: 'track <server> in the same backend',
    code: lines('backend be', '    server «s1» 127.0.0.1:80 check', '    server s2 127.0.0.1:81 track s|1'),
  },
  {
    name: 'track <backend>/<server>: the server part',
    code: lines('backend other', '    server «s1» 127.0.0.1:80 check', 'backend be', '    server s1 127.0.0.1:81 track other/s|1'),
  },
  {
    name: 'track <backend>/<server>: the backend part',
    code: lines('backend «other»', '    server s1 127.0.0.1:80 check', 'backend be', '    server s1 127.0.0.1:81 track ot|her/s1'),
  },
  {
    name: 'use-server',
    code: lines('backend be', '    use-server s|2 if { path_beg /b }', '    server s1 127.0.0.1:80', '    server «s2» 127.0.0.1:81'),
  },
  {
    name: 'use-server to a name made by server-template',
    code: lines('backend be', '    use-server web|2 if TRUE', '    server-template «web» 3 127.0.0.1:80'),
  },
  {
    name: 'nbsrv(<backend>) in an acl',
    code: lines('frontend fe', '    acl down nbsrv(b|e) lt 1', '    http-request deny if down', 'backend «be»'),
  },
  {
    name: 'srv_is_up(<backend>/<server>)',
    code: lines('frontend fe', '    http-request deny unless { srv_is_up(be/s|1) }', 'backend be', '    server «s1» 127.0.0.1:80'),
  },
  {
    name: 'table <name> of track-sc',
    code: lines('backend «rates»', '    stick-table type ip size 1m', 'frontend fe', '    http-request track-sc0 src table ra|tes'),
  },
  {
    name: 'table converter argument inside %[...]',
    code: lines('backend «rates»', '    stick-table type ip size 1m', 'frontend fe', '    http-request set-header X-Rate %[src,table_http_req_rate(rat|es)]'),
  },
  {
    name: 'email-alert mailers',
    code: lines('mailers «smtp»', '    mailer m 127.0.0.1:25', 'backend be', '    email-alert mailers sm|tp'),
  },
  {
    name: 'use-fcgi-app',
    code: lines('fcgi-app «php»', '    docroot /var/www', 'backend be', '    use-fcgi-app ph|p'),
  },
  {
    name: 'log ring@<name>',
    code: lines('ring «buf»', '    size 32764', 'global', '    log ring@b|uf local0'),
  },
  {
    name: 'a definition answers with itself',
    code: lines('backend «b|e»'),
  },
  {
    name: 'acl(<name>) sample fetch',
    code: lines('frontend fe', '    acl «a» src 10.0.0.1', '    acl b acl(!|a)', '    http-request deny if b'),
  },
];

for (const c of definitionCases) {
  test(`definition: ${c.name}`, () => {
    const { code, cursor, ranges } = parseMarkers(c.code);
    const doc = parseDocument(code, 'haproxy');
    const found = findDefinitions(doc, cursor!);
    assert.deepEqual(sortRanges(found).map(showRange), ranges.map(showRange), code);
  });
}

const noDefinition: DefinitionCase[] = [
  { name: 'a built-in ACL', code: lines('frontend fe', '    http-request deny if !LOCAL|HOST') },
  { name: 'an undefined backend', code: lines('frontend fe', '    default_backend mis|sing') },
  { name: 'a name built at run time', code: lines('frontend fe', '    use_backend be_%[req.h|dr(host)]', 'backend be_x') },
  { name: 'an ACL defined only in the defaults section', code: lines('defaults d', '    acl a src 10.0.0.1', 'frontend fe from d', '    http-request deny if |a') },
  { name: 'a keyword', code: lines('frontend fe', '    defa|ult_backend be', 'backend be') },
];

for (const c of noDefinition) {
  test(`no definition: ${c.name}`, () => {
    const { code, cursor } = parseMarkers(c.code);
    assert.deepEqual(findDefinitions(parseDocument(code, 'haproxy'), cursor!), []);
  });
}

interface ReferencesCase {
  name: string;
  code: string;
  includeDeclaration: boolean;
}

const referencesCases: ReferencesCase[] = [
  {
    name: 'every use of a backend, from its definition',
    includeDeclaration: false,
    code: lines(
      'frontend fe',
      '    use_backend «be» if { path_beg /a }',
      '    default_backend «be»',
      '    acl down nbsrv(«be») lt 1',
      '    http-request deny if down',
      'backend b|e',
      '    server s1 127.0.0.1:80',
      'backend other',
      '    server s2 127.0.0.1:81 track «be»/s1',
    ),
  },
  {
    name: 'with the declaration, from a use',
    includeDeclaration: true,
    code: lines('frontend fe', '    acl «ok» src 10.0.0.1', '    acl «ok» src 10.0.0.2', '    http-request allow if «ok»', '    http-request deny unless !«o|k»'),
  },
  {
    name: 'a server used by track, use-server and a fetch',
    includeDeclaration: true,
    code: lines(
      'frontend fe',
      '    http-request deny unless { srv_is_up(be/«s1») }',
      'backend be',
      '    use-server «s1» if TRUE',
      '    server «s|1» 127.0.0.1:80',
      '    server s2 127.0.0.1:81 track «s1»',
    ),
  },
  {
    name: 'the uses of a built-in ACL in the same section',
    includeDeclaration: true,
    code: lines('frontend fe', '    http-request deny if «METH_POST»', '    http-request allow if !«METH_P|OST»', 'backend be', '    http-request deny if METH_POST'),
  },
  {
    name: 'a defaults section and its from references',
    includeDeclaration: true,
    code: lines('defaults «ba|se»', '    mode http', 'frontend fe from «base»', 'backend be from «base»'),
  },
];

for (const c of referencesCases) {
  test(`references: ${c.name}`, () => {
    const { code, cursor, ranges } = parseMarkers(c.code);
    const found = findReferences(parseDocument(code, 'haproxy'), cursor!, c.includeDeclaration);
    assert.deepEqual(sortRanges(found).map(showRange), ranges.map(showRange), code);
  });
}

test('references: nothing outside a name', () => {
  const { code, cursor } = parseMarkers(lines('frontend fe', '  |  default_backend be', 'backend be'));
  assert.deepEqual(findReferences(parseDocument(code, 'haproxy'), cursor!, true), []);
});

test('definition and references answer nothing for bitbucket.properties', () => {
  const doc = parseDocument('server.port=7990\n', 'bitbucket-properties');
  assert.deepEqual(findDefinitions(doc, { line: 0, character: 2 }), []);
  assert.deepEqual(findReferences(doc, { line: 0, character: 2 }, true), []);
  assert.ok('error' in prepareRename(doc, { line: 0, character: 2 }));
});

interface RenameCase {
  name: string;
  code: string;
  newName: string;
  /** The text after the rename. */
  output?: string;
  /** A fragment of the error message when the rename is refused. */
  error?: string;
}

const renameCases: RenameCase[] = [
  {
    name: 'a backend and every reference to it',
    newName: 'be_new',
    code: lines(
      'frontend fe',
      '    use_backend be if { nbsrv(be) gt 0 }',
      '    default_backend "be"',
      '    http-request track-sc0 src table be',
      'backend b|e',
      '    stick-table type ip size 1m',
      '    server s1 127.0.0.1:80',
      'backend other',
      '    server s1 127.0.0.1:81 track be/s1',
    ),
    output: lines(
      'frontend fe',
      '    use_backend be_new if { nbsrv(be_new) gt 0 }',
      '    default_backend "be_new"',
      '    http-request track-sc0 src table be_new',
      'backend be_new',
      '    stick-table type ip size 1m',
      '    server s1 127.0.0.1:80',
      'backend other',
      '    server s1 127.0.0.1:81 track be_new/s1',
    ),
  },
  {
    name: 'an ACL keeps its ! and the other ACLs of the condition',
    newName: 'is_api',
    code: lines('frontend fe', '    acl api path_beg /api', '    acl api path_beg /v2', '    http-request deny if !api || admin', '    acl admin src 10.0.0.1', '    use_backend be if a|pi'),
    output: lines('frontend fe', '    acl is_api path_beg /api', '    acl is_api path_beg /v2', '    http-request deny if !is_api || admin', '    acl admin src 10.0.0.1', '    use_backend be if is_api'),
  },
  {
    name: 'only the ACL of the section at the cursor',
    newName: 'trusted',
    code: lines('frontend fe', '    acl ok src 10.0.0.1', '    http-request deny unless ok', 'backend be', '    acl ok src 10.0.0.2', '    http-request deny unless o|k'),
    output: lines('frontend fe', '    acl ok src 10.0.0.1', '    http-request deny unless ok', 'backend be', '    acl trusted src 10.0.0.2', '    http-request deny unless trusted'),
  },
  {
    name: 'a server with use-server, track and a fetch',
    newName: 'node1',
    code: lines('frontend fe', '    acl up srv_is_up(be/s1)', '    http-request deny unless up', 'backend be', '    use-server s1 if TRUE', '    server |s1 127.0.0.1:80', '    server s2 127.0.0.1:81 track s1'),
    output: lines('frontend fe', '    acl up srv_is_up(be/node1)', '    http-request deny unless up', 'backend be', '    use-server node1 if TRUE', '    server node1 127.0.0.1:80', '    server s2 127.0.0.1:81 track node1'),
  },
  {
    name: 'a server-template prefix keeps the numbers of the names it makes',
    newName: 'app',
    code: lines('backend be', '    use-server web2 if TRUE', '    server-template w|eb 3 127.0.0.1:80'),
    output: lines('backend be', '    use-server app2 if TRUE', '    server-template app 3 127.0.0.1:80'),
  },
  {
    name: 'a defaults section and its from references',
    newName: 'http_defaults',
    code: lines('defaults base', '    mode http', 'frontend fe from ba|se', 'backend be from base'),
    output: lines('defaults http_defaults', '    mode http', 'frontend fe from http_defaults', 'backend be from http_defaults'),
  },
  {
    name: 'a userlist used by http_auth and http_auth_group',
    newName: 'staff',
    code: lines('userlist adm|ins', '    group g', 'backend be', '    acl ok http_auth(admins)', '    acl grp http_auth_group(admins) g', '    http-request auth unless ok grp'),
    output: lines('userlist staff', '    group g', 'backend be', '    acl ok http_auth(staff)', '    acl grp http_auth_group(staff) g', '    http-request auth unless ok grp'),
  },
  {
    name: 'a CRLF file keeps its line breaks',
    newName: 'web',
    code: 'frontend fe\r\n    default_backend a|pp\r\nbackend app\r\n',
    output: 'frontend fe\r\n    default_backend web\r\nbackend web\r\n',
  },
  {
    name: 'a frontend and a backend may share the new name',
    newName: 'app',
    code: lines('frontend app', '    default_backend b|e', 'backend be'),
    output: lines('frontend app', '    default_backend app', 'backend app'),
  },
  {
    name: 'the same name changes nothing',
    newName: 'be',
    code: lines('frontend fe', '    default_backend b|e', 'backend be'),
    output: lines('frontend fe', '    default_backend be', 'backend be'),
  },
  {
    name: 'refuses a space',
    newName: 'my backend',
    code: lines('backend b|e'),
    error: "HAProxy allows only letters, digits, '-', '_', '.' and ':' (found a space)",
  },
  {
    name: 'refuses a slash',
    newName: 'a/b',
    code: lines('backend b|e'),
    error: "(found '/')",
  },
  {
    name: 'refuses an empty name',
    newName: '',
    code: lines('backend b|e'),
    error: 'cannot be empty',
  },
  {
    name: 'refuses a name another backend has',
    newName: 'other',
    code: lines('backend b|e', 'backend other'),
    error: "already a backend section named 'other' on line 2",
  },
  {
    name: 'refuses an ACL name the section already has',
    newName: 'b',
    code: lines('frontend fe', '    acl |a src 10.0.0.1', '    acl b src 10.0.0.2', '    http-request deny if a b'),
    error: "already has an ACL named 'b'",
  },
  {
    name: 'refuses an ACL name a condition already uses',
    newName: 'b',
    code: lines('frontend fe', '    acl |a src 10.0.0.1', '    http-request deny if a || b'),
    error: "already uses 'b'",
  },
  {
    name: 'refuses the name of a built-in ACL',
    newName: 'TRUE',
    code: lines('frontend fe', '    acl |a src 10.0.0.1', '    http-request deny if a'),
    error: 'built into HAProxy',
  },
  {
    name: 'refuses a keyword as a name',
    newName: 'or',
    code: lines('frontend fe', '    acl |a src 10.0.0.1', '    http-request deny if a'),
    error: 'read as a keyword',
  },
  {
    name: 'refuses a server name the backend already has',
    newName: 's2',
    code: lines('backend be', '    server |s1 127.0.0.1:80', '    server s2 127.0.0.1:81'),
    error: "already has server 's2'",
  },
];

for (const c of renameCases) {
  test(`rename: ${c.name}`, () => {
    const { code, cursor } = parseMarkers(c.code);
    const result = rename(parseDocument(code, 'haproxy'), cursor!, c.newName);
    if (c.error !== undefined) {
      assert.ok('error' in result, `expected an error, got ${JSON.stringify(result)}`);
      assert.ok(result.error.includes(c.error), result.error);
      return;
    }
    assert.ok('edits' in result, JSON.stringify(result));
    assert.equal(applyEdits(code, result.edits), c.output);
    // The renamed file resolves the same way: the new name has as many uses as the old one had.
    const before = indexConfig(parseHaproxy(code)).references.filter((r) => r.symbol).length;
    const after = indexConfig(parseHaproxy(c.output!)).references.filter((r) => r.symbol).length;
    assert.equal(after, before);
  });
}

interface PrepareCase {
  name: string;
  code: string;
  placeholder?: string;
  error?: string;
}

const prepareCases: PrepareCase[] = [
  { name: 'a backend header', code: lines('backend «b|e»'), placeholder: 'be' },
  { name: 'the name inside !', code: lines('frontend fe', '    acl ok src 10.0.0.1', '    http-request deny if !«o|k»'), placeholder: 'ok' },
  { name: 'inside quotes', code: lines('frontend fe', '    default_backend "«b|e»"', 'backend be'), placeholder: 'be' },
  { name: 'the backend part of track', code: lines('backend be', '    server s1 127.0.0.1:80', 'backend x', '    server s1 127.0.0.1:81 track «b|e»/s1'), placeholder: 'be' },
  { name: 'a built-in ACL', code: lines('frontend fe', '    http-request deny if TR|UE'), error: "'TRUE' is an ACL built into HAProxy" },
  { name: 'an undefined name', code: lines('frontend fe', '    default_backend nowh|ere'), error: "Nothing in this file defines 'nowhere'" },
  { name: 'a keyword', code: lines('frontend fe', '    default_ba|ckend be', 'backend be'), error: 'Nothing to rename here' },
  {
    name: 'a name made by server-template',
    code: lines('backend be', '    use-server web|1 if TRUE', '    server-template web 2 127.0.0.1:80'),
    error: "made by the server-template 'web' on line 3",
  },
  {
    name: 'a name also written with an escape',
    code: lines('frontend fe', '    acl down nbsrv(b\\x65) lt 1', '    http-request deny if down', 'backend b|e'),
    error: 'inside a word with escape sequences',
  },
];

for (const c of prepareCases) {
  test(`prepareRename: ${c.name}`, () => {
    const { code, cursor, ranges } = parseMarkers(c.code);
    const result = prepareRename(parseDocument(code, 'haproxy'), cursor!);
    if (c.error !== undefined) {
      assert.ok('error' in result, JSON.stringify(result));
      assert.ok(result.error.includes(c.error), result.error);
      return;
    }
    assert.ok('range' in result, JSON.stringify(result));
    assert.equal(showRange(result.range), showRange(ranges[0]));
    assert.equal(result.placeholder, c.placeholder);
  });
}

test('rename refuses what prepareRename refuses', () => {
  const { code, cursor } = parseMarkers(lines('frontend fe', '    http-request deny if TR|UE'));
  const result = rename(parseDocument(code, 'haproxy'), cursor!, 'ALWAYS');
  assert.ok('error' in result && result.error.includes('built into HAProxy'));
});
