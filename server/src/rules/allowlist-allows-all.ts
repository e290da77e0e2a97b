import type { PropertyEntry } from '../properties/ast';
import { hasPlaceholder, valueSpan } from '../properties/values';
import { defineRule, type RuleContext } from './rule';

/** One comma-separated item of a list value, with its offsets in the decoded value. */
interface Item {
  text: string;
  start: number;
  end: number;
}

function items(value: string): Item[] {
  const out: Item[] = [];
  let from = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i === value.length || value[i] === ',') {
      const raw = value.slice(from, i);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      if (text) out.push({ text, start: from + lead, end: from + lead + text.length });
      from = i + 1;
    }
  }
  return out;
}

/** Patterns that match every IPv4 or IPv6 client. */
function matchesEveryone(pattern: string): boolean {
  if (pattern === '*' || /^\*(\.\*){3}$/.test(pattern)) return true;
  // Any network with a /0 mask covers its whole address family.
  const cidr = /^([0-9a-fA-F:.]+)\/0+$/.exec(pattern);
  return cidr !== null;
}

function checkWebsudo(ctx: RuleContext, entry: PropertyEntry): void {
  const list = items(entry.value);
  for (const item of list) {
    if (!matchesEveryone(item.text)) continue;
    const [start, end] = valueSpan(ctx.source, entry, item.start, item.end);
    ctx.report({
      range: ctx.source.range(start, end),
      message:
        `'${item.text}' matches every client address, so the websudo allowlist restricts nothing: administrators ` +
        'can re-authenticate from anywhere, exactly as without an allowlist. List the networks administrators ' +
        'work from instead (for example 10.20.0.0/16).',
    });
  }
}

/** Regular expressions that match any address (Tomcat's RemoteIpValve trusts such proxies). */
function regexMatchesAll(text: string): boolean {
  return /^\^?(\.\*|\.\+|\.\*\??)\$?$/.test(text) || text === '.*|.*';
}

function checkInternalProxies(ctx: RuleContext, entry: PropertyEntry): void {
  const text = entry.value.trim();
  if (!regexMatchesAll(text)) return;
  ctx.report({
    range: entry.valueRange,
    message:
      `'${text}' trusts every address as a proxy: any client can then send its own X-Forwarded-For and ` +
      'X-Forwarded-Proto headers and pose as another address or as an HTTPS request. Match only the address ' +
      'of your HAProxy, for example 10\\.0\\.0\\.5.',
  });
}

export default defineRule({
  meta: {
    id: 'allowlist-allows-all',
    description: 'Allowlists that let every address through (0.0.0.0/0, ::/0, *), and proxy trust that covers every address.',
    defaultSeverity: 'warning',
    fixable: false,
    languages: ['bitbucket-properties'],
  },
  check(ctx) {
    const props = ctx.properties;
    if (!props) return;
    for (const entry of props.entries) {
      if (hasPlaceholder(entry.value)) continue;
      if (entry.key === 'websudo.allowlist.patterns') checkWebsudo(ctx, entry);
      else if (entry.key === 'server.tomcat.internal-proxies') checkInternalProxies(ctx, entry);
    }
  },
});
