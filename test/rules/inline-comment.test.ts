import { ruleTester } from '../helpers/rule-tester';

ruleTester('inline-comment', 'bitbucket-properties', {
  valid: [
    'server.port=7990',
    '# a comment line',
    '   ! another comment line',
    { name: 'a marker without whitespace before it', code: 'plugin.color=#ff0000' },
    { name: 'a URL fragment', code: 'setup.baseUrl=https://h.example/#/dashboard' },
    { name: 'an escaped marker', code: 'setup.displayName=Team \\#1' },
    { name: 'a marker right after the separator', code: 'a=#value' },
  ],
  invalid: [
    {
      name: 'hash comment after a value',
      code: ['server.port=7990 # http port', '#                ^^^^^^^^^^^ warning: read as \'7990 # http port\', not \'7990\''].join('\n'),
      output: '# http port\nserver.port=7990',
    },
    {
      name: 'exclamation mark comment',
      code: ['server.secure=true ! behind the proxy', '#                  ^^^^^^^^^^^^^^^^^^ warning: \'!\' starts a comment only'].join('\n'),
      output: '! behind the proxy\nserver.secure=true',
    },
    {
      name: 'tab before the marker, trailing blanks after the comment',
      code: ['a=1\t# one  ', '#   ^^^^^ warning: part of the value'].join('\n'),
      output: '# one\na=1',
    },
    {
      name: 'indented entry keeps its indent',
      code: ['    a=b # c', '#       ^^^ warning: not \'b\''].join('\n'),
      output: '    # c\n    a=b',
    },
    {
      name: 'the whole value is a comment',
      code: ['server.proxy-name = # set me', '#                   ^^^^^^^^ warning: not \'\''].join('\n'),
      output: '# set me\nserver.proxy-name =',
    },
    {
      name: 'only the first marker counts',
      code: ['a=1 # x # y', '#   ^^^^^^^ warning: comment'].join('\n'),
      output: '# x # y\na=1',
    },
    {
      name: 'CRLF line break is reused for the new line',
      code: ['x=0\r', 'a=1 # one\r', '#   ^^^^^ warning: comment', 'b=2\r', ''].join('\n'),
      output: 'x=0\r\n# one\r\na=1\r\nb=2\r\n',
    },
    {
      name: 'last line without a line break uses the file\'s line break',
      code: ['x=0\r', 'a=1 # one', '#   ^^^^^ warning: comment'].join('\n'),
      output: 'x=0\r\n# one\r\na=1',
    },
  ],
});
