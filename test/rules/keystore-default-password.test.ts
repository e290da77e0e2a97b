import { ruleTester } from '../helpers/rule-tester';

ruleTester('keystore-default-password', 'bitbucket-properties', {
  valid: [
    {
      name: 'both passwords set',
      code: 'server.ssl.enabled=true\nserver.ssl.key-store=/x/ks\nserver.ssl.key-store-password=s3cret-store\nserver.ssl.key-password=s3cret-key',
    },
    { name: 'TLS off', code: 'server.ssl.enabled=false' },
    { name: 'no TLS settings', code: 'server.port=7990\nserver.secure=true' },
    { name: 'placeholders', code: 'server.ssl.key-store-password=${KS_PASSWORD}' },
  ],
  invalid: [
    {
      name: 'TLS on without any password',
      code: ['server.ssl.enabled=true', "^^^^^^^^^^^^^^^^^^^^^^^ warning: its default password 'changeit'"].join('\n'),
    },
    {
      name: 'TLS on with only the keystore password',
      code: [
        'server.ssl.enabled=true',
        '^^^^^^^^^^^^^^^^^^^^^^^ information: the private key of the HTTPS connector is opened with the keystore password',
        'server.ssl.key-store-password=s3cret',
      ].join('\n'),
    },
    {
      name: 'an extra connector',
      code: [
        'server.additional-connector.1.ssl.enabled=true',
        '^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: additional connector 1 has TLS switched on',
      ].join('\n'),
    },
    {
      name: 'the default password written out',
      code: [
        'server.ssl.enabled=true',
        'server.ssl.key-store-password=changeit',
        "                              ^^^^^^^^ warning: the default password of Java keystores",
        'server.ssl.key-password=changeit',
        "                        ^^^^^^^^ warning: is 'changeit'",
      ].join('\n'),
    },
  ],
});
