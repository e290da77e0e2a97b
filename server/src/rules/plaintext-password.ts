import type { PropertiesFile } from '../properties/ast';
import { DEFAULT_KEYSTORE_PASSWORD, isKeystorePasswordKey, isSecretKey } from '../facts/bitbucket';
import { hasPlaceholder } from '../properties/values';
import { defineRule } from './rule';

/** jdbc.password is decoded by the class named here, so its value is not the password itself. */
function jdbcPasswordIsEncoded(props: PropertiesFile): boolean {
  const decrypter = props.byKey.get('jdbc.password.decrypter.classname');
  return decrypter !== undefined && decrypter.value.trim() !== '';
}

export default defineRule({
  meta: {
    id: 'plaintext-password',
    description: 'Secrets written in bitbucket.properties as plain text.',
    defaultSeverity: 'information',
    fixable: false,
    languages: ['bitbucket-properties'],
  },
  check(ctx) {
    const props = ctx.properties;
    if (!props) return;
    for (const entry of props.entries) {
      if (!isSecretKey(entry.key)) continue;
      const value = entry.value.trim();
      if (value === '' || hasPlaceholder(value)) continue;
      // keystore-default-password reports the default keystore password more strongly.
      if (isKeystorePasswordKey(entry.key) && value === DEFAULT_KEYSTORE_PASSWORD) continue;
      if (entry.key === 'jdbc.password') {
        if (jdbcPasswordIsEncoded(props)) continue;
        ctx.report({
          range: entry.valueRange,
          message:
            'The database password sits in this file as plain text. Anyone who can read the file (or a backup ' +
            'of the home directory) can log in to the database. Bitbucket can read an encrypted or encoded value ' +
            'instead: set jdbc.password.decrypter.classname (for example to the AlgorithmCipher class) or keep ' +
            'the password in a secret store, and make the file readable by the Bitbucket user only.',
        });
        continue;
      }
      ctx.report({
        range: entry.valueRange,
        message:
          `${entry.key} holds a secret as plain text. Make sure the file is readable only by the Bitbucket user, ` +
          'keep it out of version control, and prefer passing the value from the environment or a secret store.',
      });
    }
  },
});
