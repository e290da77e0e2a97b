import { defineRule } from './rule';
import { entryLineSpan } from '../properties/values';

export default defineRule({
  meta: {
    id: 'duplicate-property',
    description: "A key set twice: only the last value counts.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    const { source } = context;
    for (const entry of props.entries) {
      const winner = props.byKey.get(entry.key);
      if (!winner || winner === entry) continue;
      const winnerLine = winner.line + 1;
      const same = winner.value === entry.value;
      const [start, end] = entryLineSpan(source, entry);
      const lines = entry.lastLine > entry.line ? `lines ${entry.line + 1}-${entry.lastLine + 1}` : `line ${entry.line + 1}`;
      context.report({
        range: entry.keyEnd > entry.keyStart ? entry.keyRange : entry.range,
        message: same
          ? `'${entry.key}' is set again, to the same value, on line ${winnerLine}: this line is overridden by line ${winnerLine} and can go.`
          : `'${entry.key}' is overridden by line ${winnerLine}: Java keeps only the last value of a key, ` +
            `so '${entry.value}' here is ignored and '${winner.value}' is used.`,
        tags: ['unnecessary'],
        related: [{ range: winner.keyEnd > winner.keyStart ? winner.keyRange : winner.range, message: `The setting of '${entry.key}' that takes effect` }],
        fixes: [
          {
            title: `Remove the overridden setting of '${entry.key}' (${lines})`,
            edits: [{ range: source.range(start, end), newText: '' }],
            preferred: true,
          },
        ],
      });
    }
  },
});
