/**
 * A parser for Java properties files that reads them the way
 * `java.util.Properties.load(Reader)` does, keeping the source offset of every
 * character so that findings and fixes can point at exact ranges.
 *
 * Java reads the file in two steps, mirrored here:
 * 1. The line reader joins natural lines into logical lines. Leading space, tab and
 *    form feed are skipped; blank lines are skipped; a line whose first character is
 *    `#` or `!` is a comment (it never continues). A line ending in an odd number of
 *    backslashes continues on the next line, whose leading whitespace is dropped; the
 *    continued part is never a comment.
 * 2. Each logical line is split into key and value: the key ends at the first `=`,
 *    `:`, space, tab or form feed not preceded by a backslash; then whitespace and at
 *    most one `=` or `:` are skipped; the rest (trailing whitespace included) is the
 *    value. Escapes (`\t \n \r \f`, `\uXXXX`, `\c` for any other c) are decoded in both.
 *
 * The parser never throws. Where Java would throw (a malformed `\u` escape) it records
 * an error and reads on. It runs in time linear in the size of the text.
 */
import { SourceText } from '../common/source';
import type { PropertiesComment, PropertiesError, PropertiesFile, PropertyEntry } from './ast';

const BOM = 0xfeff;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

interface Decoded {
  text: string;
  /** Source offset of the first raw character of each decoded character. */
  starts: number[];
}

export function parseProperties(text: string): PropertiesFile {
  const source = new SourceText(text);
  const entries: PropertyEntry[] = [];
  const byKey = new Map<string, PropertyEntry>();
  const comments: PropertiesComment[] = [];
  const errors: PropertiesError[] = [];
  const n = text.length;
  const hasBom = n > 0 && text.charCodeAt(0) === BOM;

  // The current logical line: its characters and the source offset of each.
  const chars: number[] = [];
  const offs: number[] = [];
  let len = 0;
  /** Offset of the line break (or end of text) that ended the logical line. */
  let endOffset = 0;
  let i = hasBom ? 1 : 0;

  const push = (c: number, at: number) => {
    chars[len] = c;
    offs[len] = at;
    len++;
  };

  /** Reads the next logical line into chars/offs; returns its length or -1 at the end. */
  const readLine = (): number => {
    len = 0;
    let skipWhite = true;
    let appendedLineBegin = false;
    let precedingBackslash = false;
    while (true) {
      if (i >= n) {
        endOffset = n;
        if (len === 0) return -1;
        return precedingBackslash ? len - 1 : len;
      }
      const at = i;
      const c = text.charCodeAt(i++);
      if (skipWhite) {
        if (isBlank(c)) continue;
        if (!appendedLineBegin && (c === CR || c === LF)) continue;
        skipWhite = false;
        appendedLineBegin = false;
      }
      if (len === 0 && (c === 0x23 || c === 0x21)) {
        // A comment runs to the end of its natural line.
        let j = i;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === CR || d === LF) break;
          j++;
        }
        comments.push({
          text: text.slice(at + 1, j),
          marker: c === 0x23 ? '#' : '!',
          line: source.lineOf(at),
          range: source.range(at, j),
        });
        if (j >= n) {
          i = n;
          endOffset = n;
          return -1;
        }
        i = j + 1;
        skipWhite = true;
        continue;
      }
      if (c !== LF && c !== CR) {
        push(c, at);
        precedingBackslash = c === BACKSLASH ? !precedingBackslash : false;
        continue;
      }
      // A line break.
      if (len === 0) {
        skipWhite = true;
        continue;
      }
      if (i >= n) {
        // Java checks for the end of input right after the break, before it looks at a
        // continuation: a trailing backslash is dropped and the line ends here.
        endOffset = at;
        return precedingBackslash ? len - 1 : len;
      }
      if (!precedingBackslash) {
        endOffset = at;
        return len;
      }
      // Continuation: drop the backslash, skip the break and the next line's indent.
      len -= 1;
      skipWhite = true;
      appendedLineBegin = true;
      precedingBackslash = false;
      if (c === CR && text.charCodeAt(i) === LF) i++;
    }
  };

  const reportMalformedUnicode = (start: number, end: number) => {
    errors.push({
      message:
        `Malformed Unicode escape '${text.slice(start, end)}': '\\u' must be followed by exactly four ` +
        "hexadecimal digits. Java's properties loader stops with an error " +
        "('Malformed \\uxxxx encoding') and the whole file is not loaded.",
      range: source.range(start, end),
      severity: 'error',
    });
  };

  /** Decodes chars[from, to) the way Properties.loadConvert does. */
  const decode = (from: number, to: number): Decoded => {
    let out = '';
    const starts: number[] = [];
    let k = from;
    while (k < to) {
      const c = chars[k];
      if (c !== BACKSLASH) {
        out += String.fromCharCode(c);
        starts.push(offs[k]);
        k++;
        continue;
      }
      const escapeAt = offs[k];
      k++;
      if (k >= to) {
        // Unreachable for input produced by readLine (an odd trailing backslash is
        // always dropped), kept so that the decoder cannot read past its slice.
        out += '\\';
        starts.push(escapeAt);
        break;
      }
      const e = chars[k++];
      if (e === 0x75 /* u */) {
        let bad = -1;
        if (k > to - 4) {
          bad = to - 1;
        } else {
          for (let h = 0; h < 4; h++) {
            if (!isHex(chars[k + h])) {
              bad = k + h;
              break;
            }
          }
        }
        if (bad >= 0) {
          reportMalformedUnicode(escapeAt, offs[Math.max(bad, k - 1)] + 1);
          // Read on as if the backslash and the 'u' were plain characters.
          out += '\\u';
          starts.push(escapeAt, offs[k - 1]);
          continue;
        }
        const code = parseInt(String.fromCharCode(chars[k], chars[k + 1], chars[k + 2], chars[k + 3]), 16);
        out += String.fromCharCode(code);
        starts.push(escapeAt);
        k += 4;
        continue;
      }
      let d = e;
      if (e === 0x74 /* t */) d = 0x09;
      else if (e === 0x72 /* r */) d = CR;
      else if (e === 0x6e /* n */) d = LF;
      else if (e === 0x66 /* f */) d = 0x0c;
      out += String.fromCharCode(d);
      starts.push(escapeAt);
    }
    return { text: out, starts };
  };

  let firstEntryAtBom = false;
  for (let limit = readLine(); limit >= 0; limit = readLine()) {
    // Split into key and value, as Properties.load0 does.
    let keyLen = 0;
    let valueStart = limit;
    let hasSep = false;
    let sepIndex = -1;
    let precedingBackslash = false;
    while (keyLen < limit) {
      const c = chars[keyLen];
      if ((c === 0x3d || c === 0x3a) && !precedingBackslash) {
        valueStart = keyLen + 1;
        hasSep = true;
        sepIndex = keyLen;
        break;
      } else if (isBlank(c) && !precedingBackslash) {
        valueStart = keyLen + 1;
        break;
      }
      precedingBackslash = c === BACKSLASH ? !precedingBackslash : false;
      keyLen++;
    }
    while (valueStart < limit) {
      const c = chars[valueStart];
      if (!isBlank(c)) {
        if (!hasSep && (c === 0x3d || c === 0x3a)) {
          hasSep = true;
          sepIndex = valueStart;
        } else {
          break;
        }
      }
      valueStart++;
    }

    // When limit is 0 (a lone trailing backslash), offs[0] still holds that backslash.
    const anchor = offs[0];
    const keyStart = anchor;
    const keyEnd = keyLen > 0 ? offs[keyLen - 1] + 1 : keyStart;
    const key = decode(0, keyLen);
    const value = decode(valueStart, limit);
    const sepOffset = sepIndex >= 0 ? offs[sepIndex] : undefined;
    let vStart: number;
    let vEnd: number;
    if (valueStart < limit) {
      vStart = offs[valueStart];
      vEnd = offs[limit - 1] + 1;
    } else {
      vStart = vEnd = sepOffset !== undefined ? sepOffset + 1 : keyEnd;
    }
    const valueOffsets = value.starts;
    valueOffsets.push(vEnd);
    if (entries.length === 0 && hasBom && keyStart === 1) firstEntryAtBom = true;

    const entry: PropertyEntry = {
      key: key.text,
      value: value.text,
      keyStart,
      keyEnd,
      keyRange: source.range(keyStart, keyEnd),
      valueStart: vStart,
      valueEnd: vEnd,
      valueRange: source.range(vStart, vEnd),
      valueOffsets,
      line: source.lineOf(anchor),
      lastLine: source.lineOf(Math.max(endOffset, anchor)),
      range: source.range(keyStart, Math.max(vEnd, keyEnd)),
      separator: sepOffset === undefined ? '' : (String.fromCharCode(chars[sepIndex]) as '=' | ':'),
      ...(sepOffset !== undefined ? { separatorOffset: sepOffset } : {}),
    };
    entries.push(entry);
    byKey.set(entry.key, entry);
  }

  if (hasBom) {
    const first = firstEntryAtBom ? entries[0] : undefined;
    errors.unshift({
      message: first
        ? `The file starts with a byte order mark (U+FEFF). Java's properties loader keeps it as a ` +
          `character of the first key, so '${first.key}' is read as '\\ufeff${first.key}' and that ` +
          'setting has no effect. Save the file as UTF-8 without a BOM.'
        : `The file starts with a byte order mark (U+FEFF). Java's properties loader does not remove ` +
          'it: the first line is read as a property whose key starts with that invisible character, ' +
          'so the first line does not mean what it shows. Save the file as UTF-8 without a BOM.',
      range: source.range(0, 1),
      severity: 'warning',
    });
  }

  return { source, entries, byKey, comments, errors, ...(hasBom ? { bom: true } : {}) };
}
