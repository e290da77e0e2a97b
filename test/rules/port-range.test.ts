import { ruleTester } from '../helpers/rule-tester';

ruleTester('port-range', 'haproxy', {
  valid: [
    {
      name: 'listeners',
      code: [
        'global',
        '    stats socket ipv4@127.0.0.1:9999 level admin',
        '    stats socket /run/haproxy/admin.sock mode 600',
        '    log 10.0.0.9:514 local0',
        '    log 10.0.0.9 local0',
        'frontend fe',
        '    bind :443',
        '    bind *:1',
        '    bind [::]:65535',
        '    bind :80,:443',
        '    bind 10.0.0.1:10000-10100',
        '    bind unix@/run/fe.sock',
        '    bind "${PORT_SPEC}"',
        '',
      ].join('\n'),
    },
    {
      name: 'servers: optional port, port 0, offsets',
      code: [
        'backend be',
        '    server s1 10.0.0.1',
        '    server s2 10.0.0.1:0',
        '    server s3 10.0.0.1:+1000',
        '    server s4 10.0.0.1:-10',
        '    server s5 [::1]',
        '    server s6 app.example.com:7990 check port 7991 agent-check agent-port 7992',
        '    server s7 10.0.0.1:7990 source 10.0.0.2:1025-65000',
        '    server-template web 3 app.example.com:7990',
        '    default-server port 8080',
        '    tcp-check connect port 5432',
        '    http-check connect port req.hdr(x-port)',
        '    source 10.0.0.5:0',
        'peers p',
        '    peer node1 10.0.0.1:1024',
        'resolvers dns',
        '    nameserver ns1 10.0.0.53:53',
        'mailers m',
        '    mailer smtp 10.0.0.25:25',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'bind on port 0',
      code: 'frontend fe\n    bind 10.0.0.1:0\n#                 ^ error: port 0 is not accepted\n',
    },
    {
      name: 'bind above 65535',
      code: 'frontend fe\n    bind :65536\n#         ^^^^^ error: out of range\n',
    },
    {
      name: 'bind without port',
      code: 'frontend fe\n    bind 10.0.0.1\n#        ^^^^^^^^ error: has no port\n',
    },
    {
      name: 'bind range upside down and range past the end',
      code: 'frontend fe\n    bind :9000-8000\n#         ^^^^^^^^^ error: downwards\n    bind :1-65536\n#           ^^^^^ error: out of range\n',
    },
    {
      name: 'second element of a bind list',
      code: 'frontend fe\n    bind :80,:0\n#             ^ error: port 0\n',
    },
    {
      name: 'service name instead of a number',
      code: 'frontend fe\n    bind :https\n#         ^^^^^ error: no service names\n',
    },
    {
      name: 'offset on a bind line',
      code: 'frontend fe\n    bind 10.0.0.1:+80\n#                 ^^^ error: only accepted on server lines\n',
    },
    {
      name: 'server port out of range',
      code: 'backend be\n    server s1 10.0.0.1:70000\n#                      ^^^^^ error: out of range\n',
    },
    {
      name: 'server port range',
      code: 'backend be\n    server s1 10.0.0.1:80-90\n#                      ^^^^^ error: port range\n',
    },
    {
      name: 'hex port',
      code: 'backend be\n    server s1 10.0.0.1:0x50\n#                      ^^^^ error: decimal port number\n',
    },
    {
      name: 'check and agent ports',
      code: 'backend be\n    server s1 10.0.0.1:80 check port 70000 agent-port http\n#                                    ^^^^^ error: low 16 bits\n#                                                     ^^^^ error: ignores it\n',
    },
    {
      name: 'check port with trailing letters, and port 0',
      code: 'backend be\n    server s1 10.0.0.1:80 check port 80a\n#                                    ^^^ warning: reads 80\n    default-server port 0\n#                       ^ warning: no port\n',
    },
    {
      name: 'huge offset',
      code: 'backend be\n    server s1 10.0.0.1:+70000\n#                       ^^^^^ warning: larger than any port\n',
    },
    {
      name: 'peers, nameservers and mailers need a port',
      code: [
        'peers p',
        '    peer node1 10.0.0.1',
        '#              ^^^^^^^^ error: has no port',
        'resolvers dns',
        '    nameserver ns1 10.0.0.53:0',
        '#                            ^ error: port 0',
        'mailers m',
        '    mailer smtp 10.0.0.25:99999',
        '#                         ^^^^^ error: out of range',
        '',
      ].join('\n'),
    },
    {
      name: 'dispatch and stats socket',
      code: 'global\n    stats socket ipv4@127.0.0.1:0\n#                               ^ error: port 0\nbackend be\n    dispatch 10.0.0.1:0\n#                     ^ error: port 0\n',
    },
    {
      name: 'tcp-check connect port',
      code: 'backend be\n    tcp-check connect port 0\n#                          ^ error: from 1 to 65535\n    http-check connect port 65536\n#                           ^^^^^ error: out of range\n',
    },
    {
      name: 'quoted address keeps an exact range',
      code: 'frontend fe\n    bind "10.0.0.1:0"\n#                  ^ error: port 0\n',
    },
  ],
});
