import { ruleTester } from '../helpers/rule-tester';

ruleTester('allowlist-allows-all', 'bitbucket-properties', {
  valid: [
    'websudo.allowlist.patterns=192.168.1.10, 192.168.2.*, 192.168.5.128/26, 0:0:0:7b::/64',
    { name: 'a narrow proxy trust', code: 'server.tomcat.internal-proxies=10\\\\.0\\\\.0\\\\.5' },
    { name: 'other keys are not allowlists', code: 'hazelcast.network.tcpip.members=*' },
    { name: 'placeholders', code: 'websudo.allowlist.patterns=${ADMIN_NETWORKS}' },
  ],
  invalid: [
    {
      name: 'every IPv4 address',
      code: ['websudo.allowlist.patterns=10.0.0.0/8, 0.0.0.0/0', '                                       ^^^^^^^^^ warning: matches every client address'].join('\n'),
    },
    {
      name: 'every IPv6 address and a star',
      code: [
        'websudo.allowlist.patterns=::/0,*',
        '                           ^^^^ warning: restricts nothing',
        '                                ^ warning: matches every client address',
      ].join('\n'),
    },
    {
      name: 'four stars',
      code: ['websudo.allowlist.patterns=*.*.*.*', '                           ^^^^^^^ warning: matches every client address'].join('\n'),
    },
    {
      name: 'trusting every proxy',
      code: ['server.tomcat.internal-proxies=.*', '                               ^^ warning: trusts every address as a proxy'].join('\n'),
    },
  ],
});
