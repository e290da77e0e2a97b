import { ruleTester } from '../helpers/rule-tester';

ruleTester('ip-pattern', 'haproxy', {
  valid: [
    {
      name: 'ACL patterns in every form HAProxy reads',
      code: [
        'frontend fe',
        '    bind :443',
        '    acl internal src 10.0.0.0/8 172.16.0.0/12 192.168.0.0/255.255.0.0 10.12/8 10/8 127.1 ::1 fe80::/10 ::ffff:10.0.0.1/128',
        '    acl proxied hdr_ip(x-forwarded-for,-1) 203.0.113.0/24',
        '    acl office req.hdr_ip(x-real-ip) 198.51.100.7',
        '    acl lb src -f /etc/haproxy/lb.lst',
        '    acl named src localhost gateway.internal',
        '    acl masked src,ipmask(24) 10.1.2.0',
        '    acl host_is_ip req.hdr(host) -m str 300.1.1.1',
        '    acl local dst -m ip 127.0.0.1',
        '    http-request deny if !{ src 10.0.0.0/8 } || { dst 192.0.2.1 }',
        '    tcp-request connection reject unless { src 10.0.0.0/8 ::1 }',
        '    option forwardfor except 127.0.0.0/8',
        '',
      ].join('\n'),
    },
    {
      name: 'addresses of bind, server and friends',
      code: [
        'global',
        '    log 10.0.0.9:514 local0',
        '    log stdout format raw local0',
        '    log /dev/log local1',
        '    stats socket ipv4@127.0.0.1:9999 level admin',
        '    stats socket /run/haproxy/admin.sock mode 600',
        'frontend fe',
        '    bind *:443',
        '    bind :::443 v4v6',
        '    bind [::1]:8443',
        '    bind 10.0.0.1:80,10.0.0.2:80',
        '    bind ipv4@0.0.0.0:8080',
        '    bind unix@/run/fe.sock',
        '    bind abns@fe',
        '    bind "${BIND_ADDR}:7990"',
        'backend be',
        '    source 0.0.0.0 usesrc clientip',
        '    server s1 10.0.0.1:7990 check addr 10.0.0.11 source 10.0.0.2:1025-65000',
        '    server s2 bitbucket-node-2.internal:7990 check',
        '    server s3 [2001:db8::7]:7990',
        '    server s4 /run/app.sock',
        'resolvers dns',
        '    nameserver ns1 10.0.0.53:53',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'octet above 255',
      code: 'frontend fe\n    acl bad src 300.1.1.1\n#               ^^^ error: 300 is above 255\n',
    },
    {
      name: 'mask too long',
      code: 'frontend fe\n    acl bad src 10.0.0.0/33\n#                        ^^ error: 0 to 32\n',
    },
    {
      name: 'IPv6 prefix too long',
      code: 'frontend fe\n    acl bad src 2001:db8::/129\n#                          ^^^ error: 0 to 128\n',
    },
    {
      name: 'malformed IPv6',
      code: 'frontend fe\n    acl bad src 2001:db8::1::2\n#                          ^^ error: more than once\n',
    },
    {
      name: 'wildcard',
      code: 'frontend fe\n    acl office src 192.168.1.*\n#                  ^^^^^^^^^^^ error: 192.168.1.0/24\n',
    },
    {
      name: 'range',
      code: 'frontend fe\n    acl office src 10.0.0.1-10.0.0.9\n#                  ^^^^^^^^^^^^^^^^^ error: ranges\n',
    },
    {
      name: 'leading zero read as octal',
      code: 'frontend fe\n    acl lan src 010.0.0.0/8\n#               ^^^ warning: octal number (8)\n',
    },
    {
      name: 'in an anonymous ACL, after a negation',
      code: 'frontend fe\n    http-request deny if !{ src 10.0.0.0/8 10.0.0.256 }\n#                                                 ^^^ error: above 255\n',
    },
    {
      name: 'header address fetch with arguments',
      code: 'frontend fe\n    acl xff hdr_ip(x-forwarded-for,-1) 10.0.0.0/\n#                                              ^ error: mask after the slash is missing\n',
    },
    {
      name: 'explicit -m ip on a string fetch',
      code: 'frontend fe\n    acl xff req.hdr(x-forwarded-for) -m ip 1.2.3.4.5\n#                                                 ^^ error: more than four parts\n',
    },
    {
      name: 'zone index',
      code: 'frontend fe\n    acl ll src fe80::1%eth0\n#                     ^^^^^ error: zone index\n',
    },
    {
      name: 'quoted pattern keeps an exact range',
      code: 'frontend fe\n    acl bad src "10.0.0.0/33"\n#                         ^^ error: 0 to 32\n',
    },
    {
      name: 'except network',
      code: 'frontend fe\n    option forwardfor except 127.0.0.0/40\n#                                      ^^ error: 0 to 32\n',
    },
    {
      name: 'bind address',
      code: 'frontend fe\n    bind 10.0.300.1:443\n#             ^^^ error: above 255\n',
    },
    {
      name: 'second address of a bind list',
      code: 'frontend fe\n    bind :80,10.0.0.256:81\n#                   ^^^ error: above 255\n',
    },
    {
      name: 'IPv6 without brackets on a server line',
      code: 'backend be\n    server s1 2001:db8::7\n#             ^^^^^^^^^^^ error: in brackets ([2001:db8::7])\n',
    },
    {
      name: 'family prefix that does not match',
      code: 'frontend fe\n    bind ipv6@10.0.0.1:80\n#             ^^^^^^^^ error: asks for IPv6\n',
    },
    {
      name: 'unclosed bracket',
      code: 'frontend fe\n    bind [::1:443\n#        ^^^^^^^^ error: never closed\n',
    },
    {
      name: 'server option addresses',
      code: 'backend be\n    server s1 10.0.0.1:80 check addr 10.0.0.999 source 1.2.3.4.5\n#                                           ^^^ error: above 255\n#                                                             ^^ error: more than four parts\n',
    },
    {
      name: 'log, nameserver and source',
      code: [
        'global',
        '    log 10.0.0.300:514 local0',
        '#              ^^^ error: above 255',
        'resolvers dns',
        '    nameserver ns1 10.0.0.530:53',
        '#                         ^^^ error: above 255',
        'backend be',
        '    source 10.0.0.1 usesrc 10.0.0.301',
        '#                                 ^^^ error: above 255',
        '',
      ].join('\n'),
    },
  ],
});

ruleTester('ip-pattern', 'bitbucket-properties', {
  valid: [
    'websudo.allowlist.patterns=192.168.1.10\n',
    'websudo.allowlist.patterns=192.168.1.10, ::10,192.168.1.*, 192.168.5.128/26 , 0:0:0:7b::/64\n',
    'websudo.allowlist.patterns=172.16.*.*,*.*.*.*,10.0.0.0/8,::/0\n',
    { name: 'placeholders are skipped', code: 'websudo.allowlist.patterns={{ websudo_allowlist }}\n' },
    { name: 'empty items are left alone', code: 'websudo.allowlist.patterns=10.0.0.1,,10.0.0.2,\n' },
    { name: 'other keys are not patterns', code: 'hazelcast.network.tcpip.members=10.0.0.300\n' },
  ],
  invalid: [
    {
      name: 'each bad item gets its own range',
      code: [
        'websudo.allowlist.patterns=192.168.1.10, 300.1.1.1,10.0.0.0/33 , 192.168.*',
        '!                                        ^^^^^^^^^ error: not a valid IPv4 address',
        '!                                                  ^^^^^^^^^^^ error: at most /32',
        '!                                                                ^^^^^^^^^ error: four parts',
        '',
      ].join('\n'),
    },
    {
      name: 'asterisk in the middle',
      code: 'websudo.allowlist.patterns=192.*.1.1\n!                          ^^^^^^^^^ error: whole trailing parts\n',
    },
    {
      name: 'lone asterisk',
      code: 'websudo.allowlist.patterns=*\n!                          ^ error: *.*.*.*\n',
    },
    {
      name: 'leading zeros',
      code: 'websudo.allowlist.patterns=010.1.1.1\n!                          ^^^^^^^^^ error: without leading zeros\n',
    },
    {
      name: 'IPv6 prefix too long',
      code: 'websudo.allowlist.patterns=2001:db8::/129\n!                          ^^^^^^^^^^^^^^ error: at most /128\n',
    },
    {
      name: 'malformed IPv6',
      code: 'websudo.allowlist.patterns=2001:db8::1::2\n!                          ^^^^^^^^^^^^^^ error: not a valid IPv6 address\n',
    },
    {
      name: 'spaces instead of commas',
      code: 'websudo.allowlist.patterns=10.0.0.1 10.0.0.2\n!                          ^^^^^^^^^^^^^^^^^ error: separate patterns with commas\n',
    },
    {
      name: 'brackets and host names are outside the documented syntax',
      code: 'websudo.allowlist.patterns=[::1], admin.example.com\n!                          ^^^^^ warning: square brackets\n!                                 ^^^^^^^^^^^^^^^^^ warning: host name\n',
    },
    {
      name: 'a value continued on the next line',
      code: 'websudo.allowlist.patterns=10.0.0.1, \\\n    10.0.0.256\n!   ^^^^^^^^^^ error: not a valid IPv4 address\n',
    },
  ],
});
