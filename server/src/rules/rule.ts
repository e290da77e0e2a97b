import type { Fix, LanguageId, Range, RelatedLocation, Severity, Settings } from '../common/types';
import type { ValueIssue } from '../haproxy/values';
import type { SourceText } from '../common/source';
import type { HaproxyConfig } from '../haproxy/ast';
import type { PropertiesFile } from '../properties/ast';
import type { Deployment, DeploymentMember } from '../deployment/model';

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
  /**
   * The other files of the HAProxy configuration `haproxy` is loaded with (a `haproxy.d`
   * folder, or several `-f`), when the host knows them; empty otherwise. Sections end with
   * their file, but backends are found in every file, a `defaults` section applies to the
   * proxies of the files loaded after it, and `global` settings hold for all. The order of
   * the list is not HAProxy's load order (the host cannot always know it): rules that read
   * it give a file the benefit of the doubt.
   */
  others: readonly HaproxyConfig[];
  /** Set when `language` is `bitbucket-properties`. */
  properties?: PropertiesFile;
  settings: Settings;
  report(report: Report): void;
}

/** What a cross-file check sees: every file of one deployment (see deployment/model.ts). */
export interface DeploymentContext {
  deployment: Deployment;
  /** The settings of the deployment's first document (for version-dependent checks). */
  settings: Settings;
  /** Reports a finding in one of the deployment's documents. Related locations and edits
   * name their document with `uri`; edits in `member` itself may leave it out. */
  report(member: DeploymentMember, report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Checks one document on its own. */
  check?(context: RuleContext): void;
  /** Checks the files of one deployment together (haproxy.cfg, bitbucket.properties, server.xml). */
  checkDeployment?(context: DeploymentContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** A message fragment as a sentence: ends with a full stop, optionally capitalised. */
export function sentence(fragment: string, capitalise = false): string {
  const text = capitalise ? fragment.charAt(0).toUpperCase() + fragment.slice(1) : fragment;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Reports a value issue (document offsets, from haproxy/values.ts) after a short context (`In 'bind :0'`). */
export function reportIssue(ctx: RuleContext, issue: ValueIssue, context: string, capitalise = false): void {
  ctx.report({
    range: ctx.source.range(issue.start, issue.end),
    severity: issue.severity,
    message: `${context}: ${sentence(issue.message, capitalise)}`,
  });
}
