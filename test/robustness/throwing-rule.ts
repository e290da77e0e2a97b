/**
 * Preloaded with `node --require` into the compiled (unbundled) language server by the
 * containment test: makes the time-unit rule throw on every document it checks.
 */
import { rulesById } from '../../server/src/rules';

const rule = rulesById.get('time-unit');
if (!rule) throw new Error('time-unit rule not found');
rule.check = () => {
  throw new Error('deliberate failure for the containment test');
};
