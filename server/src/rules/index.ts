import type { Rule } from './rule';
import bindSslWithoutCrt from './bind-ssl-without-crt';
import booleanValue from './boolean-value';
import contextPathFormat from './context-path-format';
import contextPathMismatch from './context-path-mismatch';
import duplicateName from './duplicate-name';
import duplicateProperty from './duplicate-property';
import inlineComment from './inline-comment';
import ipPattern from './ip-pattern';
import keywordSection from './keyword-section';
import missingSslDefaultBindOptions from './missing-ssl-default-bind-options';
import missingTimeouts from './missing-timeouts';
import portRange from './port-range';
import quotedValue from './quoted-value';
import rootContextPath from './root-context-path';
import syntaxError from './syntax-error';
import timeUnit from './time-unit';
import undefinedBackend from './undefined-backend';
import unknownKeyword from './unknown-keyword';
import unknownProperty from './unknown-property';
import weakTlsVersion from './weak-tls-version';

/** Every rule, in the order their findings are reported. */
export const rules: readonly Rule[] = [
  bindSslWithoutCrt,
  booleanValue,
  contextPathFormat,
  contextPathMismatch,
  duplicateName,
  duplicateProperty,
  inlineComment,
  ipPattern,
  keywordSection,
  missingSslDefaultBindOptions,
  missingTimeouts,
  portRange,
  quotedValue,
  rootContextPath,
  syntaxError,
  timeUnit,
  undefinedBackend,
  unknownKeyword,
  unknownProperty,
  weakTlsVersion,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));

/** Rule id used for a rule that threw: the document still gets the other rules' findings. */
export const INTERNAL_ERROR_RULE = 'internal-error';
