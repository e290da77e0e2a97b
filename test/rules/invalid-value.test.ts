import { ruleTester } from '../helpers/rule-tester';

ruleTester('invalid-value', 'bitbucket-properties', {
  valid: [
    {
      name: 'well-typed values',
      code: [
        'server.port=7990',
        'server.proxy-port=443',
        'server.scheme=https',
        'setup.baseUrl=https://git.example.com/bitbucket',
        'jdbc.url=jdbc:postgresql://db.example.com:5432/bitbucket',
        'plugin.ssh.baseurl=ssh://git.example.com:7999',
        'attachment.upload.max.size=20971520',
        'audit.details.max.length=0x400',
        'application.mode=mirror',
        'server.ssl.client-auth=want',
      ].join('\n'),
    },
    { name: 'empty values keep the default', code: 'server.proxy-port=\nserver.scheme=' },
    { name: 'placeholders are filled in later', code: 'server.port=${PORT}\nsetup.baseUrl={{ base_url }}' },
    { name: 'booleans and durations have their own rules', code: 'server.secure=yes\nwebsudo.session.timeout=5min' },
    { name: 'quotes and trailing comments have their own rules', code: 'server.port="7990"\nserver.proxy-port=443 # public' },
    { name: 'keys outside the catalogue', code: 'my.addon.port=seventy' },
  ],
  invalid: [
    {
      name: 'a port that is not a number',
      code: ['server.port=http', "            ^^^^ error: server.port takes a port number from 1 to 65535, not 'http'"].join('\n'),
    },
    {
      name: 'a port out of range',
      code: ['server.proxy-port=70000', '                  ^^^^^ error: 70000 is not a port'].join('\n'),
    },
    {
      name: 'port 0 picks a random port',
      code: ['server.port=0', '            ^ warning: random free port'].join('\n'),
    },
    {
      name: 'an indexed connector port',
      code: ['server.additional-connector.2.port=80a', "                                   ^^^ error: not '80a'"].join('\n'),
    },
    {
      name: 'an integer with a unit',
      code: ['audit.details.max.length=1k', "                         ^^ error: takes a whole number (characters); Bitbucket cannot convert '1k'"].join('\n'),
    },
    {
      name: 'an integer too large',
      code: ['page.max.changes=3000000000', '                 ^^^^^^^^^^ error: too large'].join('\n'),
    },
    {
      name: 'a size with a unit',
      code: ['attachment.upload.max.size=20MB', "                           ^^^^ warning: may not understand the unit in '20MB'. Write 20971520"].join('\n'),
      output: 'attachment.upload.max.size=20971520',
    },
    {
      name: 'a size that is not a number',
      code: ['attachment.upload.max.size=big', "                           ^^^ error: takes a number of bytes, not 'big'"].join('\n'),
    },
    {
      name: 'a URL without scheme',
      code: ['setup.baseUrl=git.example.com/bitbucket', '              ^^^^^^^^^^^^^^^^^^^^^^^^^ error: has no scheme'].join('\n'),
      output: 'setup.baseUrl=https://git.example.com/bitbucket',
    },
    {
      name: 'a URL with the wrong scheme',
      code: ['setup.baseUrl=ftp://git.example.com', '              ^^^^^^^^^^^^^^^^^^^^^ error: expects a http: or https: URL, not a ftp: one'].join('\n'),
    },
    {
      name: 'a URL with a space',
      code: ['setup.baseUrl=https://git.example.com/my repo', '              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: contains a space'].join('\n'),
    },
    {
      name: 'a URL that does not parse',
      code: ['plugin.search.config.baseurl=http://search:99999', "                             ^^^^^^^^^^^^^^^^^^^ error: 'http://search:99999' is not a valid URL"].join('\n'),
    },
    {
      name: 'a JDBC URL without driver',
      code: ['jdbc.url=jdbc:/db', "         ^^^^^^^^ error: is not a JDBC URL"].join('\n'),
    },
    {
      name: 'an SSH base URL written as HTTPS',
      code: ['plugin.ssh.baseurl=https://git.example.com', '                   ^^^^^^^^^^^^^^^^^^^^^^^ error: expects a ssh: URL'].join('\n'),
    },
    {
      name: 'an enum in the wrong case',
      code: ['server.scheme=HTTPS', "              ^^^^^ warning: Write 'https'"].join('\n'),
      output: 'server.scheme=https',
    },
    {
      name: 'a misspelt enum',
      code: ['application.mode=mirorr', "                 ^^^^^^ error: did you mean 'mirror'?"].join('\n'),
      output: 'application.mode=mirror',
    },
    {
      name: 'an unknown enum value',
      code: ['server.ssl.client-auth=always', "                       ^^^^^^ error: use 'none', 'want', 'need'"].join('\n'),
      fixTitle: 'need',
      output: 'server.ssl.client-auth=need',
    },
  ],
});
