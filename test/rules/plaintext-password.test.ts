import { ruleTester } from '../helpers/rule-tester';

ruleTester('plaintext-password', 'bitbucket-properties', {
  valid: [
    { name: 'an encrypted database password', code: 'jdbc.password={ENCRYPTED}abc\njdbc.password.decrypter.classname=com.atlassian.db.config.password.ciphers.algorithm.AlgorithmCipher' },
    { name: 'empty secrets', code: 'jdbc.password=\nhazelcast.group.password=' },
    { name: 'values from the environment', code: 'jdbc.password=${DB_PASSWORD}\nsetup.sysadmin.password={{ admin_password }}' },
    { name: 'the default keystore password is keystore-default-password\'s', code: 'server.ssl.key-store-password=changeit' },
    { name: 'ordinary keys', code: 'jdbc.user=bitbucket\nserver.port=7990' },
  ],
  invalid: [
    {
      name: 'a database password',
      code: ['jdbc.password=hunter2', '              ^^^^^^^ information: The database password sits in this file as plain text'].join('\n'),
    },
    {
      name: 'other catalogue secrets',
      code: [
        'setup.sysadmin.password=admin123',
        '                        ^^^^^^^^ information: setup.sysadmin.password holds a secret as plain text',
        'server.ssl.key-password=k3y',
        '                        ^^^ information: server.ssl.key-password holds a secret',
      ].join('\n'),
    },
    {
      name: 'an add-on secret by its name',
      code: ['com.acme.sync.api-token=abc123', '                        ^^^^^^ information: com.acme.sync.api-token holds a secret'].join('\n'),
    },
  ],
});
