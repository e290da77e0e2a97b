import type { Range } from '../common/types';
import type { SourceText } from '../common/source';

/** One logical `key=value` entry of a Java properties file. */
export interface PropertyEntry {
  /** The key after unescaping (`server\ port` -> `server port`). */
  key: string;
  /** The value after unescaping and joining continuation lines. */
  value: string;
  /** Document offsets of the key as written. */
  keyStart: number;
  keyEnd: number;
  keyRange: Range;
  /** Document offsets of the value as written (from its first to its last character;
   * empty range right after the separator when the value is empty). May span lines. */
  valueStart: number;
  valueEnd: number;
  valueRange: Range;
  /**
   * For each index i in `value` (0..value.length), the document offset where that
   * character starts in the source; `valueOffsets[value.length]` is `valueEnd`.
   * Lets rules point at one item inside a value, across escapes and continuations.
   */
  valueOffsets: number[];
  /** First and last line of the logical line (continuations make them differ). */
  line: number;
  lastLine: number;
  /** From the start of the key to the end of the value. */
  range: Range;
  /** The separator as written ('=', ':', or whitespace ''). */
  separator: '=' | ':' | '';
  /** Document offset of the '=' or ':' separator; absent when the separator is whitespace. */
  separatorOffset?: number;
}

export interface PropertiesComment {
  /** Text after the '#' or '!'. */
  text: string;
  marker: '#' | '!';
  line: number;
  range: Range;
}

export interface PropertiesError {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

export interface PropertiesFile {
  source: SourceText;
  /** Every entry in document order (duplicates included). */
  entries: PropertyEntry[];
  /** The entry that wins for each key (the last one, as Properties.load does). */
  byKey: Map<string, PropertyEntry>;
  comments: PropertiesComment[];
  errors: PropertiesError[];
  /** The text starts with a byte order mark (U+FEFF). Java keeps it as part of the first
   * key; the parser leaves it out of `entries` and reports it in `errors`. */
  bom?: boolean;
}
