import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { extension, openDocument, ours, summariseAll, waitFor } from './helpers';

// Runs first, in a fresh window: opening haproxy.cfg is what activates the extension.
describe('activation', () => {
  it('activates on haproxy.cfg and publishes the first diagnostics', async () => {
    const ext = extension();
    const activeBefore = ext.isActive;
    const opened = performance.now();
    const doc = await openDocument('haproxy.cfg');
    await ext.activate();
    const activated = performance.now();
    await waitFor('the first diagnostics on haproxy.cfg', () => ours(doc.uri).length > 0, {
      describe: () => summariseAll(doc.uri),
    });
    const diagnosed = performance.now();
    const ms = (n: number) => `${Math.round(n)} ms`;
    console.log(
      `      timing: ${activeBefore ? 'extension was already active' : `active ${ms(activated - opened)} after opening haproxy.cfg`}; ` +
        `first diagnostics ${ms(diagnosed - activated)} after activation (${ms(diagnosed - opened)} after opening)`,
    );
    assert.equal(ext.isActive, true);
  });
});
