import { ruleTester } from '../helpers/rule-tester';

ruleTester('context-path-format', 'bitbucket-properties', {
  valid: [
    'server.context-path=/bitbucket',
    'server.context-path=/scm/git',
    { name: 'empty is the root', code: 'server.context-path=' },
    { name: 'slashes alone are left to root-context-path', code: 'server.context-path=/' },
    { name: 'placeholder', code: 'server.context-path=${CONTEXT_PATH}' },
    { name: 'template placeholder', code: 'server.context-path={{ bitbucket_context }}' },
    { name: 'another key', code: 'setup.displayName=bitbucket/' },
  ],
  invalid: [
    {
      name: 'missing leading slash',
      code: ['server.context-path=bitbucket', "#                   ^^^^^^^^^ error: 'bitbucket' does not start with '/'"].join('\n'),
      output: 'server.context-path=/bitbucket',
    },
    {
      name: 'trailing slash',
      code: ['server.context-path=/bitbucket/', "#                   ^^^^^^^^^^^ error: ends with '/'"].join('\n'),
      output: 'server.context-path=/bitbucket',
    },
    {
      name: 'both slash problems',
      code: ['server.context-path = bitbucket//', "#                     ^^^^^^^^^^^ error: does not start with '/' and ends with '/'"].join('\n'),
      output: 'server.context-path = /bitbucket',
    },
    {
      name: 'trailing whitespace only',
      code: ['server.context-path=/bitbucket  ', '#                   ^^^^^^^^^^^^ error: ends with whitespace'].join('\n'),
      output: 'server.context-path=/bitbucket',
    },
    {
      name: 'trailing slash and whitespace',
      code: ['server.context-path=/bitbucket/\t', "#                   ^^^^^^^^^^^^ error: ends with '/' and ends with whitespace"].join('\n'),
      output: 'server.context-path=/bitbucket',
    },
    {
      name: 'whitespace inside the path has no fix',
      code: ['server.context-path=/bit bucket', '#                   ^^^^^^^^^^^ error: contains whitespace'].join('\n'),
    },
    {
      name: 'the fix keeps the other lines and their CRLF line breaks',
      code: ['a=1\r', 'server.context-path=scm/\r', '#                   ^^^^ error: Write \'/scm\'', 'b=2\r', ''].join('\n'),
      output: 'a=1\r\nserver.context-path=/scm\r\nb=2\r\n',
    },
  ],
});
