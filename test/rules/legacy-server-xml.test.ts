import { deploymentTester } from '../helpers/deployment-tester';

const XML = [
  '<?xml version="1.0"?>',
  '<Server port="8006">',
  '  <Service name="Catalina">',
  '    <Connector port="7990" protocol="HTTP/1.1" proxyName="git.example.com" proxyPort="443" scheme="https" secure="true"/>',
  '    <Engine name="Catalina" defaultHost="localhost">',
  '      <Host name="localhost" appBase="webapps">',
  '        <Context docBase="${catalina.home}/atlassian-bitbucket" path="/bitbucket" reloadable="false"/>',
  '      </Host>',
  '    </Engine>',
  '  </Service>',
  '</Server>',
  '',
];
const annotate = (lines: string[], at: number, note: string) => [...lines.slice(0, at + 1), note, ...lines.slice(at + 1)];

deploymentTester('legacy-server-xml', {
  valid: [
    { name: 'server.xml alone (Bitbucket 4.x)', files: { 'conf/server.xml': XML.join('\n') } },
    { name: 'server.xml with Bitbucket 4.x settings in bitbucket.properties? no: without a properties file', files: { 'conf/server.xml': XML.join('\n'), 'haproxy.cfg': 'defaults\n    mode http\n' } },
    { name: 'a server.xml without connector settings', files: { 'conf/server.xml': '<Server><Service><Engine/></Service></Server>', 'bitbucket.properties': 'server.port=7990\n' } },
    { name: 'AJP connectors are not compared', files: { 'conf/server.xml': '<Server><Service><Connector port="8009" protocol="AJP/1.3"/></Service></Server>', 'bitbucket.properties': 'server.port=7990\n' } },
  ],
  invalid: [
    {
      name: 'Bitbucket 5+: move everything with one fix',
      files: {
        'conf/server.xml': annotate(
          annotate(XML, 3, '     ^^^^^^^^^ warning: Move them: proxyName → server.proxy-name, proxyPort → server.proxy-port, scheme → server.scheme, secure → server.secure (bitbucket.properties already sets server.port)'),
          7,
          '         ^^^^^^^ warning: does not read the Context settings',
        ).join('\n'),
        'bitbucket.properties': 'server.port=7990\njdbc.user=bitbucket\n',
      },
      output: {
        'bitbucket.properties':
          'server.port=7990\nserver.proxy-name=git.example.com\nserver.proxy-port=443\nserver.scheme=https\nserver.secure=true\nserver.context-path=/bitbucket\njdbc.user=bitbucket\n',
      },
    },
    {
      name: 'version not certain: information',
      files: {
        'conf/server.xml': annotate(annotate(XML, 3, '     ^^^^^^^^^ information: If this is Bitbucket 5.0 or later'), 7, '         ^^^^^^^ information: path → server.context-path').join('\n'),
        'bitbucket.properties': 'jdbc.user=bitbucket',
      },
      output: {
        'bitbucket.properties':
          'jdbc.user=bitbucket\nserver.port=7990\nserver.proxy-name=git.example.com\nserver.proxy-port=443\nserver.scheme=https\nserver.secure=true\nserver.context-path=/bitbucket',
      },
    },
    {
      name: 'everything moved already: the file is a leftover',
      files: {
        'conf/server.xml': ['<Server><Service><Connector port="7990" scheme="https"/></Service></Server>', '                  ^^^^^^^^^ information: this file is a leftover', ''].join('\n'),
        'bitbucket.properties': 'server.port=7990\nserver.scheme=https\n',
      },
    },
  ],
});
