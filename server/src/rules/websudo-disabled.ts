import { replaceValue } from '../properties/values';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'websudo-disabled',
    description: 'feature.websudo=false turns off the password prompt that guards the administration pages.',
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(ctx) {
    const props = ctx.properties;
    if (!props) return;
    // Only the last assignment counts, as when Bitbucket loads the file.
    const entry = props.byKey.get('feature.websudo');
    if (!entry || entry.value.trim().toLowerCase() !== 'false') return;
    ctx.report({
      range: entry.range,
      message:
        "Secure administrator sessions are switched off: anyone holding an administrator's session (a stolen " +
        'cookie, an unlocked browser) can change global settings and permissions without being asked for the ' +
        'password again. Remove the line, or set it to true, to keep the extra check.',
      fixes: [
        {
          title: 'Set feature.websudo to true',
          edits: [replaceValue(ctx.source, entry, 'true')],
          preferred: true,
        },
      ],
    });
  },
});
