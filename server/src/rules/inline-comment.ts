import type { PropertyEntry } from '../properties/ast';
import { defineRule } from './rule';
import { lineBreakNear, valueSpan } from '../properties/values';

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\f';
}

/** Index in the decoded value of a '#' or '!' that the author meant as a comment. */
function findMarker(text: string, entry: PropertyEntry): number {
  const value = entry.value;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '#' && c !== '!') continue;
    // An escaped marker (`\#`) was written on purpose.
    if (text[entry.valueOffsets[i]] !== c) continue;
    if (i > 0 ? isBlank(value[i - 1]) : isBlank(text[entry.valueStart - 1])) return i;
  }
  return -1;
}

export default defineRule({
  meta: {
    id: 'inline-comment',
    description: "A '#' after a value is part of the value, not a comment.",
    defaultSeverity: 'warning',
    fixable: true,
    languages: ['bitbucket-properties'],
  },
  check(context) {
    const props = context.properties;
    if (!props) return;
    const { source } = context;
    const text = source.text;
    for (const entry of props.entries) {
      const marker = findMarker(text, entry);
      if (marker < 0) continue;
      const value = entry.value;
      const end = value.replace(/[ \t\f]+$/, '').length;
      let blankStart = marker;
      while (blankStart > 0 && isBlank(value[blankStart - 1])) blankStart--;
      const kept = value.slice(0, blankStart);
      const [commentStart, commentEnd] = valueSpan(source, entry, marker, end);

      // The comment goes on its own line above, written as it was when it fits on one line.
      const raw = text.slice(commentStart, commentEnd);
      const commentText = /[\r\n]/.test(raw) ? value.slice(marker, end).replace(/[\r\n]+/g, ' ') : raw;
      let lineStart = source.lineStarts[entry.line];
      if (lineStart === 0 && props.bom) lineStart = 1;
      const indent = /^[ \t\f]*/.exec(text.slice(lineStart, entry.keyStart))![0];
      let deleteFrom: number;
      if (blankStart > 0) {
        deleteFrom = entry.valueOffsets[blankStart];
      } else {
        deleteFrom = entry.valueStart;
        while (deleteFrom > entry.keyEnd && isBlank(text[deleteFrom - 1])) deleteFrom--;
      }
      const eol = lineBreakNear(source, entry.line);
      const markerChar = value[marker];
      context.report({
        range: source.range(commentStart, commentEnd),
        message:
          `'${markerChar}' starts a comment only at the beginning of a line. Here it is part of the value: ` +
          `${entry.key} is read as '${value.slice(0, end)}', not '${kept}'.`,
        fixes: [
          {
            title: 'Move the comment to its own line above',
            edits: [
              { range: source.range(lineStart, lineStart), newText: `${indent}${commentText}${eol}` },
              { range: source.range(deleteFrom, entry.valueEnd), newText: '' },
            ],
            preferred: true,
          },
        ],
      });
    }
  },
});
