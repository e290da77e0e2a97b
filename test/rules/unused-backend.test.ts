import { ruleTester } from '../helpers/rule-tester';

ruleTester('unused-backend', 'haproxy', {
  valid: [
    {
      name: 'backends reached by use_backend, default_backend, track, a fetch and a stick table',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:80',
        '    use_backend api if { path_beg /api }',
        '    default_backend web',
        '    http-request deny if { nbsrv(status) lt 1 }',
        '    http-request track-sc0 src table rates',
        'backend api',
        '    server s1 127.0.0.1:8080',
        'backend web',
        '    server s1 127.0.0.1:8081 track health/s1',
        'backend health',
        '    server s1 127.0.0.1:8082 check',
        'backend status',
        'backend rates',
        '    stick-table type ip size 1m',
        '',
      ].join('\n'),
    },
    {
      name: 'a default_backend inherited from defaults',
      code: 'defaults\n    default_backend be\nfrontend fe\n    bind 127.0.0.1:80\nbackend be\n',
    },
    {
      name: 'a file without frontends is part of a larger configuration',
      code: 'backend a\n    server s1 127.0.0.1:80\nbackend b\n    server s1 127.0.0.1:81\n',
    },
    {
      name: 'a backend name built at run time may reach any backend with its prefix',
      code: 'frontend fe\n    bind 127.0.0.1:80\n    use_backend be_%[req.hdr(host),lower]\nbackend be_a\nbackend be_b\n',
    },
    {
      name: 'SPOE agents name their backend in another file',
      code: 'frontend fe\n    bind 127.0.0.1:80\n    filter spoe engine waf config /etc/haproxy/spoe.conf\nbackend agents\n',
    },
    {
      name: 'listen sections receive their own traffic',
      code: 'listen web\n    bind 127.0.0.1:80\n    server s1 127.0.0.1:8080\n',
    },
  ],
  invalid: [
    {
      name: 'a backend nothing routes to, removed with the blank line after it',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:80',
        '    default_backend web',
        '',
        'backend old_web',
        '#       ^^^^^^^ hint: Backend \'old_web\' receives no traffic: no use_backend, default_backend or other reference in this file names it.',
        '    server s1 127.0.0.1:8080',
        '',
        'backend web',
        '    server s1 127.0.0.1:8081',
        '',
      ].join('\n'),
      output: ['frontend fe', '    bind 127.0.0.1:80', '    default_backend web', '', 'backend web', '    server s1 127.0.0.1:8081', ''].join('\n'),
    },
    {
      name: 'the prefix of a run-time name does not match',
      code: [
        'frontend fe',
        '    bind 127.0.0.1:80',
        '    use_backend be_%[req.hdr(host)]',
        'backend legacy',
        '#       ^^^^^^ hint: \'legacy\'',
        'backend be_a',
        '',
      ].join('\n'),
      output: ['frontend fe', '    bind 127.0.0.1:80', '    use_backend be_%[req.hdr(host)]', 'backend be_a', ''].join('\n'),
    },
    {
      name: 'a backend that only refers to itself, ending in an .if block',
      code: [
        'listen web',
        '    bind 127.0.0.1:80',
        'backend spare',
        '#       ^^^^^ hint: \'spare\'',
        '    server s1 127.0.0.1:8080',
        '    server s2 127.0.0.1:8081 track spare/s1',
        '    .if defined(EXTRA)',
        '        server s3 127.0.0.1:8082',
        '    .endif',
        '# comment about what follows',
        'backend more',
        '#       ^^^^ hint: \'more\'',
        '',
      ].join('\n'),
      output: ['listen web', '    bind 127.0.0.1:80', '# comment about what follows', 'backend more', ''].join('\n'),
    },
  ],
});
