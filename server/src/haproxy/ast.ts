import type { Range } from '../common/types';
import type { SourceText } from '../common/source';

/** One word of a statement, after HAProxy's quoting and escaping rules. */
export interface Word {
  /** The value HAProxy would see (quotes removed, escapes decoded; variables left as written). */
  text: string;
  /** The word exactly as written in the file. */
  raw: string;
  /** Offsets of the raw word in the document. */
  start: number;
  end: number;
  range: Range;
  /** The word used single or double quotes somewhere. */
  quoted: boolean;
  /** The word holds `$VAR`/`${VAR}` inside double quotes: its value is only known at run time. */
  hasVariable: boolean;
}

export interface Comment {
  /** Text after the '#'. */
  text: string;
  start: number;
  end: number;
  range: Range;
  line: number;
  /** Nothing but whitespace precedes the comment on its line. */
  ownLine: boolean;
}

export interface Statement {
  words: Word[];
  /** 0-based line of the statement. */
  line: number;
  /** From the first word to the end of the last word. */
  range: Range;
  /** Depth of `.if` blocks around the statement (0 = unconditional). */
  conditionalDepth: number;
  /** The section the statement belongs to (undefined before the first section). */
  section?: Section;
}

export type SectionKind =
  | 'global'
  | 'defaults'
  | 'frontend'
  | 'backend'
  | 'listen'
  | 'userlist'
  | 'peers'
  | 'resolvers'
  | 'mailers'
  | 'cache'
  | 'http-errors'
  | 'ring'
  | 'program'
  | 'fcgi-app'
  | 'log-forward'
  | 'crt-store'
  | 'traces'
  | 'acme'
  | 'dynamic-update'
  | 'log-profile'
  | 'healthcheck';

export interface Section {
  kind: SectionKind;
  /** The header statement (`backend be_app`). */
  header: Statement;
  /** The name word, when the section has one. */
  name?: Word;
  /** For `defaults`, `frontend`, `backend`, `listen`: the `from <name>` word. */
  from?: Word;
  statements: Statement[];
  /** From the header to the last statement, comment or blank line before the next section. */
  range: Range;
  /** Last line that belongs to the section (0-based). */
  lastLine: number;
}

export type DirectiveKind = '.if' | '.elif' | '.else' | '.endif' | '.diag' | '.notice' | '.warning' | '.alert';

export interface Directive {
  kind: DirectiveKind;
  words: Word[];
  line: number;
  range: Range;
  depth: number;
}

export interface ParseError {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

export interface HaproxyConfig {
  source: SourceText;
  sections: Section[];
  /** Statements before the first section header (HAProxy rejects them). */
  orphans: Statement[];
  /** Every statement in document order, headers included. */
  statements: Statement[];
  comments: Comment[];
  directives: Directive[];
  errors: ParseError[];
}
