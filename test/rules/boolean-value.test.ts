import { ruleTester } from '../helpers/rule-tester';

ruleTester('boolean-value', 'bitbucket-properties', {
  valid: [
    'server.secure=true',
    'feature.websudo=false',
    'server.ssl.enabled=true',
    { name: 'a key that is not a boolean', code: 'server.port=yes' },
    { name: 'a key the catalogue does not know', code: 'my.own.flag=maybe' },
    { name: 'placeholder', code: 'server.secure=${BITBUCKET_SECURE}' },
    { name: 'template placeholder', code: 'feature.websudo={{ websudo }}' },
  ],
  invalid: [
    {
      name: 'capitalised True',
      code: ['server.secure=True', "#             ^^^^ warning: read as true"].join('\n'),
      output: 'server.secure=true',
    },
    {
      name: 'yes',
      code: ['feature.websudo=yes', "#               ^^^ warning: Write 'true'"].join('\n'),
      output: 'feature.websudo=true',
    },
    {
      name: '0',
      code: ['server.ssl.enabled=0', "#                  ^ warning: read as false"].join('\n'),
      output: 'server.ssl.enabled=false',
    },
    {
      name: 'OFF',
      code: ['server.secure = OFF', "#               ^^^ warning: 'OFF'"].join('\n'),
      output: 'server.secure = false',
    },
    {
      name: 'on, 1 and no',
      code: [
        'server.secure=on',
        '#             ^^ warning: read as true',
        'server.ssl.enabled=1',
        '#                  ^ warning: read as true',
        'feature.websudo=No',
        '#               ^^ warning: read as false',
      ].join('\n'),
    },
    {
      name: 'true with trailing whitespace',
      code: ['server.secure=true  ', "#             ^^^^^^ warning: 'true  '"].join('\n'),
      output: 'server.secure=true',
    },
    {
      name: 'not a boolean at all: set false',
      code: ['server.secure=enabled', "#             ^^^^^^^ error: not 'enabled'"].join('\n'),
      fixTitle: 'to false',
      output: 'server.secure=false',
    },
    {
      name: 'not a boolean at all: set true',
      code: ['feature.websudo=y', "#               ^ error: takes true or false"].join('\n'),
      fixTitle: 'to true',
      output: 'feature.websudo=true',
    },
    {
      name: 'empty value is reported on the key',
      code: [' feature.websudo=', '#^^^^^^^^^^^^^^^ warning: empty value'].join('\n'),
      fixTitle: 'to true',
      output: ' feature.websudo=true',
    },
  ],
});
