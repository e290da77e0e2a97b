import { ruleTester } from '../helpers/rule-tester';

const base = [
  'global',
  '    maxconn 4096',
  '    nbthread 4',
  '    tune.bufsize 32768',
  '    tune.http.maxhdr 128',
  '    log 127.0.0.1 len 1024 format rfc5424 local0 info',
  '    log stdout format raw daemon',
  '    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets',
  '    profiling.tasks auto',
  'defaults',
  '    mode http',
  '    log global',
  '    option httplog clf',
  '    no option httpclose',
  '    retries 3',
  '    retry-on conn-failure 503 empty-response',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  'frontend fe',
  '    bind 127.0.0.1:8443 ssl crt /etc/haproxy/site.pem ssl-min-ver TLSv1.2 verify none maxconn 2000',
  '    maxconn 3000',
  '    http-request set-var(txn.host) req.hdr(host)',
  '    http-request track-sc0 src',
  '    http-request lua.auth',
  '    http-response set-header Strict-Transport-Security max-age=31536000',
  '    http-after-response del-header Server',
  '    stick-table type ip size 100k expire 30s store http_req_rate(10s)',
  '    default_backend be',
  'backend be',
  '    balance uri whole len 3 depth 2',
  '    hash-type consistent sdbm avalanche',
  '    http-reuse safe',
  '    option httpchk GET /status',
  '    server bb1 127.0.0.1:7990 check weight 100 rise 2 fall 3 maxconn 50 observe layer7 on-error mark-down',
  '    server bb2 127.0.0.1:7991 check ssl verify required ssl-max-ver TLSv1.3 resolve-prefer ipv4',
].join('\n');

const v26 = { haproxyVersion: '2.6' };

ruleTester('invalid-argument', 'haproxy', {
  valid: [
    { name: 'a usual configuration, no target', code: base },
    { name: 'a usual configuration, target 2.6', code: base, settings: v26 },
    { name: 'other balance algorithms', code: 'backend b\n    balance hdr(host) use_domain_only\n    balance random(2)\n    balance url_param userid check_post\n    balance rdp-cookie', settings: v26 },
    { name: 'size suffixes from 3.2 on', code: 'global\n    tune.bufsize 16k', settings: { haproxyVersion: '3.2' } },
    { name: 'log mode and algorithms in 3.0', code: 'backend b\n    mode log\n    balance log-hash field(1,/)', settings: { haproxyVersion: '3.0' } },
    { name: 'newer values pass without a target', code: 'backend b\n    mode log\n    balance sticky' },
    { name: 'values from the environment are not judged', code: 'global\n    maxconn "${MAXCONN}"\n    nbthread "$THREADS"' },
    { name: 'an action the 2.6 list does not hold is left alone without a target', code: 'frontend f\n    http-request do-log' },
    { name: 'a single URI argument for httpchk', code: 'backend b\n    option httpchk /status' },
    { name: 'httpchk with a version and a Host header', code: 'backend b\n    option httpchk HEAD /status HTTP/1.1\\r\\nHost:\\ bitbucket' },
    { name: "'no' before an option", code: 'defaults\n    no option dontlognull' },
  ],
  invalid: [
    {
      name: 'upper-case mode',
      code: ['defaults', '    mode HTTP', '#        ^^^^ error: case-sensitively'].join('\n'),
      output: 'defaults\n    mode http',
    },
    {
      name: 'a typo in the mode',
      code: ['defaults', '    mode tpc', "#        ^^^ error: did you mean 'tcp'?"].join('\n'),
      output: 'defaults\n    mode tcp',
    },
    {
      name: 'a removed mode',
      code: ['backend b', '    mode health', "#        ^^^^^^ error: 'mode health' was removed"].join('\n'),
    },
    {
      name: 'a mode that needs a newer version',
      code: ['backend b', '    mode log', "#        ^^^ error: needs a newer HAProxy than 2.6 (supported versions that accept it: 3.0"].join('\n'),
      settings: v26,
    },
    {
      name: 'a version-specific value inside .if is a warning',
      code: ['backend b', '.if version_atleast(3.0)', '    mode log', '#        ^^^ warning: needs a newer HAProxy than 2.6', '.endif'].join('\n'),
      settings: v26,
    },
    {
      name: 'two modes',
      code: ['defaults', '    mode http tcp', "#             ^^^ error: 'mode' takes a single argument; HAProxy refuses the extra 'tcp'"].join('\n'),
    },
    {
      name: 'no mode at all',
      code: ['defaults', '    mode', "#   ^^^^ error: 'mode' needs an argument ('tcp', 'http', 'log' or 'spop')"].join('\n'),
    },
    {
      name: 'a size suffix on maxconn',
      code: ['global', '    maxconn 10k', "#           ^^^ warning: HAProxy reads '10k' as 10"].join('\n'),
    },
    {
      name: 'trailing text after a number',
      code: ['backend b', '    retries 3x', "#           ^^ warning: HAProxy reads '3x' as 3 and ignores 'x'"].join('\n'),
    },
    {
      name: 'a word instead of a number',
      code: ['global', '    ulimit-n lots', "#            ^^^^ warning: HAProxy reads 'lots' as 0"].join('\n'),
    },
    {
      name: 'a number out of range',
      code: ['global', '    tune.http.maxhdr 40000', '#                    ^^^^^ error: HAProxy accepts 1 to 32767'].join('\n'),
    },
    {
      name: 'a refused word read as 0',
      code: ['global', '    tune.ssl.default-dh-param strong', "#                             ^^^^^^ error: HAProxy reads 'strong' as 0, and it needs at least 1024"].join('\n'),
    },
    {
      name: 'a strict integer',
      code: ['global', '    nbthread 4x', "#            ^^ error: 'nbthread' takes a whole number, not '4x'"].join('\n'),
    },
    {
      name: 'a size suffix before 3.2',
      code: ['global', '    tune.bufsize 16k', "#                ^^^ warning: HAProxy 2.6 reads '16k' for 'tune.bufsize' as 16"].join('\n'),
      settings: v26,
      output: 'global\n    tune.bufsize 16384',
    },
    {
      name: 'a size suffix without a target',
      code: ['global', '    tune.bufsize 32k', '#                ^^^ warning: versions before 3.2'].join('\n'),
      output: 'global\n    tune.bufsize 32768',
    },
    {
      name: 'a bad size unit',
      code: ['global', '    tune.bufsize 16x', "#                ^^^ error: 'x' is not a unit"].join('\n'),
      settings: { haproxyVersion: '3.2' },
    },
    {
      name: 'a bad size in a stick-table',
      code: ['frontend f', '    stick-table type ip size 1x', "#                            ^^ error: '1x' is not a size"].join('\n'),
    },
    {
      name: 'an unknown stick-table type',
      code: ['frontend f', '    stick-table type ipv4 size 1m', "#                    ^^^^ error: did you mean 'ipv6'?"].join('\n'),
    },
    {
      name: 'server weights and check counts',
      code: [
        'backend b',
        '    server s1 127.0.0.1:80 weight 300 rise 0 fall x maxconn 10k',
        '#                                 ^^^ error: HAProxy accepts at most 256',
        '#                                          ^ error: HAProxy needs a value above 0',
        "#                                                 ^ error: HAProxy reads 'x' as 0",
        "#                                                           ^^^ warning: HAProxy reads '10k' as 10",
      ].join('\n'),
    },
    {
      name: 'TLS versions are case-sensitive',
      code: ['frontend f', '    bind :443 ssl crt /x.pem ssl-min-ver tlsv1.2', "#                                        ^^^^^^^ error: write 'TLSv1.2'"].join('\n'),
      output: 'frontend f\n    bind :443 ssl crt /x.pem ssl-min-ver TLSv1.2',
    },
    {
      name: 'an unknown TLS version',
      code: ['backend b', '    server s1 127.0.0.1:443 ssl ssl-max-ver TLSv1.4', "#                                           ^^^^^^^ error: is not a value 'ssl-max-ver' accepts: use 'SSLv3'"].join('\n'),
    },
    {
      name: 'servers verify none or required only',
      code: ['backend b', '    server s1 127.0.0.1:443 ssl verify optional', "#                                      ^^^^^^^^ error: use 'none' or 'required'"].join('\n'),
    },
    {
      name: 'a missing option value',
      code: ['frontend f', '    bind :443 ssl crt /x.pem verify', "#                            ^^^^^^ error: 'verify' needs a value"].join('\n'),
    },
    {
      name: 'TLS versions in the global defaults',
      code: ['global', '    ssl-default-bind-options ssl-min-ver TLSv1.9', "#                                        ^^^^^^^ error: not a value 'ssl-min-ver' accepts"].join('\n'),
    },
    {
      name: 'a flag option with an argument',
      code: ['defaults', '    option dontlognull yes', "#                      ^^^ error: 'option dontlognull' takes no argument"].join('\n'),
      output: 'defaults\n    option dontlognull',
    },
    {
      name: 'httplog only takes clf',
      code: ['defaults', '    option httplog full', "#                  ^^^^ error: 'full' is not a value 'option httplog' accepts: use 'clf'"].join('\n'),
    },
    {
      name: 'balance algorithm spelled in mixed case',
      code: ['backend b', '    balance RoundRobin', "#           ^^^^^^^^^^ error: did you mean 'roundrobin'?"].join('\n'),
      output: 'backend b\n    balance roundrobin',
    },
    {
      name: 'an unknown balance algorithm',
      code: ['backend b', '    balance fastest', "#           ^^^^^^^ error: use 'roundrobin', 'static-rr'"].join('\n'),
    },
    {
      name: 'hdr needs a header name',
      code: ['backend b', '    balance hdr', "#           ^^^ error: needs the name in parentheses"].join('\n'),
    },
    {
      name: 'random needs at least one draw',
      code: ['backend b', '    balance random(0)', '#           ^^^^^^^^^ error: needs at least one draw'].join('\n'),
    },
    {
      name: 'random draws are a number',
      code: ['backend b', '    balance random(two)', '#           ^^^^^^^^^^^ error: needs a number of draws'].join('\n'),
    },
    {
      name: 'url_param needs the parameter name',
      code: ['backend b', '    balance url_param', '#           ^^^^^^^^^ error: needs the name of the URL parameter'].join('\n'),
    },
    {
      name: 'hash needs 2.6',
      code: ['backend b', '    balance hash req.hdr(host)', "#           ^^^^ error: 'balance hash' needs a newer HAProxy than 2.4"].join('\n'),
      settings: { haproxyVersion: '2.4' },
    },
    {
      name: 'unknown words after balance uri',
      code: ['backend b', '    balance uri dept 2', "#               ^^^^ error: did you mean 'depth'?"].join('\n'),
      output: 'backend b\n    balance uri depth 2',
    },
    {
      name: 'an unknown log facility',
      code: ['global', '    log 127.0.0.1:514 local9', "#                     ^^^^^^ error: 'local9' is not a value 'log facility' accepts: use 'kern'"].join('\n'),
    },
    {
      name: 'an upper-case log level',
      code: ['global', '    log 127.0.0.1 local0 INFO', "#                        ^^^^ error: write 'info'"].join('\n'),
      output: 'global\n    log 127.0.0.1 local0 info',
    },
    {
      name: 'a log line without facility',
      code: ['global', '    log 127.0.0.1', '#   ^^^^^^^^^^^^^ error: needs a syslog facility'].join('\n'),
    },
    {
      name: 'log options are checked too',
      code: [
        'global',
        '    log 127.0.0.1 len 79 format json local0',
        '#                     ^^ error: HAProxy accepts 80 to 65535',
        "#                               ^^^^ error: 'json' is not a value 'log format' accepts",
      ].join('\n'),
    },
    {
      name: 'too many words on a log line',
      code: ['global', '    log 127.0.0.1 local0 info notice debug', "#                                    ^^^^^ error: HAProxy refuses the extra 'debug'"].join('\n'),
    },
    {
      name: 'a method alone is read as the URI',
      code: ['backend b', '    option httpchk GET', "#                  ^^^ warning: reads it as the URI"].join('\n'),
      output: 'backend b\n    option httpchk GET /',
    },
    {
      name: 'methods are upper case',
      code: ['backend b', '    option httpchk get /status', "#                  ^^^ warning: Write 'GET'"].join('\n'),
      output: 'backend b\n    option httpchk GET /status',
    },
    {
      name: 'the URI starts with a slash',
      code: ['backend b', '    option httpchk GET status', "#                      ^^^^^^ warning: does not start with '/'"].join('\n'),
      output: 'backend b\n    option httpchk GET /status',
    },
    {
      name: 'a misspelt action with a 2.6 target',
      code: ['frontend f', '    http-request set-heder X-A b', "#                ^^^^^^^^^ error: did you mean 'set-header'?"].join('\n'),
      settings: v26,
      output: 'frontend f\n    http-request set-header X-A b',
    },
    {
      name: 'a misspelt action without a target is a warning',
      code: ['frontend f', '    http-response del-heder Server', "#                 ^^^^^^^^^ warning: did you mean 'del-header'?"].join('\n'),
    },
    {
      name: 'an action 2.6 does not have',
      code: ['frontend f', '    http-request set-uri-param a b', "#                ^^^^^^^^^^^^^ error: 'set-uri-param' is not an action HAProxy 2.6 accepts after 'http-request'."].join('\n'),
      settings: v26,
    },
    {
      name: 'retry-on events',
      code: ['backend b', '    retry-on 503 conn-failures', "#                ^^^^^^^^^^^^^ error: did you mean 'conn-failure'?"].join('\n'),
    },
    {
      name: 'hash-type and http-reuse values',
      code: [
        'backend b',
        '    hash-type consistant',
        "#             ^^^^^^^^^^ error: did you mean 'consistent'?",
        '    http-reuse ALWAYS',
        "#              ^^^^^^ error: write 'always'",
      ].join('\n'),
    },
    {
      name: 'a value above the limit',
      code: ['global', '    spread-checks 60', '#                 ^^ error: HAProxy accepts at most 50'].join('\n'),
    },
    {
      name: 'a missing argument',
      code: ['backend b', '    retry-on', "#   ^^^^^^^^ error: 'retry-on' needs an argument"].join('\n'),
    },
  ],
});
