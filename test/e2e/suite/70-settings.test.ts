import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, extension, openDocument, rangeIn, waitForDiagnostics } from './helpers';

const SECTION = 'haproxyBitbucket';
const RULE = 'time-unit';

/** The setting keys the manifest declares, e.g. `haproxyBitbucket.rules.time-unit`. */
function declaredSettings(): Set<string> {
  const configuration = extension().packageJSON.contributes?.configuration;
  const blocks = (Array.isArray(configuration) ? configuration : configuration ? [configuration] : []) as {
    properties?: Record<string, unknown>;
  }[];
  return new Set(blocks.flatMap((b) => Object.keys(b.properties ?? {})));
}

/** Sets a rule's severity in the user settings (the test host's user folder is temporary).
 * `undefined` removes the setting. Works whether the manifest declares one setting per rule
 * or a single `rules` object. */
async function setRuleSeverity(rule: string, value: string | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const declared = declaredSettings();
  if (declared.has(`${SECTION}.rules.${rule}`)) {
    await config.update(`rules.${rule}`, value, vscode.ConfigurationTarget.Global);
  } else if (declared.has(`${SECTION}.rules`)) {
    const current = { ...(config.inspect<Record<string, string>>('rules')?.globalValue ?? {}) };
    if (value === undefined) delete current[rule];
    else current[rule] = value;
    await config.update('rules', Object.keys(current).length ? current : undefined, vscode.ConfigurationTarget.Global);
  } else {
    assert.fail(`the manifest declares neither ${SECTION}.rules.${rule} nor ${SECTION}.rules`);
  }
}

describe('rule severity settings', () => {
  after(async () => {
    await setRuleSeverity(RULE, undefined);
  });

  it(`declares a setting for ${RULE}`, () => {
    const declared = declaredSettings();
    assert.ok(declared.has(`${SECTION}.rules.${RULE}`) || declared.has(`${SECTION}.rules`), [...declared].join(', '));
  });

  it('changes the published severity, and "off" removes the diagnostic', async () => {
    const doc = await openDocument('haproxy.cfg');
    const range = rangeIn(doc, 'timeout client 50x', 'x');
    const severityOf = (ds: vscode.Diagnostic[]) => ds.find((d) => codeOf(d) === RULE && d.range.isEqual(range))?.severity;
    const { Error, Warning, Information, Hint } = vscode.DiagnosticSeverity;

    await waitForDiagnostics(doc.uri, `${RULE} as an error (its default)`, (ds) => severityOf(ds) === Error);

    const steps: [string, vscode.DiagnosticSeverity][] = [
      ['warning', Warning],
      ['info', Information],
      ['hint', Hint],
      ['error', Error],
    ];
    for (const [setting, severity] of steps) {
      await setRuleSeverity(RULE, setting);
      await waitForDiagnostics(doc.uri, `${RULE} with severity ${setting}`, (ds) => severityOf(ds) === severity);
    }

    await setRuleSeverity(RULE, 'off');
    const rest = await waitForDiagnostics(doc.uri, `${RULE} to disappear when off`, (ds) => !ds.some((d) => codeOf(d) === RULE));
    // Only that rule is silenced.
    assert.ok(rest.some((d) => codeOf(d) === 'unknown-keyword'), 'the other findings stay');

    await setRuleSeverity(RULE, undefined);
    await waitForDiagnostics(doc.uri, `${RULE} back at its default`, (ds) => severityOf(ds) === Error);
  });
});
