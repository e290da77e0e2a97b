import { ruleTester } from '../helpers/rule-tester';

ruleTester('root-context-path', 'bitbucket-properties', {
  valid: [
    'server.context-path=',
    'server.context-path',
    'server.context-path=/bitbucket',
    'server.context-path=/a/b',
    { name: 'another key may be a slash', code: 'plugin.some.path=/' },
    { name: 'a commented-out setting', code: '# server.context-path=/' },
  ],
  invalid: [
    {
      name: 'a single slash',
      code: ['server.context-path=/', '#                   ^ error: empty value'].join('\n'),
      output: 'server.context-path=',
    },
    {
      name: 'a double slash, spaces around the separator',
      code: ['server.context-path = //', "#                     ^^ error: '//'"].join('\n'),
      output: 'server.context-path = ',
    },
    {
      name: 'a slash followed by whitespace',
      code: ['server.context-path=/  ', '#                   ^^^ error: root'].join('\n'),
      output: 'server.context-path=',
    },
    {
      name: 'colon separator, more lines around it',
      code: ['server.port=7990', 'server.context-path:/', '#                   ^ error: refuses to start', 'server.secure=true'].join('\n'),
      output: 'server.port=7990\nserver.context-path:\nserver.secure=true',
    },
    {
      name: 'every occurrence is reported',
      code: [
        'server.context-path=/',
        '#                   ^ error: root',
        'server.context-path=//',
        '#                   ^^ error: root',
      ].join('\n'),
    },
  ],
});
