import { deploymentTester } from '../helpers/deployment-tester';

deploymentTester('secure-flag-mismatch', {
  valid: [
    { name: 'https and secure', files: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=true\n' } },
    { name: 'defaults on both', files: { 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'http and not secure', files: { 'bitbucket.properties': 'server.scheme=http\nserver.secure=false\n' } },
    { name: "Spring's yes is true", files: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=yes\n' } },
    { name: 'unreadable boolean is left to boolean-value', files: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=maybe\n' } },
    { name: 'placeholder', files: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=${SECURE}\n' } },
    { name: 'server.xml: https and secure', files: { 'conf/server.xml': '<Server><Service><Connector port="7990" scheme="https" secure="true"/></Service></Server>' } },
    { name: 'server.xml ignored once bitbucket.properties sets server.* keys', files: { 'bitbucket.properties': 'server.port=7990\n', 'conf/server.xml': '<Server><Service><Connector port="7990" scheme="https"/></Service></Server>' } },
  ],
  invalid: [
    {
      name: 'https without secure',
      files: { 'bitbucket.properties': ['server.scheme=https', 'server.secure=false', '              ^^^^^ warning: server.secure=false does not go with server.scheme=https', ''].join('\n') },
      output: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=true\n' },
    },
    {
      name: 'https and secure not set: reported on the scheme, the fix adds the key',
      files: { 'bitbucket.properties': ['server.scheme=https', '              ^^^^^ warning: server.secure (not set, so false)', ''].join('\n') },
      output: { 'bitbucket.properties': 'server.scheme=https\nserver.secure=true\n' },
    },
    {
      name: 'secure with http',
      files: { 'bitbucket.properties': ['server.secure=true', '              ^^^^ warning: logins would not stick', ''].join('\n') },
      output: { 'bitbucket.properties': 'server.secure=false\n' },
    },
    {
      name: 'server.xml connector',
      files: {
        'conf/server.xml': ['<Server><Service>', '<Connector port="7990" scheme="https" secure="false"/>', '                                              ^^^^^ warning: secure="false"', '</Service></Server>', ''].join('\n'),
      },
      output: { 'conf/server.xml': '<Server><Service>\n<Connector port="7990" scheme="https" secure="true"/>\n</Service></Server>\n' },
    },
  ],
});
