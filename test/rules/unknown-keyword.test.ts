import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, ruleTester } from '../helpers/rule-tester';

const base = [
  'global',
  '    daemon',
  '    maxconn 4096',
  '    log 127.0.0.1 local0',
  '    stats socket /run/haproxy.sock mode 600 level admin',
  '    ssl-default-bind-options ssl-min-ver TLSv1.2',
  'defaults',
  '    mode http',
  '    option httplog',
  '    no option httpclose',
  '    timeout client 30s',
  '    timeout server 30s',
  '    timeout connect 5s',
  'frontend fe',
  '    bind 127.0.0.1:8443 ssl crt /etc/haproxy/site.pem alpn h2,http/1.1',
  '    capture request header Host len 64',
  '    http-request set-header X-Forwarded-Proto https',
  '    default_backend be',
  'backend be',
  '    balance roundrobin',
  '    option httpchk',
  '    http-check send meth GET uri /status',
  '    http-check set-var(check.port) int(7990)',
  '    server bb1 127.0.0.1:7990 check',
].join('\n');

ruleTester('unknown-keyword', 'haproxy', {
  valid: [
    { name: 'a usual Bitbucket front end', code: base },
    { name: 'the same with a 2.6 target', code: base, settings: { haproxyVersion: '2.6.12' } },
    { name: 'a first word from the environment is not judged', code: 'global\n    "${KEYWORD}" 1' },
    {
      name: 'keywords that only newer versions know pass without a target',
      code: 'backend be\n    option http-drop-request-trailers\n    server s1 127.0.0.1:80',
    },
    { name: 'an unknown version means no version check', code: 'global\n    nbproc 2', settings: { haproxyVersion: '9.9' } },
    { name: 'sections we only know in part are not judged', code: 'acme le\n    directory https://acme.example/dir\n    whatever 1' },
    {
      name: 'lines of newer section kinds are not judged',
      code: 'defaults\n    mode http\nlog-profile lp\n    on any format "%ci"',
    },
    { name: 'other sections have their own keywords', code: 'userlist admins\n    user alice insecure-password x\nresolvers dns\n    nameserver ns1 127.0.0.1:53\n    timeout resolve 1s' },
    { name: "'no' before an option that can be switched off", code: 'frontend fe\n    no option dontlognull' },
    {
      name: 'bind and server options of 2.6',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl crt /etc/haproxy/site.pem alpn h2,http/1.1 ssl-min-ver TLSv1.2 strict-sni',
        'backend be',
        '    default-server inter 2s fall 3 rise 2',
        '    server s1 127.0.0.1:7990 check maxconn 100 weight 10 ssl verify none sni str(bb.example.com)',
        '    server-template web 3 127.0.0.1:8080 check',
      ].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    { name: 'newer bind and server options with a newer target', code: 'frontend fe\n    bind 127.0.0.1:80 guid-prefix fe\nbackend be\n    server s1 127.0.0.1:80 curves P-256 guid s1', settings: { haproxyVersion: '3.0' } },
    { name: 'newer server options pass without a target', code: 'backend be\n    server s1 127.0.0.1:80 curves P-256' },
    {
      name: 'the walk stops at a word no version knows (its value cannot be told apart)',
      code: 'backend be\n    server s1 127.0.0.1:80 frobnicate curves check',
      settings: { haproxyVersion: '2.6' },
    },
    { name: 'bind and server options in sections that are not proxies are not judged here', code: 'peers p\n    bind 127.0.0.1:10000\n    server p1 127.0.0.1:10001', settings: { haproxyVersion: '2.6' } },
  ],
  invalid: [
    {
      name: 'server options 2.6 does not have',
      code: [
        'backend be',
        '    server s1 127.0.0.1:443 ssl verify none curves P-256 guid s1 check',
        "#                                           ^^^^^^ error: 'curves' is not a server option HAProxy 2.6 knows: it needs a newer version (supported versions that have it: 3.0, 3.2, 3.5-dev).",
        "#                                                        ^^^^ error: 'guid' is not a server option HAProxy 2.6 knows",
        '    default-server init-state up',
        "#                  ^^^^^^^^^^ error: 'init-state' is not a server option HAProxy 2.6 knows",
      ].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    {
      name: 'a bind option 2.6 does not have',
      code: ['frontend fe', '    bind 127.0.0.1:8080 guid-prefix fe', "#                       ^^^^^^^^^^^ error: 'guid-prefix' is not a bind option HAProxy 2.6 knows"].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    {
      name: 'a bind option a later version dropped',
      code: ['frontend fe', '    bind 127.0.0.1:8443 ocsp-update on', "#                       ^^^^^^^^^^^ error: 'ocsp-update' is no longer a bind option in HAProxy 3.0: the last supported version that has it is 2.8."].join('\n'),
      settings: { haproxyVersion: '3.0' },
    },
    {
      name: 'a newer option inside .if is a warning',
      code: [
        'backend be',
        '    .if version_atleast(3.0)',
        '    server s1 127.0.0.1:80 guid s1',
        "#                          ^^^^ warning: It is inside a .if block",
        '    .endif',
      ].join('\n'),
      settings: { haproxyVersion: '2.6' },
    },
    {
      name: 'a typo in a global keyword',
      code: ['global', '    daemn', '#   ^^^^^ error: Did you mean \'daemon\'?'].join('\n'),
      output: 'global\n    daemon',
    },
    {
      name: 'a word no version knows and nothing close',
      code: ['frontend fe', '    frobnicate on', '#   ^^^^^^^^^^ error: Unknown keyword \'frobnicate\''].join('\n'),
    },
    {
      name: 'an unknown option',
      code: ['defaults', '    option httplgo', '#          ^^^^^^^ error: Unknown option \'httplgo\''].join('\n'),
      output: 'defaults\n    option httplog',
    },
    {
      name: 'an unknown timeout',
      code: ['defaults', '    timeout clinet 5s', '#           ^^^^^^ error: Did you mean \'client\'?'].join('\n'),
      output: 'defaults\n    timeout client 5s',
    },
    {
      name: 'the third word of a three-word keyword',
      code: ['frontend fe', '    capture request foo Host len 10', '#                   ^^^ error: \'capture request foo\''].join('\n'),
    },
    {
      name: 'a prefix on its own',
      code: ['defaults', '    option', '#   ^^^^^^ error: \'option\' is not complete'].join('\n'),
    },
    {
      name: 'a line before any section',
      code: ['  daemon', '# ^^^^^^ error: outside any section', 'global', '    maxconn 100'].join('\n'),
    },
    {
      name: 'a removed keyword with a drop-in replacement',
      code: ['defaults', '    clitimeout 50000', '#   ^^^^^^^^^^ error: removed in HAProxy 2.1: use \'timeout client\''].join('\n'),
      output: 'defaults\n    timeout client 50000',
    },
    {
      name: 'a removed header directive is rewritten as its http-request successor',
      code: ['frontend fe', '    reqadd X-Proto:\\ https', '#   ^^^^^^ error: use \'http-request add-header\' instead'].join('\n'),
      output: 'frontend fe\n    http-request add-header X-Proto https',
      fixTitle: "Replace 'reqadd' with 'http-request add-header X-Proto https'",
    },
    {
      name: 'the rewrite keeps the condition, the indentation and a trailing comment',
      code: [
        'frontend fe',
        '        reqadd X-Forwarded-Proto:\\ https if { ssl_fc }   # TLS only',
        '#       ^^^^^^ error: removed in HAProxy 2.1',
      ].join('\n'),
      output: 'frontend fe\n        http-request add-header X-Forwarded-Proto https if { ssl_fc }   # TLS only',
    },
    {
      name: 'a deleted response header',
      code: ['backend be', '    rspidel ^Server:.*', '#   ^^^^^^^ error: use \'http-response del-header\' instead'].join('\n'),
      output: 'backend be\n    http-response del-header Server',
      fixTitle: "with 'http-response del-header Server'",
    },
    {
      name: 'a path prefix swap on the request line',
      code: [
        'backend be',
        '    reqirep ^([^\\ :]*)\\ /bitbucket/(.*) \\1\\ /\\2',
        '#   ^^^^^^^ error: \'reqirep\' was removed',
      ].join('\n'),
      output: 'backend be\n    http-request replace-path (?i)^/bitbucket/(.*) /\\1',
    },
    {
      name: 'a replaced header value',
      code: [
        'backend be',
        '    rspirep ^Location:\\ http://(.*):80(.*) Location:\\ https://\\1:443\\2',
        '#   ^^^^^^^ error: use \'http-response replace-header\' instead',
      ].join('\n'),
      output: 'backend be\n    http-response replace-header Location (?i)^http://(.*):80(.*) https://\\1:443\\2',
    },
    {
      name: 'a long rewrite is named by the rule it becomes',
      code: [
        'frontend fe',
        '    reqideny ^User-Agent:.*sqlmap if !is_internal',
        '#   ^^^^^^^^ error: use \'http-request deny\' instead',
      ].join('\n'),
      output: 'frontend fe\n    http-request deny if { req.fhdr(User-Agent) -m reg -i ^.*sqlmap } !is_internal',
      fixTitle: "Replace 'reqideny' with an 'http-request deny' rule",
    },
    {
      name: 'a removed header directive that cannot be rewritten faithfully',
      code: ['frontend fe', '    reqallow ^X-Trusted:', '#   ^^^^^^^^ error: use \'http-request allow\' instead'].join('\n'),
    },
    {
      name: "'no' before a keyword that cannot be negated",
      code: ['backend be', '    no balance roundrobin', '#   ^^ error: \'no\' cannot be used with \'balance\''].join('\n'),
      output: 'backend be\n    balance roundrobin',
    },
    {
      name: 'a keyword newer than the target',
      settings: { haproxyVersion: '2.4' },
      code: [
        'frontend fe',
        '    option http-restrict-req-hdr-names preserve',
        '#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: needs a newer version (supported versions that have it: 2.6',
      ].join('\n'),
    },
    {
      name: 'a keyword removed before the target',
      settings: { haproxyVersion: '2.6' },
      code: ['global', '    nbproc 2', '#   ^^^^^^ error: the last supported version that has it is 2.4'].join('\n'),
    },
    {
      name: 'a newer keyword inside a .if block is only a warning',
      settings: { haproxyVersion: '2.4' },
      code: [
        'global',
        '    .if version_atleast(2.5)',
        '    thread-groups 1',
        '#   ^^^^^^^^^^^^^ warning: inside a .if block',
        '    .endif',
      ].join('\n'),
    },
    {
      name: 'a section keyword of a newer version than the target',
      settings: { haproxyVersion: '2.6' },
      code: ['defaults', '    mode http', '  log-profile lp', '# ^^^^^^^^^^^ error: \'log-profile\' sections are not available in HAProxy 2.6', '    on any format "%ci"'].join('\n'),
    },
    {
      name: 'a typo in a peers section, with a target',
      settings: { haproxyVersion: 'latest' },
      code: ['ring logs', '    size 32768', 'peers p', '    enable', '#   ^^^^^^ error: Did you mean \'enabled\'?'].join('\n'),
      output: 'ring logs\n    size 32768\npeers p\n    enabled',
    },
    {
      name: 'a keyword of another section kind that is newer than the target',
      settings: { haproxyVersion: '2.6' },
      code: [
        'peers mypeers',
        '    shards 2',
        '#   ^^^^^^ error: supported versions that have it in a peers section: 2.8',
      ].join('\n'),
    },
  ],
});

test('unknown-keyword offers no rewrite where the new rule would not do the same', () => {
  const fixes = (code: string) =>
    lint(code, 'haproxy')
      .filter((f) => f.rule === 'unknown-keyword')
      .map((f) => f.fixes.map((x) => x.title));
  // reqallow also let later reqrep lines run; http-request allow would stop them.
  assert.deepEqual(fixes('frontend fe\n    reqallow ^X-Trusted:'), [[]]);
  // The old line ran after every http-request rule of its section.
  assert.deepEqual(fixes('frontend fe\n    reqdel ^X-A:\n    http-request set-header X-A 1'), [[]]);
  // A pattern that is not anchored on a header name.
  assert.deepEqual(fixes('frontend fe\n    reqideny curl'), [[]]);
  // The old keywords with a drop-in replacement keep their fix.
  assert.deepEqual(fixes('defaults\n    srvtimeout 30000'), [["Replace 'srvtimeout' with 'timeout server'"]]);
});
