/** Reporting a value problem found by the helpers of haproxy/values.ts. */
import type { ValueIssue } from '../haproxy/values';
import type { RuleContext } from './rule';

/** A message fragment as a sentence: ends with a full stop, optionally capitalised. */
export function sentence(fragment: string, capitalise = false): string {
  const text = capitalise ? fragment.charAt(0).toUpperCase() + fragment.slice(1) : fragment;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Reports an issue whose offsets are document offsets, after a short context (`In 'bind :0'`). */
export function reportIssue(ctx: RuleContext, issue: ValueIssue, context: string, capitalise = false): void {
  ctx.report({
    range: ctx.source.range(issue.start, issue.end),
    severity: issue.severity,
    message: `${context}: ${sentence(issue.message, capitalise)}`,
  });
}
