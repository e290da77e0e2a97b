import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  actionsOf,
  atol,
  balanceAlgorithms,
  firstArgumentChoices,
  isStrictInteger,
  keywordArguments,
  lineOptionType,
  logOptionWords,
  optionTakesNoArgument,
  parseSize,
  valueInVersion,
  valueVersions,
} from '../../server/src/facts/arguments';

test('atol reads the leading number the way C does', () => {
  assert.deepEqual(atol('10k'), { value: 10, read: 2 });
  assert.deepEqual(atol('abc'), { value: 0, read: 0 });
  assert.deepEqual(atol('-5x'), { value: -5, read: 2 });
  assert.deepEqual(atol('4096'), { value: 4096, read: 4 });
  assert.ok(isStrictInteger('-12') && !isStrictInteger('4x') && !isStrictInteger(''));
});

test('parseSize follows parse_size_err: k, m, g in either case', () => {
  assert.deepEqual(parseSize('16k'), { value: 16384 });
  assert.deepEqual(parseSize('1M'), { value: 1048576 });
  assert.deepEqual(parseSize('2g'), { value: 2 * 1024 ** 3 });
  assert.deepEqual(parseSize('16x'), { value: 16, badAt: 2 });
  assert.deepEqual(parseSize('x'), { value: 0, badAt: 0 });
  assert.deepEqual(parseSize('1kb'), { value: 1024, badAt: 2 });
});

test('version ranges of values', () => {
  assert.ok(valueInVersion({}, '2.4'));
  assert.ok(!valueInVersion({ since: '3.0' }, '2.6'));
  assert.ok(valueInVersion({ since: '3.0' }, undefined));
  assert.ok(!valueInVersion({ until: '2.6' }, '2.8'));
  assert.deepEqual(valueVersions({ since: '3.2' }), ['3.2', '3.5-dev']);
});

test('keyword argument specs resolve named types', () => {
  const mode = keywordArguments('mode')!;
  assert.equal(mode.min, 1);
  assert.equal(mode.max, 1);
  assert.equal(mode.args[0].kind, 'enum');
  assert.deepEqual(firstArgumentChoices('mode', '2.6'), ['tcp', 'http']);
  assert.deepEqual(firstArgumentChoices('mode', undefined), ['tcp', 'http', 'log', 'spop']);
  assert.equal(firstArgumentChoices('maxconn', undefined), undefined);
  assert.equal(firstArgumentChoices('no-such-keyword', undefined), undefined);
  assert.equal(keywordArguments('tune.bufsize')!.args[0].kind, 'size');
  assert.ok(keywordArguments('stick-table')!.options!.size);
  assert.ok(optionTakesNoArgument('option dontlognull'));
  assert.ok(!optionTakesNoArgument('option httplog'));
  assert.equal(lineOptionType('bind', 'verify')?.kind, 'enum');
  assert.equal(lineOptionType('server', 'weight')?.kind, 'integer');
  assert.equal(lineOptionType('global', 'ssl-min-ver')?.kind, 'enum');
  assert.equal(lineOptionType('bind', 'crt'), undefined);
});

test('balance, log and action tables', () => {
  assert.ok(balanceAlgorithms().some((a) => a.name === 'hash' && a.since === '2.6'));
  assert.equal(logOptionWords().get('sample'), true);
  assert.equal((logOptionWords().get('len') as { kind: string }).kind, 'integer');
  assert.ok(actionsOf('http-request').some((a) => a.name === 'set-header'));
  assert.deepEqual(actionsOf('no-such-rule-set'), []);
});
