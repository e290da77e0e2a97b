import type { Fix, LanguageId, Range, RelatedLocation, Severity, Settings } from '../common/types';
import type { SourceText } from '../common/source';
import type { HaproxyConfig } from '../haproxy/ast';
import type { PropertiesFile } from '../properties/ast';

export interface RuleMeta {
  /** Stable kebab-case id: the diagnostic code, the settings key and the docs page name. */
  id: string;
  /** One line: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  /** The rule offers at least one quick fix for some of its findings. */
  fixable: boolean;
  languages: LanguageId[];
}

export interface Report {
  range: Range;
  message: string;
  /** Defaults to the rule's default severity; a rule may lower or raise one finding. */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedLocation[];
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface RuleContext {
  language: LanguageId;
  source: SourceText;
  /** Set when `language` is `haproxy`. */
  haproxy?: HaproxyConfig;
  /** Set when `language` is `bitbucket-properties`. */
  properties?: PropertiesFile;
  settings: Settings;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
