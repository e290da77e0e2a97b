import type { Fix, RelatedLocation, TextEdit } from '../common/types';
import type { HaproxyConfig, Section, Statement } from '../haproxy/ast';
import { inheritanceChain } from '../haproxy/query';
import { indexConfig, PREDEFINED_ACLS, type NamedSymbol, type Reference } from '../features/navigation';
import { aclUsage } from '../features/acl-usage';
import { closestName } from './undefined-backend';
import { defineRule } from './rule';

function label(section: Section): string {
  return section.name ? `${section.kind} '${section.name.text}'` : `this ${section.kind} section`;
}

/** Start offset of the own-line comments directly above `line` (so a statement keeps its comments). */
function startWithComments(config: HaproxyConfig, line: number): number {
  const commentLines = new Set(config.comments.filter((c) => c.ownLine).map((c) => c.line));
  let top = line;
  while (top > 0 && commentLines.has(top - 1)) top--;
  return config.source.lineStarts[top];
}

/**
 * Moves every `acl <name>` line of `symbol` above the first condition of its section that
 * uses the name. Offered only when none of the lines sits in an `.if` block, so the move
 * cannot change which lines HAProxy reads.
 */
function moveAbove(config: HaproxyConfig, symbol: NamedSymbol, firstUse: Statement): Fix | undefined {
  const statements = symbol.definitions.map((d) => d.statement);
  if (firstUse.conditionalDepth > 0 || statements.some((s) => s.conditionalDepth > 0)) return undefined;
  const src = config.source;
  const lines = [...new Set(statements.map((s) => s.line))].sort((a, b) => a - b);
  if (lines.some((l) => l + 1 >= src.lineCount)) return undefined; // the last line has no line break to move
  const edits: TextEdit[] = [];
  const at = startWithComments(config, firstUse.line);
  edits.push({ range: src.range(at, at), newText: lines.map((l) => src.text.slice(src.lineStarts[l], src.lineStarts[l + 1])).join('') });
  for (const l of lines) edits.push({ range: src.range(src.lineStarts[l], src.lineStarts[l + 1]), newText: '' });
  return { title: `Move 'acl ${symbol.name}' above its first use`, edits };
}

export default defineRule({
  meta: {
    id: 'undefined-acl',
    description: 'A condition names an ACL that no acl line above it in the same section defines.',
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy'],
  },
  check(context) {
    const config = context.haproxy;
    if (!config) return;
    // Most files name only ACLs defined above: then there is nothing to report, and no index to build.
    if (aclUsage.all(config).every((u) => u.definedBeforeUse)) return;
    const index = indexConfig(config);
    // Both tables are needed only to describe a finding: most checks have none.
    let aclTable: Map<Section, NamedSymbol[]> | undefined;
    const aclsBySection = (): Map<Section, NamedSymbol[]> => {
      if (!aclTable) {
        aclTable = new Map();
        for (const s of index.symbols) {
          if (s.kind !== 'acl') continue;
          const list = aclTable.get(s.section);
          if (list) list.push(s);
          else aclTable.set(s.section, [s]);
        }
      }
      return aclTable;
    };
    let firstUses: Map<NamedSymbol, Reference> | undefined;
    const firstUse = (symbol: NamedSymbol): Reference => {
      if (!firstUses) {
        firstUses = new Map();
        for (const ref of index.references) {
          if (ref.role === 'acl' && ref.symbol && !firstUses.has(ref.symbol)) firstUses.set(ref.symbol, ref);
        }
      }
      return firstUses.get(symbol)!;
    };

    for (const ref of index.references) {
      if (ref.role !== 'acl' || ref.builtin || !ref.scope) continue;
      const section = ref.scope;
      const line = ref.statement.line;
      if (ref.symbol) {
        const defs = ref.symbol.definitions;
        if (defs.some((d) => d.statement.line < line)) continue;
        const defLine = defs[0].statement.line + 1;
        const fix = moveAbove(config, ref.symbol, firstUse(ref.symbol).statement);
        context.report({
          range: ref.range,
          message:
            `ACL '${ref.name}' is used here but defined only further down, on line ${defLine}. HAProxy reads the file ` +
            'from top to bottom and refuses a condition that names an ACL it has not seen yet. Move the acl line above this one.',
          fixes: fix ? [fix] : [],
          related: defs.map((d) => ({ range: d.range, message: `'${ref.name}' is defined here.` })),
        });
        continue;
      }
      const known = (aclsBySection().get(section) ?? [])
        .filter((s) => s.definitions.some((d) => d.statement.line < line))
        .map((s) => s.name);
      const closest = closestName(ref.name, [...known, ...PREDEFINED_ACLS]);
      const fixes: Fix[] = closest
        ? [{ title: `Change to '${closest}'`, edits: [{ range: ref.range, newText: closest }], preferred: true }]
        : [];
      let hint = closest ? ` Did you mean '${closest}'?` : '';
      const related: RelatedLocation[] = [];
      const inDefaults = inheritanceChain(config, section)
        .slice(1)
        .flatMap((d) => aclsBySection().get(d) ?? [])
        .find((s) => s.name === ref.name);
      const elsewhere = index.symbols.find((s) => s.kind === 'acl' && s.name === ref.name && s.section !== section);
      if (inDefaults) {
        hint = ` It is defined in ${label(inDefaults.section)}, but ACLs of a defaults section are not passed on to the proxies that use it: define it again here.`;
        related.push({ range: inDefaults.definitions[0].range, message: `'${ref.name}' is defined here.` });
      } else if (elsewhere && !closest) {
        hint = ` ACLs belong to the section that defines them: '${ref.name}' exists only in ${label(elsewhere.section)} (line ${elsewhere.definitions[0].statement.line + 1}).`;
        related.push({ range: elsewhere.definitions[0].range, message: `'${ref.name}' is defined here.` });
      }
      context.report({
        range: ref.range,
        message: `The condition uses ACL '${ref.name}', but no acl line in ${label(section)} defines it, so HAProxy refuses to start.${hint}`,
        fixes,
        ...(related.length ? { related } : {}),
      });
    }
  },
});
