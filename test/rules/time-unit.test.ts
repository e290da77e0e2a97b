import { ruleTester } from '../helpers/rule-tester';

const base = (body: string) => `defaults\n    mode http\n${body}`;

ruleTester('time-unit', 'haproxy', {
  valid: [
    {
      name: 'every unit HAProxy knows',
      code: [
        'global',
        '    hard-stop-after 30s',
        '    tune.ssl.lifetime 5m',
        '    tune.idletimer 65535ms',
        '    stats timeout 2m',
        'defaults',
        '    timeout connect 500us',
        '    timeout client 30s',
        '    timeout server 1m',
        '    timeout tunnel 1h',
        '    timeout http-request 10ms',
        '    timeout http-keep-alive 1d',
        '    timeout queue 24d',
        '',
      ].join('\n'),
    },
    { name: 'zero is accepted by timeouts and slowstart', code: base('    timeout client 0\nbackend be\n    server s1 10.0.0.1:80 slowstart 0\n') },
    {
      name: 'proxy keywords, server options and tables',
      code: [
        'frontend fe',
        '    bind 10.0.0.1:443 tcp-ut 30s',
        '    clitcpka-idle 5m',
        '    tcp-request inspect-delay 5s',
        '    stick-table type ip size 100k expire 30m store http_req_rate(10s),gpc0_rate(0)',
        '    http-request wait-for-body time 1s',
        'backend be',
        '    cookie SRV insert maxidle 30m maxlife 8h',
        '    stats refresh 10s',
        '    http-request set-timeout server 30s',
        '    http-request set-timeout tunnel req.hdr(x-timeout)',
        '    default-server inter 3s fastinter 1s downinter 5s',
        '    server s1 10.0.0.1:7990 check inter 2s rise 2 fall 3 slowstart 1m pool-purge-delay 10s',
        'resolvers dns',
        '    hold valid 10s',
        '    timeout resolve 1s',
        'cache static',
        '    max-age 300',
        '',
      ].join('\n'),
    },
    {
      name: 'option values are not mistaken for options',
      code: 'backend be\n    server inter 10.0.0.1:80 cookie inter check\n',
    },
    {
      name: 'values from environment variables are left alone',
      code: 'defaults\n    timeout client "${CLIENT_TIMEOUT}"\n    timeout server "$SERVER_TIMEOUT"\n',
    },
    {
      name: 'keywords outside their sections are not read as durations',
      code: 'global\n    grace 10s\nuserlist u\n    group admin\n',
    },
  ],
  invalid: [
    {
      name: 'unknown unit',
      code: base('    timeout client 50x\n#                    ^ error: not a time unit\n'),
    },
    {
      name: 'upper-case unit',
      code: base('    timeout server 5S\n#                   ^ error: upper-case unit\n'),
      output: base('    timeout server 5s\n'),
    },
    {
      name: 'upper-case M has no fix: minutes or months',
      code: base('    timeout tarpit 10M\n#                    ^ error: m for minutes\n'),
    },
    {
      name: 'decimal point',
      code: base('    timeout connect 1.5s\n#                   ^^^^ error: decimal point\n'),
      output: base('    timeout connect 1500ms\n'),
    },
    {
      name: 'trailing letters after a valid unit',
      code: base('    timeout client 10mins\n#                    ^^^^ warning: reads \'10mins\' as 10m\n'),
      output: base('    timeout client 10m\n'),
    },
    {
      name: 'sec',
      code: 'global\n    hard-stop-after 5sec\n#                    ^^^ warning: write 5s\n',
      output: 'global\n    hard-stop-after 5s\n',
    },
    {
      name: 'min in a server option',
      code: 'backend be\n    server s1 10.0.0.1:80 check inter 2min\n#                                      ^^^ warning: 2m\n',
      output: 'backend be\n    server s1 10.0.0.1:80 check inter 2m\n',
    },
    {
      name: 'hour in a stick table',
      code: 'backend be\n    stick-table type ip size 1m expire 1hour\n#                                       ^^^^ warning: write 1h\n',
      output: 'backend be\n    stick-table type ip size 1m expire 1h\n',
    },
    {
      name: 'trailing letters with no clear meaning get no fix',
      code: base('    timeout client 10mss\n#                    ^^^ warning: reads \'10mss\' as 10ms\n'),
    },
    {
      name: 'overflow',
      code: base('    timeout check 25d\n#                 ^^^ error: too large\n'),
    },
    {
      // 320 digits read as Infinity in double arithmetic; haproxy -c says "timer overflow".
      name: 'overflow of a number too long for a double',
      code: base(`    timeout check ${'9'.repeat(320)}s\n#                 ${'^'.repeat(321)} error: too large\n`),
    },
    {
      name: 'overflow of a bare number',
      code: base('    timeout tunnel 2147483648\n#                  ^^^^^^^^^^ error: at most 2147483647 milliseconds\n'),
    },
    {
      name: 'a keyword with its own limit',
      code: 'global\n    tune.idletimer 70000\n#                  ^^^^^ error: at most 65535 milliseconds\n',
    },
    {
      name: 'negative number',
      code: base('    timeout client -5s\n#                  ^^^ error: not a duration\n'),
    },
    {
      name: 'zero where HAProxy refuses it',
      code: 'backend be\n    server s1 10.0.0.1:80 check inter 0\n#                                     ^ error: above zero\n',
    },
    {
      name: 'zero stats timeout',
      code: 'global\n    stats timeout 0\n#                 ^ error: above zero\n',
    },
    {
      name: 'zero set-timeout',
      code: 'backend be\n    http-request set-timeout server 0\n#                                   ^ error: above zero\n',
    },
    {
      name: 'a space inside the value',
      code: base('    timeout client 5 0s\n#                  ^^^^ error: space splits\n'),
    },
    {
      name: 'a space before the unit',
      code: base('    timeout http-keep-alive 5 s\n#                           ^^^ error: space splits\n'),
      output: base('    timeout http-keep-alive 5s\n'),
    },
    {
      name: 'bare number in milliseconds',
      code: base('    timeout client 50000\n#                  ^^^^^ information: milliseconds (50 seconds)\n'),
      output: base('    timeout client 50s\n'),
    },
    {
      name: 'bare number that stays in milliseconds',
      code: base('    timeout connect 1500\n#                   ^^^^ information: 1 second 500 milliseconds\n'),
      output: base('    timeout connect 1500ms\n'),
    },
    {
      name: 'bare number in seconds',
      code: 'global\n    tune.ssl.lifetime 300\n#                     ^^^ information: seconds (5 minutes)\n',
      output: 'global\n    tune.ssl.lifetime 5m\n',
    },
    {
      name: 'bare numbers in cookie and stats refresh count in seconds',
      code: [
        'backend be',
        '    cookie SRV insert maxidle 30 maxlife 1d',
        '#                             ^^ information: seconds (30 seconds)',
        '    stats refresh 10',
        '#                 ^^ information: seconds (10 seconds)',
        '',
      ].join('\n'),
    },
    {
      name: 'period of a rate counter',
      code: 'frontend fe\n    stick-table type ip size 1m store http_req_rate(10x),conn_rate(1.5s)\n#                                                     ^ error: not a time unit\n#                                                                  ^^^^ error: decimal point\n',
      output: 'frontend fe\n    stick-table type ip size 1m store http_req_rate(10x),conn_rate(1500ms)\n',
      fixTitle: '1500ms',
    },
    {
      name: 'resolvers hold and bind tcp-ut',
      code: 'resolvers dns\n    hold nx 30x\n#             ^ error: not a time unit\nfrontend fe\n    bind :443 tcp-ut 5S\n#                     ^ error: upper-case\n',
    },
    {
      name: 'wait-for-body and inspect-delay',
      code: 'frontend fe\n    tcp-request inspect-delay 2secs\n#                              ^^^^ warning: write 2s\n    http-request wait-for-body time 1.5s\n#                                   ^^^^ error: 1500ms\n',
    },
    {
      name: 'environment variable outside double quotes',
      code: base('    timeout client ${CLIENT_TIMEOUT}\n#                  ^^^^^^^^^^^^^^^^^ error: inside double quotes\n'),
      output: base('    timeout client "${CLIENT_TIMEOUT}"\n'),
    },
    {
      name: 'cache max-age is read with atoi',
      code: 'cache c\n    max-age 5m\n#           ^^ warning: reads \'5m\' as 5\n',
      output: 'cache c\n    max-age 300\n',
    },
    {
      name: 'cache max-age without digits',
      code: 'cache c\n    max-age soon\n#           ^^^^ warning: as 0\n',
    },
    {
      name: 'quoted value: the range and fix keep inside the quotes',
      code: base('    timeout client "10mins"\n#                     ^^^^ warning: 10m\n'),
      output: base('    timeout client "10m"\n'),
    },
  ],
});

ruleTester('time-unit', 'bitbucket-properties', {
  valid: [
    'websudo.session.timeout=5\n',
    'websudo.session.timeout=30s\nwebsudo.session.timeout=1h\nwebsudo.session.timeout=2d\nwebsudo.session.timeout=10m\n',
    'server.session.timeout=1800\nserver.session.cookie.max-age=-1\n',
    'plugin.auth-crowd.sso.session.validationinterval=0\nplugin.bitbucket-audit.cleanup.run.interval=24\n',
    { name: 'a trailing comment is another rule\'s concern', code: 'websudo.session.timeout=5 # five minutes\n' },
    { name: 'placeholders are skipped', code: 'websudo.session.timeout={{ websudo_timeout }}\nserver.session.timeout=${SESSION_TIMEOUT}\n' },
    { name: 'quoted values are another rule\'s concern', code: 'websudo.session.timeout="5min"\n' },
    { name: 'empty value', code: 'websudo.session.timeout=\n' },
    { name: 'unrelated keys', code: 'server.port=7990\npage.max.changes=abc\n' },
  ],
  invalid: [
    {
      name: 'minutes written as min',
      code: 'websudo.session.timeout=5min\n!                       ^^^^ error: not a duration Bitbucket reads\n',
      output: 'websudo.session.timeout=5m\n',
    },
    {
      name: 'hours with a decimal point',
      code: 'websudo.session.timeout = 1.5h\n!                         ^^^^ error: (here 90m)\n',
      output: 'websudo.session.timeout = 90m\n',
    },
    {
      name: 'upper-case suffix',
      code: 'websudo.session.timeout=15M\n!                       ^^^ warning: lower case\n',
      output: 'websudo.session.timeout=15m\n',
    },
    {
      name: 'no number at all',
      code: 'websudo.session.timeout=never\n!                       ^^^^^ error: whole number of minutes\n',
    },
    {
      name: 'unit on a key documented in seconds',
      code: 'server.session.timeout=30m\n!                      ^^^ warning: plain number of seconds\n',
      output: 'server.session.timeout=1800\n',
    },
    {
      name: 'unit that does not convert to whole hours',
      code: 'plugin.bitbucket-audit.cleanup.run.interval=90m\n!                                           ^^^ warning: plain number of hours\n',
    },
    {
      name: 'not a number',
      code: 'plugin.auth-crowd.sso.session.validationinterval=abc\n!                                                ^^^ error: whole number of minutes\n',
    },
    {
      name: 'decimal seconds',
      code: 'server.session.timeout=1.5\n!                      ^^^ error: whole number of seconds\n',
    },
  ],
});
