import { ruleTester } from '../helpers/rule-tester';

ruleTester('websudo-disabled', 'bitbucket-properties', {
  valid: [
    'feature.websudo=true',
    { name: 'not set at all', code: 'server.port=7990' },
    { name: 'the last assignment wins', code: 'feature.websudo=false\nfeature.websudo=true' },
    { name: 'a comment is not a setting', code: '# feature.websudo=false' },
  ],
  invalid: [
    {
      name: 'websudo switched off',
      code: ['feature.websudo=false', '^^^^^^^^^^^^^^^^^^^^^ warning: Secure administrator sessions are switched off'].join('\n'),
      output: 'feature.websudo=true',
    },
    {
      name: 'any case and blanks',
      code: ['feature.websudo = FALSE ', '^^^^^^^^^^^^^^^^^^^^^^^^ warning: without being asked for the password again'].join('\n'),
      output: 'feature.websudo = true',
    },
  ],
});
