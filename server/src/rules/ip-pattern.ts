import type { Word } from '../haproxy/ast';
import { fetchMatchesIp, forEachAclExpression, type AclExpressionVisitor } from '../haproxy/conditions';
import { STATEMENT_CONDITION, firstWordBit, statementIndex } from '../facts/haproxy';
import {
  ADDRESS_KEYWORDS,
  addressEnd,
  forEachAddressSlot,
  checkAddressHost,
  checkIpNetwork,
  checkIpv6,
  exceptNetwork,
  isDynamic,
  isQuietHost,
  isStrictIpv4,
  looksLikeHostName,
  plainAddressSeparator,
  splitAddress,
  exactTextStart,
  wordSubRange,
  type AddressRules,
  type AddressSlotVisitor,
  type ValueIssue,
} from '../haproxy/values';
import type { PropertyEntry } from '../properties/ast';
import { hasPlaceholder, valueSpan } from '../properties/values';
import { defineRule, reportIssue, sentence, type RuleContext } from './rule';

/** Statements that may hold addresses (see forEachAddressSlot), ACLs, and `option forwardfor/originalto except`. */
const ADDRESSES = firstWordBit(ADDRESS_KEYWORDS);
const ACL = firstWordBit(['acl']);
const OPTION = firstWordBit(['option']);

function reportWordIssue(ctx: RuleContext, word: Word, issue: ValueIssue, context: string): void {
  const r = wordSubRange(word, issue.start, issue.end);
  reportIssue(ctx, { ...issue, start: r.start, end: r.end }, context, true);
}

/** Checks one address of a slot (see forEachAddressSlot): `word.text` from `start` to `end`. */
function checkAddress(ctx: RuleContext, word: Word, rules: AddressRules, keyword: string, start: number, end: number): void {
  const text = word.text;
  // Most addresses are `10.0.0.1:80`, `*:443` or `:80`: nothing to say, nothing to build.
  if (rules.port) {
    const sep = plainAddressSeparator(text, start, end);
    if (sep !== -2 && isQuietHost(text, start, sep < 0 ? end : sep)) return;
  } else if (isQuietHost(text, start, end)) {
    return;
  }
  const pieceText = text.slice(start, end);
  const base = exactTextStart(word);
  const offset = base === undefined ? 0 : base + start;
  const parts = rules.port
    ? splitAddress(pieceText, offset)
    : { family: 'ip' as const, host: { text: pieceText, start: offset, end: offset + pieceText.length } };
  const whole = { text: pieceText, start: offset, end: offset + pieceText.length };
  for (const issue of checkAddressHost(parts, whole)) {
    const context = issue.severity === 'error' ? `'${pieceText}' is not a valid address for '${keyword}'` : `'${pieceText}' (${keyword})`;
    if (base === undefined) reportWordIssue(ctx, word, { ...issue, start: 0, end: text.length }, context);
    else reportIssue(ctx, issue, context, true);
  }
}

function checkHaproxy(ctx: RuleContext): void {
  // One visitor for the whole run: it reports the patterns of expressions matched as IPs.
  const visit: AclExpressionVisitor = (words, fetch, from, to, match) => {
    if (from >= to || !fetchMatchesIp(words[fetch].text, match)) return;
    for (let k = from; k < to; k++) {
      const pattern = words[k];
      if (isDynamic(pattern)) continue;
      const issues = checkIpNetwork(pattern.text);
      for (let n = 0; n < issues.length; n++) {
        const issue = issues[n];
        const context =
          issue.severity === 'error'
            ? `'${pattern.text}' is not a valid IP pattern for '${words[fetch].text}'`
            : `'${pattern.text}' (${words[fetch].text})`;
        reportWordIssue(ctx, pattern, issue, context);
      }
    }
  };
  const visitSlot: AddressSlotVisitor = (word, rules, keyword, list) => {
    // The address, or each address between the commas of a bind list (empty ones are skipped).
    const text = word.text;
    for (let start = 0, end = 0; start <= text.length; start = end + 1) {
      end = addressEnd(text, start, list);
      if (end > start) checkAddress(ctx, word, rules, keyword, start, end);
    }
  };
  const index = statementIndex(ctx.haproxy!);
  const { statements, flags } = index;
  for (let k = 0; k < statements.length; k++) {
    // Each check below finds nothing in a statement without its flag.
    const f = flags[k];
    if ((f & (ADDRESSES | ACL | OPTION | STATEMENT_CONDITION)) === 0) continue;
    const statement = statements[k];
    if (f & (ACL | STATEMENT_CONDITION)) forEachAclExpression(statement, visit);

    const except = f & OPTION ? exceptNetwork(statement) : undefined;
    if (except && !isDynamic(except)) {
      for (const issue of checkIpNetwork(except.text)) {
        const context =
          issue.severity === 'error' ? `'${except.text}' is not a valid network for 'except'` : `'${except.text}' (except)`;
        reportWordIssue(ctx, except, issue, context);
      }
    }

    if (f & ADDRESSES) forEachAddressSlot(statement, visitSlot);
  }
}

// ---------------------------------------------------------------------------------------
// bitbucket.properties: websudo.allowlist.patterns
// ---------------------------------------------------------------------------------------

/** Keys holding comma-separated address patterns in Bitbucket's notation. */
const PATTERN_LIST_KEYS: ReadonlySet<string> = new Set(['websudo.allowlist.patterns']);

/** An IPv4 address as Bitbucket's pattern parser reads it: four decimal parts, no leading zeros. */
function bitbucketIpv4(text: string): boolean {
  // Java's String.split drops trailing empty parts, so trailing dots are tolerated.
  return isStrictIpv4(text.replace(/\.+$/, ''));
}

/**
 * Checks one allowlist pattern: an IPv4/IPv6 address, `address/length`, or an IPv4
 * address whose trailing parts are `*`. Returns a message and severity, or undefined.
 */
export function checkAllowlistPattern(item: string): { message: string; severity: 'error' | 'warning' } | undefined {
  const err = (message: string) => ({ message, severity: 'error' as const });
  if (/\s/.test(item)) {
    return err(`'${item}' holds a space: separate patterns with commas`);
  }
  if (item.includes('*')) {
    if (/^(\d+\.)*\*(\.\*)*$/.test(item)) {
      if (bitbucketIpv4(item.replace(/\*/g, '0'))) return undefined;
      if (item === '*') return err(`'*' alone is not a pattern: use *.*.*.* for every IPv4 address, or ::/0 for every IPv6 address`);
      return err(`'${item}' must have four parts, with asterisks only in whole trailing parts (such as 192.168.*.*)`);
    }
    return err(`'${item}' puts an asterisk where Bitbucket does not take one: asterisks replace whole trailing parts of an IPv4 address (192.168.1.*)`);
  }
  const slash = item.indexOf('/');
  const addr = slash >= 0 ? item.slice(0, slash) : item;
  const mask = slash >= 0 ? item.slice(slash + 1) : undefined;
  let bits: number;
  if (addr.includes(':')) {
    if (addr.startsWith('[') && addr.endsWith(']') && !checkIpv6(addr.slice(1, -1))) {
      return { message: `'${item}' has square brackets, which the pattern syntax does not use: write ${addr.slice(1, -1)}${mask !== undefined ? `/${mask}` : ''}`, severity: 'warning' };
    }
    const issue = checkIpv6(addr);
    if (issue) return err(`'${addr}' is not a valid IPv6 address (${issue.message})`);
    bits = 128;
  } else if (/^[0-9.]+$/.test(addr)) {
    if (!bitbucketIpv4(addr)) {
      return err(`'${addr}' is not a valid IPv4 address: Bitbucket needs four decimal parts of 0-255 without leading zeros`);
    }
    bits = 32;
  } else if (mask === undefined && looksLikeHostName(addr)) {
    return { message: `'${item}' is a host name, but the allowlist is documented for addresses and subnets only`, severity: 'warning' };
  } else {
    return err(`'${item}' is not an IPv4/IPv6 address, a subnet or an asterisk pattern`);
  }
  if (mask !== undefined) {
    if (!/^\+?\d+$/.test(mask)) return err(`'/${mask}' is not a prefix length (a whole number from 0 to ${bits})`);
    if (Number(mask) > bits) return err(`'/${mask}' is longer than an IPv${bits === 32 ? 4 : 6} address (at most /${bits})`);
  }
  return undefined;
}

function checkPatternList(ctx: RuleContext, entry: PropertyEntry): void {
  const value = entry.value;
  if (hasPlaceholder(value)) return;
  // A trailing `# note` is another rule's concern; the patterns end before it.
  const comment = /\s#/.exec(value);
  const end = comment ? comment.index : value.length;
  let start = 0;
  for (const raw of value.slice(0, end).split(',')) {
    const lead = raw.length - raw.trimStart().length;
    const item = raw.trim();
    const from = start + lead;
    start += raw.length + 1;
    if (item === '') continue;
    const problem = checkAllowlistPattern(item);
    if (!problem) continue;
    const [a, b] = valueSpan(ctx.source, entry, from, from + item.length);
    ctx.report({
      range: ctx.source.range(a, b),
      severity: problem.severity,
      message: sentence(problem.message, true),
    });
  }
}

export default defineRule({
  meta: {
    id: 'ip-pattern',
    description: "IPv4/IPv6 addresses and networks must be valid where HAProxy or Bitbucket expects them.",
    defaultSeverity: 'error',
    fixable: false,
    languages: ['haproxy', 'bitbucket-properties'],
  },
  check(ctx) {
    if (ctx.haproxy) checkHaproxy(ctx);
    if (ctx.properties) {
      for (const entry of ctx.properties.entries) {
        if (PATTERN_LIST_KEYS.has(entry.key)) checkPatternList(ctx, entry);
      }
    }
  },
});
