import { ruleTester } from '../helpers/rule-tester';
import { deploymentTester } from '../helpers/deployment-tester';

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

// Tomcat's server.xml (Bitbucket Server 4.x).
const xml = (path: string, note?: string) =>
  ['<Server><Service><Engine><Host>', `<Context docBase="x" path="${path}"/>`, ...(note ? [note] : []), '</Host></Engine></Service></Server>', ''].join('\n');

deploymentTester('root-context-path', {
  valid: [
    { name: 'empty root path', files: { 'conf/server.xml': xml('') } },
    { name: 'a real path', files: { 'conf/server.xml': xml('/bitbucket') } },
    { name: 'a Context outside Host is not the web application', files: { 'conf/server.xml': '<Server><Context path="/"/></Server>' } },
    { name: 'commented out', files: { 'conf/server.xml': '<Server><Service><Engine><Host><!-- <Context path="/"/> --></Host></Engine></Service></Server>' } },
    { name: 'ignore comment', files: { 'conf/server.xml': '<Server><Service><Engine><Host>\n<!-- haproxy-bitbucket-lint ignore=root-context-path -->\n<Context docBase="x"\n   path="/"/>\n</Host></Engine></Service></Server>' } },
  ],
  invalid: [
    {
      name: 'path="/"',
      files: { 'conf/server.xml': xml('/', '                           ^ error: does not name the root context') },
      output: { 'conf/server.xml': xml('') },
    },
    {
      name: 'path="//" in a broken file',
      files: { 'conf/server.xml': '<Server><Service><Engine><Host>\n<Context path="//" reloadable=\n               ^^ error: Write path=""\n' },
      output: { 'conf/server.xml': '<Server><Service><Engine><Host>\n<Context path="" reloadable=\n' },
    },
  ],
});
