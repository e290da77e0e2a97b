import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { deploymentTester } from '../helpers/deployment-tester';
import { hostMatches } from '../../server/src/rules/proxy-name-mismatch';

const hostRouted = (acl: string, extra = '') =>
  ['defaults', '    mode http', 'frontend fe', '    bind *:443 ssl crt /etc/haproxy/site.pem', `    acl bb ${acl}`, '    use_backend bitbucket if bb', extra, 'backend bitbucket', '    server n1 10.0.0.5:7990 check', ''].filter((l) => l !== '').join('\n');

deploymentTester('proxy-name-mismatch', {
  valid: [
    { name: 'same host as the base URL', files: { 'bitbucket.properties': 'setup.baseUrl=https://git.example.com/bitbucket\nserver.proxy-name=git.example.com\n' } },
    { name: 'case and a port in the base URL', files: { 'bitbucket.properties': 'setup.baseUrl=https://Git.Example.com:8443\nserver.proxy-name=git.example.com\n' } },
    { name: 'quotes are quoted-value', files: { 'bitbucket.properties': 'setup.baseUrl=https://git.example.com\nserver.proxy-name="git.example.com"\n' } },
    { name: 'proxy name not set', files: { 'bitbucket.properties': 'setup.baseUrl=https://git.example.com\n', 'haproxy.cfg': hostRouted('hdr(host) -i other.example.com') } },
    { name: 'Host ACL with a port', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('hdr(host) -i git.example.com:443') } },
    { name: 'hdr_dom', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('hdr_dom(host) -i example.com') } },
    { name: 'hdr_end', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('hdr_end(host) -i .example.com') } },
    { name: 'one of several hosts', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('req.hdr(host) -i old.example.com git.example.com') } },
    { name: 'regular expressions are not judged', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('hdr_reg(host) ^code\\.') } },
    { name: 'default_backend lets any host in', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('hdr(host) -i old.example.com', '    default_backend bitbucket') } },
    { name: 'a route without Host ACL', files: { 'bitbucket.properties': 'server.proxy-name=git.example.com\n', 'haproxy.cfg': hostRouted('hdr(host) -i old.example.com', '    use_backend bitbucket if { path_beg /scm }') } },
    { name: 'base URL with a placeholder', files: { 'bitbucket.properties': 'setup.baseUrl=https://${HOST}\nserver.proxy-name=git.example.com\n' } },
  ],
  invalid: [
    {
      name: 'proxy name and base URL differ',
      files: {
        'bitbucket.properties': [
          'setup.baseUrl=https://git.example.com/bitbucket',
          'server.proxy-name=git.example.org',
          '                  ^^^^^^^^^^^^^^^ error: differs from the host \'git.example.com\' of setup.baseUrl (bitbucket.properties:1)',
          '',
        ].join('\n'),
      },
      output: { 'bitbucket.properties': 'setup.baseUrl=https://git.example.com/bitbucket\nserver.proxy-name=git.example.com\n' },
    },
    {
      name: 'Host ACL routes another host; fix from haproxy.cfg',
      files: {
        'bitbucket.properties': ['server.proxy-name=code.example.com', '                  ^^^^^^^^^^^^^^^^ error: only accept \'code.example.org\' (haproxy.cfg:5)', ''].join('\n'),
        'haproxy.cfg': hostRouted('hdr(host) -i code.example.org code.example.org:8443').replace(
          '    use_backend',
          '#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: which HAProxy would not route to it\n    use_backend',
        ),
      },
      fixFrom: 'haproxy.cfg',
      output: { 'bitbucket.properties': 'server.proxy-name=code.example.org\n' },
    },
    {
      name: 'Bitbucket 4.x: proxyName in server.xml and the base URL in bitbucket.properties',
      files: {
        'bitbucket.properties': ['setup.baseUrl=https://git.example.com', '              ^^^^^^^^^^^^^^^^^^^^^^^ error: differs from proxyName="old.example.com" (conf/server.xml:1)', ''].join('\n'),
        'conf/server.xml': ['<Server><Service><Connector port="7990" proxyName="old.example.com"/></Service></Server>', '                                                   ^^^^^^^^^^^^^^^ error: proxyName="old.example.com" differs from the host', ''].join('\n'),
      },
      fixFrom: 'bitbucket.properties',
      output: { 'conf/server.xml': '<Server><Service><Connector port="7990" proxyName="git.example.com"/></Service></Server>\n' },
    },
  ],
});

test('hostMatches follows the ACL match methods', () => {
  assert.equal(hostMatches('git.example.com', 'GIT.example.com:443', 'str'), true);
  assert.equal(hostMatches('git.example.com', 'git', 'beg'), true);
  assert.equal(hostMatches('git.example.com', 'example.com', 'end'), true);
  assert.equal(hostMatches('git.example.com', 'example', 'dom'), true);
  assert.equal(hostMatches('git.example.com', 'ample', 'dom'), false);
  assert.equal(hostMatches('git.example.com', 'xample', 'sub'), true);
  assert.equal(hostMatches('git.example.com', '^x', 'reg'), true);
  assert.equal(hostMatches('git.example.com', 'other.example.com', 'str'), false);
});
