import type { Fix } from '../common/types';
import { lookupProperty } from '../facts/bitbucket';
import { defineRule } from './rule';
import { hasPlaceholder, replaceValue } from '../properties/values';

/** Words Spring's string-to-boolean conversion accepts (after trimming, any case). */
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

export default defineRule({
  meta: {
    id: 'boolean-value',
    description: "Boolean properties take true or false.",
    defaultSeverity: 'error',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    const { source } = context;
    for (const entry of props.entries) {
      const value = entry.value;
      if (value === 'true' || value === 'false') continue;
      const info = lookupProperty(entry.key);
      if (!info || info.type !== 'boolean') continue;
      if (hasPlaceholder(value)) continue;

      const word = value.trim().toLowerCase();
      const setTo = (v: 'true' | 'false', preferred: boolean): Fix => ({
        title: `Set ${entry.key} to ${v}`,
        edits: [replaceValue(source, entry, v)],
        ...(preferred ? { preferred: true } : {}),
      });
      const defaultWord = info.default === 'true' || info.default === 'false' ? info.default : undefined;
      const defaultNote = defaultWord ? ` (the default is ${defaultWord})` : '';

      if (TRUE_WORDS.has(word) || FALSE_WORDS.has(word)) {
        const canonical = TRUE_WORDS.has(word) ? 'true' : 'false';
        context.report({
          range: entry.valueRange,
          severity: 'warning',
          message:
            `'${value}' for ${entry.key} is read as ${canonical} by Spring's conversion, but only ` +
            `'true' and 'false' are certain to be understood everywhere the setting is read. Write '${canonical}'.`,
          fixes: [setTo(canonical, true)],
        });
        continue;
      }
      if (word === '') {
        context.report({
          range: entry.keyRange,
          severity: 'warning',
          message:
            `${entry.key} has an empty value. It takes true or false${defaultNote}; ` +
            'set one of them or remove the line.',
          fixes: [setTo('true', defaultWord === 'true'), setTo('false', defaultWord === 'false')],
        });
        continue;
      }
      context.report({
        range: entry.valueRange,
        message:
          `${entry.key} takes true or false${defaultNote}, not '${value}'. Bitbucket cannot convert ` +
          'this value to a boolean.',
        fixes: [setTo('true', defaultWord === 'true'), setTo('false', defaultWord === 'false')],
      });
    }
  },
});
