import { ruleTester } from '../helpers/rule-tester';

ruleTester('keyword-section', 'haproxy', {
  valid: [
    {
      name: 'every keyword where it belongs',
      code: [
        'global',
        '    daemon',
        '    stats socket /run/haproxy.sock',
        'defaults',
        '    mode http',
        '    timeout client 30s',
        'frontend fe',
        '    bind 127.0.0.1:443',
        '    default_backend be',
        'backend be',
        '    balance roundrobin',
        '    server bb1 127.0.0.1:7990 check',
        'listen stats',
        '    bind 127.0.0.1:8404',
        '    stats enable',
        '    server s1 127.0.0.1:80',
        'peers mypeers',
        '    bind 127.0.0.1:10000',
        '    server p1',
        'userlist admins',
        '    user alice insecure-password x',
      ].join('\n'),
    },
    { name: 'unknown words are left to unknown-keyword', code: 'frontend fe\n    frobnicate on' },
    { name: 'a first word from the environment is not judged', code: 'frontend fe\n    "${KW}" x' },
    {
      name: 'rules and ACLs in a named defaults section',
      code: [
        'defaults base',
        '    mode http',
        '    acl local src 127.0.0.1',
        '    tcp-request inspect-delay 5s',
        '    tcp-request connection accept',
        '    tcp-request session accept',
        '    tcp-request content accept',
        '    tcp-response inspect-delay 5s',
        '    tcp-response content accept',
        '    http-request deny if !local',
        '    http-response set-header X-A 1',
        '    http-after-response set-header X-B 1',
      ].join('\n'),
    },
    { name: 'an anonymous defaults section without rules', code: 'defaults\n    mode http\n    timeout client 30s' },
    {
      name: 'lines of a section kind the parser does not split on are not judged',
      code: 'defaults\n    mode http\nlog-profile lp\n    log-tag x',
    },
  ],
  invalid: [
    {
      name: 'a global keyword in a frontend',
      code: ['frontend fe', '    daemon', '#   ^^^^^^ error: \'daemon\' is not allowed in a frontend section; it belongs in the global section'].join('\n'),
    },
    {
      name: 'a proxy keyword in global',
      code: ['global', '    option httplog', '#   ^^^^^^^^^^^^^^ error: belongs in defaults, frontend and listen sections'].join('\n'),
    },
    {
      name: 'a server in a frontend is rejected',
      code: ['frontend fe', '    server s1 127.0.0.1:80', '#   ^^^^^^ error: HAProxy rejects it there'].join('\n'),
    },
    {
      name: 'bind in a backend is ignored',
      code: ['backend be', '    bind 127.0.0.1:80', '#   ^^^^ warning: HAProxy ignores \'bind\' in a backend section'].join('\n'),
    },
    {
      name: 'default_backend in a backend is ignored',
      code: ['backend be', '    default_backend other', '#   ^^^^^^^^^^^^^^^ warning: belongs in defaults, frontend and listen sections'].join('\n'),
    },
    {
      name: 'balance in a frontend is ignored',
      code: ['frontend fe', '    balance roundrobin', '#   ^^^^^^^ warning: only applies to the backend side'].join('\n'),
    },
    {
      name: 'tcp-request connection in a backend is rejected',
      code: ['backend be', '    tcp-request connection accept', '#   ^^^^^^^^^^^^^^^^^^^^^^ error: HAProxy rejects it there'].join('\n'),
    },
    {
      name: 'bind in a defaults section is rejected',
      code: ['defaults', '    bind :80', '#   ^^^^ error: \'bind\' is not allowed in a defaults section: HAProxy rejects it there'].join('\n'),
    },
    {
      name: 'a proxy keyword in another kind of section',
      code: ['userlist admins', '    server s1 127.0.0.1:80', '#   ^^^^^^ error: \'server\' is not allowed in a userlist section; it belongs in listen, backend, peers and ring sections'].join('\n'),
    },
    {
      name: 'an http-request rule in an anonymous defaults section',
      code: ['defaults', '    http-request set-header X-Hdr 1', '#   ^^^^^^^^^^^^ error: \'http-request\' is only allowed in a defaults section that has a name'].join('\n'),
    },
    {
      name: 'an ACL in an anonymous defaults section',
      code: ['defaults', '    acl local src 127.0.0.1', '#   ^^^ error: \'acl\' is only allowed in a defaults section that has a name'].join('\n'),
    },
    {
      name: 'tcp rules in an anonymous defaults section',
      code: [
        'defaults',
        '    tcp-request inspect-delay 5s',
        '#   ^^^^^^^^^^^^^^^^^^^^^^^^^ error: \'tcp-request inspect-delay\' is only allowed',
        '    tcp-request content accept',
        '#   ^^^^^^^^^^^^^^^^^^^ error: \'tcp-request content\' is only allowed',
        '    tcp-response content accept',
        '#   ^^^^^^^^^^^^^^^^^^^^ error: \'tcp-response content\' is only allowed',
      ].join('\n'),
    },
    {
      name: "a multi-word keyword with 'no'",
      code: ['backend be', '    no option dontlognull', '#   ^^^^^^^^^^^^^^^^^^^^^ warning: \'option dontlognull\''].join('\n'),
    },
  ],
});
