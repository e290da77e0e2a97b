/**
 * The quick answers undefined-acl, unused-acl and unused-backend give before they build the
 * symbol index. Where a quick answer says "nothing to report", the index must agree: that
 * is checked per section on hand-written cases, on every corpus file and on mutations of
 * them that introduce each kind of finding. A table also pins what the quick answers say,
 * so that they keep saving the index build on ordinary files.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HaproxyConfig, Section } from '../../server/src/haproxy/ast';
import { parseHaproxy } from '../../server/src/haproxy/parser';
import { aclUsage } from '../../server/src/features/acl-usage';
import { indexConfig } from '../../server/src/features/navigation';
import { everyBackendNamedElsewhere } from '../../server/src/rules/unused-backend';
import { haproxyCorpusFiles, skipWithoutCorpus } from '../helpers/shared';

interface Verdict {
  definedBeforeUse: boolean;
  allUsed: boolean;
}

/** What the index says, per section: the truth the quick answers must not contradict. */
function fromIndex(config: HaproxyConfig): { sections: Map<Section, Verdict>; backendsUsed: boolean } {
  const index = indexConfig(config);
  const sections = new Map<Section, Verdict>(config.sections.map((s) => [s, { definedBeforeUse: true, allUsed: true }]));
  for (const ref of index.references) {
    if (ref.role !== 'acl' || ref.builtin || !ref.scope) continue;
    const line = ref.statement.line;
    if (!ref.symbol || !ref.symbol.definitions.some((d) => d.statement.line < line)) sections.get(ref.scope)!.definedBeforeUse = false;
  }
  for (const symbol of index.symbols) {
    if (symbol.kind === 'acl' && symbol.references.length === 0) sections.get(symbol.section)!.allUsed = false;
  }
  const prefixes = index.dynamicBackends.map((d) => d.prefix);
  const backendsUsed = index.symbols.every(
    (s) =>
      s.kind !== 'section' ||
      s.sectionKind !== 'backend' ||
      s.references.some((r) => r.statement.section !== s.section) ||
      prefixes.some((p) => s.name.startsWith(p)),
  );
  return { sections, backendsUsed };
}

/** Checks that every quick "clean" holds by the index; returns the quick answers. */
function assertSound(text: string, label: string): { acl: Verdict[]; backends: boolean } {
  const config = parseHaproxy(text);
  const quick = aclUsage.all(config);
  const truth = fromIndex(config);
  config.sections.forEach((section, i) => {
    const where = `${label}: ${section.kind} on line ${section.header.line + 1}`;
    const t = truth.sections.get(section)!;
    if (quick[i].definedBeforeUse) assert.ok(t.definedBeforeUse, `${where}: an ACL is used before it is defined, quick answer says not`);
    if (quick[i].allUsed) assert.ok(t.allUsed, `${where}: an ACL is unused, quick answer says not`);
  });
  const backends = everyBackendNamedElsewhere(config);
  if (backends) assert.ok(truth.backendsUsed, `${label}: a backend has no reference from outside, quick answer says every one has`);
  return { acl: quick.map((q) => ({ definedBeforeUse: q.definedBeforeUse, allUsed: q.allUsed })), backends };
}

const FRONTEND_HEAD = ['frontend fe', '    bind :80'];

/** Cases: the text, then for the first section after `global`-less headers, the quick answers expected. */
const cases: { name: string; lines: string[]; section: Verdict; backends: boolean }[] = [
  {
    name: 'ACLs defined above their use, backend named by use_backend',
    lines: [...FRONTEND_HEAD, '    acl is_api path_beg /api', '    use_backend be if is_api', 'backend be', '    server s1 127.0.0.1:8080'],
    section: { definedBeforeUse: true, allUsed: true },
    backends: true,
  },
  {
    name: 'an ACL used before its acl line',
    lines: [...FRONTEND_HEAD, '    use_backend be if is_api', '    acl is_api path_beg /api', 'backend be'],
    section: { definedBeforeUse: false, allUsed: true },
    backends: true,
  },
  {
    name: 'an ACL never defined',
    lines: [...FRONTEND_HEAD, '    http-request deny if !is_ok', '    default_backend be', 'backend be'],
    section: { definedBeforeUse: false, allUsed: true },
    backends: true,
  },
  {
    name: 'a built-in ACL needs no acl line',
    lines: [...FRONTEND_HEAD, '    http-request deny if HTTP_1.0 or !TRUE', '    default_backend be', 'backend be'],
    section: { definedBeforeUse: true, allUsed: true },
    backends: true,
  },
  {
    name: 'a built-in name defined further down is used before its definition',
    lines: [...FRONTEND_HEAD, '    http-request deny if TRUE', '    acl TRUE always_true', 'backend be'],
    section: { definedBeforeUse: false, allUsed: true },
    backends: false,
  },
  {
    name: 'an ACL no condition uses',
    lines: [...FRONTEND_HEAD, '    acl spare path_beg /x', '    default_backend be', 'backend be'],
    section: { definedBeforeUse: true, allUsed: false },
    backends: true,
  },
  {
    name: 'anonymous ACLs and negations',
    lines: [...FRONTEND_HEAD, '    acl a src 10.0.0.0/8', '    http-request deny if { path /x } !a', 'backend be'],
    section: { definedBeforeUse: true, allUsed: true },
    backends: false,
  },
  {
    name: 'an acl() fetch is left to the index',
    lines: [...FRONTEND_HEAD, '    acl a src 10.0.0.0/8', '    http-request set-var(txn.x) acl(a)', 'backend be'],
    section: { definedBeforeUse: false, allUsed: false },
    backends: false,
  },
  {
    name: 'a quoted use is left to the index',
    lines: [...FRONTEND_HEAD, '    acl a src 10.0.0.0/8', '    http-request deny if "a"', 'backend be'],
    section: { definedBeforeUse: false, allUsed: false },
    backends: false,
  },
  {
    name: 'a backend named only by itself',
    lines: [...FRONTEND_HEAD, '    default_backend other', 'backend be', '    use_backend be', 'backend other'],
    section: { definedBeforeUse: true, allUsed: true },
    backends: false,
  },
  {
    name: 'two backend-capable sections share a name',
    lines: [...FRONTEND_HEAD, '    default_backend be', 'backend be', 'listen be', '    bind :81'],
    section: { definedBeforeUse: true, allUsed: true },
    backends: false,
  },
  {
    name: 'a backend named at run time only',
    lines: [...FRONTEND_HEAD, '    use_backend be_%[req.hdr(host)]', 'backend be_a'],
    section: { definedBeforeUse: true, allUsed: true },
    backends: false,
  },
];

for (const c of cases) {
  test(`quick answers: ${c.name}`, () => {
    const { acl, backends } = assertSound(c.lines.join('\n') + '\n', c.name);
    assert.deepEqual(acl[0], c.section);
    assert.equal(backends, c.backends);
  });
}

/** Edits that bring in each kind of finding: a use moved above its acl line, a removed acl
 * line, a misspelt use, a renamed backend. */
function mutations(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  const acl = lines.findIndex((l) => /^\s*acl\s+\S+\s+\S/.test(l));
  if (acl >= 0) {
    out.push([...lines.slice(0, acl), ...lines.slice(acl + 1)].join('\n'));
    const use = lines.findIndex((l, i) => i > acl && /\sif\s|\sunless\s/.test(l));
    if (use >= 0) {
      const moved = [...lines];
      const [line] = moved.splice(use, 1);
      moved.splice(acl, 0, line);
      out.push(moved.join('\n'));
      out.push(lines.map((l, i) => (i === use ? l.replace(/\b(if|unless)\s+(!?)(\w)/, '$1 $2x$3') : l)).join('\n'));
    }
  }
  const backend = lines.findIndex((l) => /^backend\s+\S/.test(l));
  if (backend >= 0) out.push(lines.map((l, i) => (i === backend ? l.replace(/^backend\s+(\S+)/, 'backend $1_renamed') : l)).join('\n'));
  return out;
}

test('quick answers never contradict the index on the corpus and its mutations', { skip: skipWithoutCorpus() }, () => {
  const files = haproxyCorpusFiles();
  assert.ok(files.length > 300);
  let clean = 0;
  let checked = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const { acl } = assertSound(text, path.basename(file));
    if (acl.every((v) => v.definedBeforeUse && v.allUsed)) clean++;
    for (const [k, variant] of mutations(text).entries()) assertSound(variant, `${path.basename(file)} (mutation ${k})`);
    checked++;
  }
  // The quick answers must actually spare the index on most real files.
  assert.ok(clean > checked / 2, `only ${clean} of ${checked} corpus files were answered without the index`);
});
