import { ruleTester } from '../helpers/rule-tester';
import { deploymentTester } from '../helpers/deployment-tester';

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

// Tomcat's server.xml (Bitbucket Server 4.x).
const xml = (path: string, note?: string) =>
  ['<Server><Service><Engine><Host>', `<Context path="${path}"/>`, ...(note ? [note] : []), '</Host></Engine></Service></Server>', ''].join('\n');

deploymentTester('context-path-format', {
  valid: [
    { name: 'a good path', files: { 'conf/server.xml': xml('/bitbucket') } },
    { name: 'the root', files: { 'conf/server.xml': xml('') } },
    { name: "'/' is root-context-path's", files: { 'conf/server.xml': xml('/') } },
    { name: 'Tomcat property', files: { 'conf/server.xml': xml('${context.path}') } },
  ],
  invalid: [
    {
      name: 'no leading slash',
      files: { 'conf/server.xml': xml('bitbucket', "               ^^^^^^^^^ error: does not start with '/'") },
      output: { 'conf/server.xml': xml('/bitbucket') },
    },
    {
      name: 'trailing slash',
      files: { 'conf/server.xml': xml('/bitbucket/', "               ^^^^^^^^^^^ error: ends with '/'. Tomcat expects") },
      output: { 'conf/server.xml': xml('/bitbucket') },
    },
    {
      name: 'whitespace: no fix',
      files: { 'conf/server.xml': xml('/bit bucket', '               ^^^^^^^^^^^ error: contains whitespace. Whitespace becomes part of the path') },
    },
  ],
});
