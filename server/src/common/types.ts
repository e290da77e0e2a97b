/** Shapes shared by every part of the language core. They mirror the LSP types, so the
 * server can pass them on unchanged, but nothing here depends on an LSP library. */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 code unit offset in the line. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
  /** Set when the edit belongs to another document than the finding's (cross-file fixes):
   * the URI (language server) or path (CLI) of that document. */
  uri?: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix most users want; editors may apply it with one key. */
  preferred?: boolean;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
/** What users may write in settings and config files. `info` is accepted for `information`. */
export type SeveritySetting = Severity | 'info' | 'off';

export type LanguageId = 'haproxy' | 'bitbucket-properties';

export interface RelatedLocation {
  uri?: string;
  range: Range;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  related?: RelatedLocation[];
  /** Extra tags for editors (e.g. faded unnecessary code). */
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface Settings {
  /** Per-rule severity overrides keyed by rule id. */
  rules: Record<string, SeveritySetting | undefined>;
  /** Target HAProxy version such as "2.6"; undefined means any supported version. */
  haproxyVersion?: string;
  /** bitbucket.properties keys (or globs) of the user's own or of add-ons: never reported as unknown. */
  propertiesAllow?: string[];
}

export const defaultSettings: Settings = { rules: {} };

export function normaliseSeverity(value: string | undefined): Severity | 'off' | undefined {
  switch (value) {
    case 'error':
    case 'warning':
    case 'hint':
    case 'off':
      return value;
    case 'info':
    case 'information':
      return 'information';
    default:
      return undefined;
  }
}
