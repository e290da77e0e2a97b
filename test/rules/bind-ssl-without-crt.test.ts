import { ruleTester } from '../helpers/rule-tester';

ruleTester('bind-ssl-without-crt', 'haproxy', {
  valid: [
    { name: 'certificate file', code: 'frontend fe\n    bind 127.0.0.1:8443 ssl crt /etc/haproxy/site.pem\n' },
    { name: 'certificate list', code: 'frontend fe\n    bind 127.0.0.1:8443 ssl crt-list /etc/haproxy/certs.txt\n' },
    { name: 'crt before ssl', code: 'listen web\n    bind 127.0.0.1:8443 crt /etc/haproxy/site.pem ssl alpn h2\n' },
    { name: 'quoted keywords', code: 'frontend fe\n    bind 127.0.0.1:8443 "ssl" "crt" /etc/haproxy/site.pem\n' },
    { name: 'plain listener', code: 'frontend fe\n    bind 127.0.0.1:80\n' },
    { name: 'ssl on a server line', code: 'backend be\n    server s1 127.0.0.1:443 ssl verify none\n' },
    {
      name: 'options from an environment variable',
      code: 'frontend fe\n    bind 127.0.0.1:8443 ssl "${TLS_CERT_OPTS}"\n',
    },
  ],
  invalid: [
    {
      name: 'frontend',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl',
        '#                       ^^^ error: bind 127.0.0.1:8443 turns on ssl but names no certificate',
        '',
      ].join('\n'),
    },
    {
      name: 'listen with other options',
      code: [
        'listen web',
        '    bind 127.0.0.1:8443 ssl alpn h2,http/1.1 ssl-min-ver TLSv1.2',
        "#                       ^^^ error: add 'crt",
        '',
      ].join('\n'),
    },
    {
      name: 'peers and log-forward sections',
      code: [
        'peers mypeers',
        '    bind 127.0.0.1:10000 ssl',
        '#                        ^^^ error: names no certificate',
        '    server local',
        'log-forward syslog',
        '    bind 127.0.0.1:6514 ssl',
        '#                       ^^^ error: names no certificate',
        '    log 127.0.0.1:514 local0',
        '',
      ].join('\n'),
    },
    {
      name: 'crt-base does not help',
      code: [
        'global',
        '    crt-base /etc/haproxy/certs',
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl',
        '#                       ^^^ error: crt-base only sets the folder',
        '',
      ].join('\n'),
    },
    {
      name: 'generate-certificates still needs crt',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:8443 ssl generate-certificates ca-sign-file /etc/haproxy/ca.pem',
        '#                       ^^^ error: names no certificate',
        '',
      ].join('\n'),
    },
  ],
});
