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
import undefinedAcl from './undefined-acl';
import undefinedBackend from './undefined-backend';
import unknownKeyword from './unknown-keyword';
import unknownProperty from './unknown-property';
import unusedAcl from './unused-acl';
import unusedBackend from './unused-backend';
import weakTlsVersion from './weak-tls-version';
import backendPortMismatch from './backend-port-mismatch';
import forwardforMissing from './forwardfor-missing';
import healthCheckPath from './health-check-path';
import legacyServerXml from './legacy-server-xml';
import proxyNameMismatch from './proxy-name-mismatch';
import proxyPortMismatch from './proxy-port-mismatch';
import schemeMismatch from './scheme-mismatch';
import secureFlagMismatch from './secure-flag-mismatch';
import invalidArgument from './invalid-argument';
import deprecatedKeyword from './deprecated-keyword';
import invalidValue from './invalid-value';
import websudoDisabled from './websudo-disabled';
import allowlistAllowsAll from './allowlist-allows-all';
import keystoreDefaultPassword from './keystore-default-password';
import plaintextPassword from './plaintext-password';

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
  undefinedAcl,
  undefinedBackend,
  unknownKeyword,
  unknownProperty,
  unusedAcl,
  unusedBackend,
  weakTlsVersion,
  backendPortMismatch,
  forwardforMissing,
  healthCheckPath,
  legacyServerXml,
  proxyNameMismatch,
  proxyPortMismatch,
  schemeMismatch,
  secureFlagMismatch,
  invalidArgument,
  deprecatedKeyword,
  invalidValue,
  websudoDisabled,
  allowlistAllowsAll,
  keystoreDefaultPassword,
  plaintextPassword,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));

/** Rule id used for a rule that threw: the document still gets the other rules' findings. */
export const INTERNAL_ERROR_RULE = 'internal-error';
