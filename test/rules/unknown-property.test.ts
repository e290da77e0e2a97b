import { ruleTester } from '../helpers/rule-tester';

ruleTester('unknown-property', 'bitbucket-properties', {
  valid: [
    { name: 'catalogue keys', code: 'server.port=7990\nserver.context-path=/bitbucket\nsetup.baseUrl=https://git.example.com' },
    { name: 'an indexed key with any positive index', code: 'server.additional-connector.1.port=8443\nserver.additional-connector.12.secure=true' },
    { name: 'comments are not keys', code: '# server.contxt-path=/x\n! jdbc.usr=x' },
    {
      name: "the config file's allowlist: exact keys and globs",
      code: 'com.acme.sync.enabled=true\ncom.acme.sync.interval=5\nmy.team.flag=1',
      settings: { propertiesAllow: ['com.acme.*', 'my.team.flag'] },
    },
    {
      name: 'an allowlisted key close to a catalogue key is the user\'s own',
      code: 'server.prot=7990',
      settings: { propertiesAllow: ['server.prot'] },
    },
  ],
  invalid: [
    {
      name: 'a typo in a core key',
      code: ['  server.contxt-path=/bitbucket', "# ^^^^^^^^^^^^^^^^^^ warning: did you mean 'server.context-path'?"].join('\n'),
      output: '  server.context-path=/bitbucket',
    },
    {
      name: 'a typo in an indexed key keeps its index',
      code: ['  server.additional-conector.2.port=8443', "# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: did you mean 'server.additional-connector.2.port'?"].join('\n'),
      output: '  server.additional-connector.2.port=8443',
    },
    {
      name: 'swapped letters in a plugin key',
      code: ['  plugin.ssh.prot=7999', "# ^^^^^^^^^^^^^^^ warning: did you mean 'plugin.ssh.port'?"].join('\n'),
      output: '  plugin.ssh.port=7999',
    },
    {
      name: 'camel case for a documented kebab-case key',
      code: ['  server.contextPath=/bitbucket', "# ^^^^^^^^^^^^^^^^^^ hint: spelled differently from the documented key 'server.context-path'"].join('\n'),
      output: '  server.context-path=/bitbucket',
    },
    {
      name: "an add-on's own key",
      code: ['  com.example.addon.enabled=true', '# ^^^^^^^^^^^^^^^^^^^^^^^^^ hint: not in our catalogue'].join('\n'),
    },
    {
      name: 'a key of a plugin the catalogue does not cover',
      code: ['  plugin.my-addon.setting=1', '# ^^^^^^^^^^^^^^^^^^^^^^^ hint: expected for add-on settings'].join('\n'),
    },
    {
      name: 'a key of a known family that is not close to any known key',
      code: ['  server.undertow.io-threads=8', '# ^^^^^^^^^^^^^^^^^^^^^^^^^^ hint: not in our catalogue'].join('\n'),
    },
    {
      name: 'a glob only covers what it names',
      code: ['  com.acmex.flag=1', '# ^^^^^^^^^^^^^^ hint: not in our catalogue'].join('\n'),
      settings: { propertiesAllow: ['com.acme.*'] },
    },
    {
      name: 'short keys only get a suggestion for a one-letter slip',
      code: ['  jdbc.usr=x', "# ^^^^^^^^ warning: did you mean 'jdbc.user'?"].join('\n'),
      output: '  jdbc.user=x',
    },
    {
      name: 'two edits in a short key are no longer a typo',
      code: ['  jdbc.usrr2=x', '# ^^^^^^^^^^ hint: not in our catalogue'].join('\n'),
    },
    {
      name: 'outside the known families a near miss is only a hint',
      code: ['  servr.port=7990', "# ^^^^^^^^^^ hint: the nearest known key is 'server.port'"].join('\n'),
      output: '  server.port=7990',
    },
  ],
});
