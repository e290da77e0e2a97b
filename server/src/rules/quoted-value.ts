import { defineRule } from './rule';
import { valueSpan } from '../properties/values';

export default defineRule({
  meta: {
    id: 'quoted-value',
    description: "Quotes around a value are kept as part of the value.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    const { source } = context;
    for (const entry of props.entries) {
      const content = entry.value.replace(/[ \t\f]+$/, '');
      if (content.length < 2) continue;
      const quote = content[0];
      if ((quote !== '"' && quote !== "'") || content[content.length - 1] !== quote) continue;
      const inner = content.slice(1, -1);
      // `"a" and "b"` is not one quoted string.
      if (inner.includes(quote)) continue;
      const last = content.length - 1;
      const [start] = valueSpan(source, entry, 0, 1);
      const [closeStart, end] = valueSpan(source, entry, last, last + 1);
      const [, openEnd] = valueSpan(source, entry, 0, 1);
      const leadingBlank = /^[ \t\f]/.test(inner) && source.text[entry.valueOffsets[1]] === inner[0];
      context.report({
        range: source.range(start, end),
        message:
          `Properties files have no quoting: the quotes become part of the value, so ${entry.key} is ` +
          `read as ${content}, quote characters included, rather than as ${inner === '' ? 'an empty value' : inner}.`,
        fixes: [
          {
            title: 'Remove the quotes',
            edits: [
              // A blank right after the opening quote must stay part of the value: escape it.
              { range: source.range(start, openEnd), newText: leadingBlank ? '\\' : '' },
              { range: source.range(closeStart, end), newText: '' },
            ],
            preferred: true,
          },
        ],
      });
    }
  },
});
