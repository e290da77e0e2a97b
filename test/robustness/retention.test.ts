/**
 * Nothing keeps a document alive once the server lets go of it: not a rule's cache, not a
 * feature's memo, not the deployment workspace after the document is closed. A 100k-line
 * file holds about 60 MB, so one such leak per closed file adds up fast.
 *
 * Each case builds what it needs, lets go of it the way the server does, and names the
 * objects that must then be collectable; the helper checks them with a full collection.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseDocument, reparseDocument, validate, type ParsedDocument } from '../../server/src/service';
import { hover } from '../../server/src/features/hover';
import { complete } from '../../server/src/features/completion';
import { findReferences } from '../../server/src/features/navigation';
import { DeploymentWorkspace, type OpenMember } from '../../server/src/deployment/workspace';
import { forgetPreviousParse } from '../../server/src/incremental';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const EXAMPLE = readFileSync(path.join(__dirname, '../../../examples/deployment/haproxy.cfg'), 'utf8');
const SETTINGS = { rules: {} };

/** Runs `scenario` (which returns the objects that must not outlive it) and checks that a
 * full collection afterwards reclaims every one of them. */
async function assertReleased(scenario: () => Promise<Record<string, object>>): Promise<void> {
  const refs = Object.entries(await scenario()).map(([name, o]) => [name, new WeakRef(o)] as const);
  // A WeakRef made in this turn keeps its target until the turn ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
  const kept = refs.filter(([, ref]) => ref.deref() !== undefined).map(([name]) => name);
  assert.deepEqual(kept, [], `still reachable after a full collection: ${kept.join(', ')}`);
}

/** A middle line of the example, edited in place: `text` with one character changed. */
function edited(text: string): string {
  const at = text.indexOf('timeout client') + 'timeout client '.length;
  return text.slice(0, at) + '9' + text.slice(at + 1);
}

const cases: { name: string; scenario: () => Promise<Record<string, object>> }[] = [
  {
    name: 'a document after validation, hover, completion and references',
    scenario: async () => {
      const doc = parseDocument(EXAMPLE, 'haproxy');
      validate(doc, SETTINGS);
      const line = EXAMPLE.split('\n').findIndex((l) => /^\s+timeout client/.test(l));
      hover(doc, { line, character: 6 }, SETTINGS);
      complete(doc, { line, character: 4 }, SETTINGS);
      findReferences(doc, { line: 0, character: 1 }, true);
      const sections = doc.haproxy!.sections.map((section, i) => [`section ${i} (${section.kind})`, section] as const);
      return { document: doc, tree: doc.haproxy!, ...Object.fromEntries(sections) };
    },
  },
  {
    name: 'an edited document and the parse it was made from',
    scenario: async () => {
      const first = parseDocument(EXAMPLE, 'haproxy');
      validate(first, SETTINGS);
      const second = reparseDocument(first, edited(EXAMPLE), 'haproxy');
      validate(second, SETTINGS);
      return { first: first.haproxy!, second: second.haproxy! };
    },
  },
  {
    name: 'the parse an edit was made from, once the edit is checked and settled',
    scenario: async () => {
      const first = parseDocument(EXAMPLE, 'haproxy');
      validate(first, SETTINGS);
      const second = reparseDocument(first, edited(EXAMPLE), 'haproxy');
      validate(second, SETTINGS);
      forgetPreviousParse(second.haproxy!);
      kept.push(second);
      return { first: first.haproxy! };
    },
  },
  {
    name: 'a closed document of a deployment',
    scenario: async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'hb-retention-'));
      const file = path.join(folder, 'haproxy.cfg');
      const uri = pathToFileURL(file).href;
      const open = new Map<string, OpenMember>();
      const workspace = new DeploymentWorkspace({
        openDocument: (f) => open.get(f),
        openFiles: () => [...open.keys()],
        uriOf: (f) => pathToFileURL(f).href,
        configFor: async () => undefined,
        note: () => undefined,
      });
      let doc: ParsedDocument | undefined = parseDocument(EXAMPLE, 'haproxy');
      open.set(file, { uri, role: 'haproxy', document: doc });
      const deployments = await workspace.deploymentsFor(file);
      assert.equal(deployments.length, 1, 'the open document makes a deployment');
      await workspace.findingsFor(file, uri, async () => SETTINGS);
      const released = { document: doc, tree: doc.haproxy!, deployment: deployments[0] };
      doc = undefined;
      // What the server does when the client closes the document.
      open.delete(file);
      workspace.documentClosed(uri);
      // The workspace itself lives on, as it does in the server.
      kept.push(workspace);
      return released;
    },
  },
];

/** What a case keeps on purpose, as the server would. */
const kept: object[] = [];

for (const c of cases) test(`released: ${c.name}`, () => assertReleased(c.scenario));
