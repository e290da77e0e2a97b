import type { Fix, Severity } from '../common/types';
import type { Section, Statement, Word } from '../haproxy/ast';
import { BIND_OPTIONS_WITH_ARGUMENT, SERVER_OPTIONS_WITH_ARGUMENT, isDynamic, optionTakesArgument } from '../haproxy/values';
import { STATEMENT_UNCHECKED, editDistance, firstWordBit, normaliseVersion, statementIndex, versionOrder, type KeywordInfo } from '../facts/haproxy';
import {
  actionRuleSets,
  actionsOf,
  isKnownAction,
  atol,
  balanceAlgorithms,
  httpMethods,
  isStrictInteger,
  keywordArguments,
  lineOptionType,
  logFacilities,
  logLevels,
  logOptionWords,
  logOptionWordSince,
  optionTakesNoArgument,
  parseSize,
  valueInVersion,
  valueVersions,
  type EnumType,
  type IntegerType,
  type SizeType,
  type ValueType,
} from '../facts/arguments';
import { defineRule, type RuleContext } from './rule';

/** Lines with options whose values are checked (see checkLineOptions). */
const OPTION_LINES = firstWordBit(['bind', 'server', 'default-server', 'server-template', 'ssl-default-bind-options', 'ssl-default-server-options']);

/** Whether anything below looks at a keyword's arguments, by keyword (most keywords: no). */
const keywordChecked = new Map<KeywordInfo, boolean>();

function checksKeyword(info: KeywordInfo): boolean {
  let checked = keywordChecked.get(info);
  if (checked === undefined) {
    const name = info.name;
    checked =
      keywordArguments(name) !== undefined ||
      optionTakesNoArgument(name) ||
      name === 'balance' ||
      name === 'log' ||
      name === 'option httpchk' ||
      actionRuleSets().includes(name);
    keywordChecked.set(info, checked);
  }
  return checked;
}

/** What the checks of one statement share. */
interface Check {
  ctx: RuleContext;
  statement: Statement;
  /** Normalised target version, if any. */
  target?: string;
}

function replaceFix(word: Word, text: string, title = `Write '${text}'`): Fix {
  return { title, edits: [{ range: word.range, newText: text }], preferred: true };
}

/** Version findings inside `.if` blocks are only warnings: the block may keep the line from that version. */
function versionSeverity(check: Check): Severity {
  return check.statement.conditionalDepth > 0 ? 'warning' : 'error';
}

function quoteList(values: string[], max = 10): string {
  const shown = values.slice(0, max).map((v) => `'${v}'`);
  if (values.length > max) return `${shown.join(', ')}, ...`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/**
 * The candidate closest to `word` when exactly one is closest and it is within `max`
 * edits; undefined when none is close or several tie ('TLSv1.4' is as close to 'TLSv1.3'
 * as to 'TLSv1.0', and guessing would be poor advice).
 */
function suggest(word: string, candidates: readonly string[], max: number): string | undefined {
  let best: string | undefined;
  let bestDistance = max + 1;
  let ties = 0;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate, max);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      ties = 1;
    } else if (d === bestDistance) {
      ties++;
    }
  }
  return bestDistance <= max && ties === 1 ? best : undefined;
}

/** Skip words HAProxy only fills in at run time. */
function unreadable(word: Word): boolean {
  return isDynamic(word);
}

// ---------------------------------------------------------------------------------------
// Values

function checkEnum(check: Check, word: Word, type: EnumType, label: string): void {
  const text = word.text;
  const exact = type.values.find((v) => v.value === text);
  if (exact) {
    if (check.target && !valueInVersion(exact, check.target)) {
      const versions = valueVersions(exact);
      const newer = versions.length > 0 && versionOrder(versions[0]) > versionOrder(check.target);
      check.ctx.report({
        range: word.range,
        severity: versionSeverity(check),
        message: newer
          ? `'${text}' for '${label}' needs a newer HAProxy than ${check.target} (supported versions that accept it: ${versions.join(', ')}).`
          : `'${text}' for '${label}' is no longer accepted by HAProxy ${check.target} (supported versions that accept it: ${versions.join(', ')}).`,
      });
    }
    return;
  }
  const advice = type.removed?.[text];
  if (advice) {
    check.ctx.report({ range: word.range, message: `${advice}.` });
    return;
  }
  const allowed = type.values.filter((v) => valueInVersion(v, check.target)).map((v) => v.value);
  const sameCase = allowed.find((v) => v.toLowerCase() === text.toLowerCase());
  if (sameCase) {
    check.ctx.report({
      range: word.range,
      message: `HAProxy matches '${label}' values case-sensitively, so it refuses '${text}'; write '${sameCase}'.`,
      fixes: [replaceFix(word, sameCase)],
    });
    return;
  }
  const guess = suggest(text, allowed, text.length <= 4 ? 1 : 2);
  check.ctx.report({
    range: word.range,
    message:
      `'${text}' is not a value '${label}' accepts` +
      (guess ? `; did you mean '${guess}'?` : `: use ${quoteList(allowed)}.`),
    fixes: guess ? [replaceFix(word, guess)] : [],
  });
}

/** What HAProxy requires of the value, as a phrase after 'HAProxy' or 'it'; undefined when the value is fine. */
function rangeProblem(value: number, type: IntegerType | SizeType): string | undefined {
  const min = type.min;
  const max = type.kind === 'integer' ? type.max : undefined;
  if (type.kind === 'integer' && type.nonZero && value === 0) return 'refuses 0 here';
  if (min !== undefined && max !== undefined && (value < min || value > max)) return `accepts ${min} to ${max}`;
  if (min !== undefined && value < min) return min === 1 ? 'needs a value above 0' : `needs at least ${min}`;
  if (max !== undefined && value > max) return `accepts at most ${max}`;
  return undefined;
}

const SUFFIX = /^(\d+)([kKmMgG])$/;

function checkInteger(check: Check, word: Word, type: IntegerType, label: string): void {
  const text = word.text;
  if (type.parse === 'strict') {
    if (!isStrictInteger(text)) {
      check.ctx.report({ range: word.range, message: `'${label}' takes a whole number, not '${text}'.` });
      return;
    }
    const problem = rangeProblem(Number(text), type);
    if (problem) check.ctx.report({ range: word.range, message: `${text} is out of range for '${label}': HAProxy ${problem}.` });
    return;
  }
  const reading = atol(text);
  const problem = rangeProblem(reading.value, type);
  if (reading.read === text.length) {
    if (problem) check.ctx.report({ range: word.range, message: `${text} is out of range for '${label}': HAProxy ${problem}.` });
    return;
  }
  const read = reading.read === 0 ? '0' : text.slice(0, reading.read).trim();
  const how = `HAProxy reads '${text}' as ${read}`;
  if (problem) {
    check.ctx.report({ range: word.range, message: `'${label}' takes a whole number: ${how}, and it ${problem}.` });
    return;
  }
  const message = SUFFIX.test(text)
    ? `'${label}' takes a plain number without a k/m/g suffix: ${how}. Write the whole number instead.`
    : reading.read === 0
      ? `'${label}' takes a whole number: ${how}.`
      : `'${label}' takes a whole number: ${how} and ignores '${text.slice(reading.read)}'.`;
  check.ctx.report({ range: word.range, severity: 'warning', message });
}

function expandSize(text: string): string | undefined {
  const m = SUFFIX.exec(text);
  if (!m) return undefined;
  return String(parseSize(text).value);
}

function checkSize(check: Check, word: Word, type: SizeType, label: string): void {
  const text = word.text;
  const older = type.suffixSince !== undefined && (check.target === undefined || versionOrder(check.target) < versionOrder(type.suffixSince));
  if (older) {
    const expanded = expandSize(text);
    if (expanded !== undefined) {
      const fixes = [replaceFix(word, expanded)];
      if (check.target) {
        check.ctx.report({
          range: word.range,
          severity: 'warning',
          message: `HAProxy ${check.target} reads '${text}' for '${label}' as ${atol(text).value}: size suffixes are only understood from ${type.suffixSince} on. Write ${expanded}.`,
          fixes,
        });
      } else {
        check.ctx.report({
          range: word.range,
          severity: 'warning',
          message: `HAProxy versions before ${type.suffixSince} read '${text}' for '${label}' as ${atol(text).value}; write ${expanded} to get the same size everywhere.`,
          fixes,
        });
      }
      return;
    }
    if (check.target) {
      checkInteger(check, word, { kind: 'integer', parse: 'atol', ...(type.min !== undefined ? { min: type.min } : {}) }, label);
      return;
    }
  }
  const reading = parseSize(text);
  if (reading.badAt !== undefined) {
    const bad = text.slice(reading.badAt, reading.badAt + 1);
    check.ctx.report({
      range: word.range,
      message:
        reading.badAt === 0
          ? `'${label}' takes a size (a number, optionally followed by k, m or g), not '${text}'.`
          : `'${text}' is not a size HAProxy reads for '${label}': '${bad}' is not a unit (use k, m or g).`,
    });
    return;
  }
  const problem = rangeProblem(reading.value, type);
  if (problem) check.ctx.report({ range: word.range, message: `${text} is out of range for '${label}': HAProxy ${problem}.` });
}

function checkValue(check: Check, word: Word, type: ValueType, label: string): void {
  if (unreadable(word)) return;
  if (type.kind === 'enum') checkEnum(check, word, type, label);
  else if (type.kind === 'integer') checkInteger(check, word, type, label);
  else checkSize(check, word, type, label);
}

// ---------------------------------------------------------------------------------------
// Keywords with a known argument list

function countPhrase(n: number): string {
  return n === 0 ? 'no argument' : n === 1 ? 'one argument' : `${n} arguments`;
}

function checkKeyword(check: Check, name: string, words: Word[], argsStart: number): void {
  const spec = keywordArguments(name);
  if (!spec) return;
  for (let i = argsStart; i < words.length; i++) if (unreadable(words[i])) return;
  const count = words.length - argsStart;
  if (spec.min !== undefined && count < spec.min) {
    const first = spec.args[0];
    const what =
      first?.kind === 'enum'
        ? ` (${quoteList(first.values.filter((v) => valueInVersion(v, check.target)).map((v) => v.value))})`
        : first?.kind === 'integer'
          ? ' (a number)'
          : first?.kind === 'size'
            ? ' (a size)'
            : '';
    check.ctx.report({
      range: check.ctx.source.range(words[0].start, words[argsStart - 1].end),
      message: `'${name}' needs ${spec.min === 1 ? 'an argument' : `${spec.min} arguments`}${what}, and HAProxy refuses the line without it.`,
    });
    return;
  }
  if (spec.max !== undefined && count > spec.max) {
    const extra = words[argsStart + spec.max];
    check.ctx.report({
      range: check.ctx.source.range(extra.start, words[words.length - 1].end),
      message: `'${name}' takes ${spec.max === 1 ? 'a single argument' : `at most ${countPhrase(spec.max)}`}; HAProxy refuses the extra '${extra.text}'.`,
    });
  }
  for (let i = 0; i < count; i++) {
    if (spec.max !== undefined && i >= spec.max) break;
    const type = spec.args[i] ?? (spec.repeat ? spec.args[spec.args.length - 1] : undefined);
    if (type) checkValue(check, words[argsStart + i], type, name);
  }
  if (spec.options) {
    for (let i = 0; i < count - 1; i++) {
      const word = words[argsStart + i];
      const type = spec.options[word.text];
      if (type) {
        checkValue(check, words[argsStart + i + 1], type, `${name} ${word.text}`);
        i++;
      }
    }
  }
}

function checkNoArgumentOption(check: Check, name: string, words: Word[], argsStart: number): void {
  if (!optionTakesNoArgument(name) || words.length <= argsStart) return;
  const extra = words[argsStart];
  if (unreadable(extra)) return;
  const start = words[argsStart - 1].end;
  check.ctx.report({
    range: check.ctx.source.range(extra.start, words[words.length - 1].end),
    message: `'${name}' takes no argument; HAProxy refuses the line because of '${extra.text}'.`,
    fixes: [
      {
        title: `Remove the words after '${name}'`,
        edits: [{ range: check.ctx.source.range(start, words[words.length - 1].end), newText: '' }],
        preferred: true,
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------
// balance

function checkBalance(check: Check, words: Word[]): void {
  const algoWord = words[1];
  if (!algoWord || unreadable(algoWord)) return;
  // `name` or `name(param)`; without a parenthesis the whole word is the name.
  const m = algoWord.text.includes('(') ? /^([^(]*)(?:\((.*)\))?$/.exec(algoWord.text) : undefined;
  const name = m ? m[1] : algoWord.text;
  const param = m ? m[2] : undefined;
  const algorithms = balanceAlgorithms();
  const algo = algorithms.find((a) => a.name === name);
  if (!algo) {
    const known = algorithms.filter((a) => valueInVersion(a, check.target)).map((a) => a.name);
    const lower = known.find((a) => a.toLowerCase() === name.toLowerCase());
    const guess = lower ?? suggest(name, known, name.length <= 4 ? 1 : 2);
    const replacement = guess ? `${guess}${param !== undefined ? `(${param})` : ''}` : undefined;
    check.ctx.report({
      range: algoWord.range,
      message:
        `'${name}' is not a load-balancing algorithm HAProxy knows` +
        (guess ? `; did you mean '${guess}'?` : `: use ${quoteList(known, 13)}.`),
      fixes: replacement ? [replaceFix(algoWord, replacement)] : [],
    });
    return;
  }
  if (check.target && !valueInVersion(algo, check.target)) {
    check.ctx.report({
      range: algoWord.range,
      severity: versionSeverity(check),
      message: `'balance ${name}' needs a newer HAProxy than ${check.target} (supported versions that have it: ${valueVersions(algo).join(', ')}).`,
    });
    return;
  }
  if (algo.param === 'required' && !param) {
    check.ctx.report({
      range: algoWord.range,
      message: `'balance ${name}' needs the name in parentheses, as in '${name}(host)'; HAProxy refuses it alone.`,
    });
    return;
  }
  if (name === 'random' && param !== undefined) {
    if (!/^\d+$/.test(param)) {
      check.ctx.report({ range: algoWord.range, message: `'random(${param})' needs a number of draws in the parentheses, such as random(2).` });
      return;
    }
    if (Number(param) < 1) {
      check.ctx.report({ range: algoWord.range, message: `'random(${param})' needs at least one draw.` });
      return;
    }
  }
  if (algo.needsArgument && words.length < 3) {
    check.ctx.report({ range: algoWord.range, message: `'balance ${name}' needs ${algo.needsArgument} after it.` });
    return;
  }
  if (name === 'uri' && algo.words) {
    for (let i = 2; i < words.length; i++) {
      const w = words[i];
      if (unreadable(w)) return;
      if (!(w.text in algo.words)) {
        const allowed = Object.keys(algo.words);
        const guess = suggest(w.text, allowed, 2);
        check.ctx.report({
          range: w.range,
          message: `'balance uri' accepts only ${quoteList(allowed)} after it, not '${w.text}'` + (guess ? `; did you mean '${guess}'?` : '.'),
          fixes: guess ? [replaceFix(w, guess)] : [],
        });
        return;
      }
      if (algo.words[w.text]) i++;
    }
  }
}

// ---------------------------------------------------------------------------------------
// log <target> [options] <facility> [<level> [<minlevel>]]

function checkLog(check: Check, words: Word[], argsStart: number): void {
  const target = words[argsStart];
  if (!target || target.text === 'global' || words.slice(argsStart).some(unreadable)) return;
  const options = logOptionWords();
  let i = argsStart + 1;
  while (i < words.length && options.has(words[i].text)) {
    const type = options.get(words[i].text)!;
    const since = logOptionWordSince(words[i].text);
    if (since && check.target && versionOrder(check.target) < versionOrder(since)) {
      check.ctx.report({
        range: words[i].range,
        severity: versionSeverity(check),
        message: `'${words[i].text}' on a 'log' line needs HAProxy ${since} or newer; HAProxy ${check.target} takes it for the facility and refuses the line.`,
      });
      return;
    }
    const value = words[i + 1];
    if (value && type !== true) checkValue(check, value, type, `log ${words[i].text}`);
    i += 2;
  }
  const facility = words[i];
  if (!facility) {
    check.ctx.report({
      range: check.ctx.source.range(words[0].start, words[words.length - 1].end),
      message: `'log ${target.text}' needs a syslog facility (such as local0) after the target and its options; HAProxy refuses the line without it.`,
    });
    return;
  }
  checkValue(check, facility, { kind: 'enum', values: logFacilities().map((value) => ({ value })) }, 'log facility');
  const levels = { kind: 'enum' as const, values: logLevels().map((value) => ({ value })) };
  for (const level of words.slice(i + 1, i + 3)) checkValue(check, level, levels, 'log level');
  const extra = words[i + 3];
  if (extra) {
    check.ctx.report({
      range: check.ctx.source.range(extra.start, words[words.length - 1].end),
      message: `A 'log' line ends after the facility and up to two levels; HAProxy refuses the extra '${extra.text}'.`,
    });
  }
}

// ---------------------------------------------------------------------------------------
// option httpchk [<method>] [<uri>] [<version>]

function checkHttpchk(check: Check, words: Word[], argsStart: number): void {
  const args = words.slice(argsStart);
  if (args.length === 0 || args.some(unreadable)) return;
  const methods = httpMethods();
  if (args.length === 1) {
    const only = args[0];
    if (methods.includes(only.text.toUpperCase()) && !only.text.startsWith('/')) {
      check.ctx.report({
        range: only.range,
        severity: 'warning',
        message: `With a single argument, 'option httpchk' reads it as the URI: HAProxy would send 'OPTIONS ${only.text} HTTP/1.0'. Write 'option httpchk ${only.text.toUpperCase()} /' to send a ${only.text.toUpperCase()} request for /.`,
        fixes: [
          {
            title: `Write 'option httpchk ${only.text.toUpperCase()} /'`,
            edits: [{ range: only.range, newText: `${only.text.toUpperCase()} /` }],
            preferred: true,
          },
        ],
      });
    }
    return;
  }
  if (args.length > 3) {
    const extra = args[3];
    check.ctx.report({
      range: check.ctx.source.range(extra.start, args[args.length - 1].end),
      message: `'option httpchk' takes at most a method, a URI and an HTTP version; HAProxy refuses the extra '${extra.text}'. Send headers such as Host with 'http-check send' instead.`,
    });
  }
  const [method, uri] = args;
  if (!methods.includes(method.text) && methods.includes(method.text.toUpperCase())) {
    const upper = method.text.toUpperCase();
    check.ctx.report({
      range: method.range,
      severity: 'warning',
      message: `HTTP methods are case-sensitive: HAProxy sends '${method.text}' as written and most servers answer such a check with an error. Write '${upper}'.`,
      fixes: [replaceFix(method, upper)],
    });
  }
  if (uri && !uri.text.startsWith('/') && uri.text !== '*' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri.text)) {
    check.ctx.report({
      range: uri.range,
      severity: 'warning',
      message: `The health-check URI '${uri.text}' does not start with '/'; most servers reject such a request line. Write '/${uri.text}'.`,
      fixes: [replaceFix(uri, `/${uri.text}`)],
    });
  }
}

// ---------------------------------------------------------------------------------------
// http-request / http-response / http-after-response actions

function checkAction(check: Check, ruleSet: string, words: Word[], argsStart: number): void {
  const actionWord = words[argsStart];
  if (!actionWord || unreadable(actionWord)) return;
  const text = actionWord.text;
  if (text.startsWith('lua.')) return;
  const known = actionsOf(ruleSet);
  if (known.length === 0) return;
  const bare = text.includes('(') ? text.slice(0, text.indexOf('(')) : text;
  if (isKnownAction(ruleSet, text, bare)) return;
  const names = known.map((a) => a.name);
  const guess = suggest(bare, names, 2);
  const replacement = guess ? guess + text.slice(bare.length) : undefined;
  const fixes = replacement ? [replaceFix(actionWord, replacement)] : [];
  if (check.target === '2.6') {
    check.ctx.report({
      range: actionWord.range,
      message:
        `'${bare}' is not an action HAProxy 2.6 accepts after '${ruleSet}'` +
        (guess ? `; did you mean '${guess}'?` : '.'),
      fixes,
    });
    return;
  }
  if (guess) {
    check.ctx.report({
      range: actionWord.range,
      severity: 'warning',
      message: `'${bare}' is not an action we know for '${ruleSet}'; did you mean '${guess}'? (Checked against the actions of HAProxy 2.6; newer versions add a few.)`,
      fixes,
    });
  }
}

// ---------------------------------------------------------------------------------------
// Options on bind, server and ssl-default-*-options lines

function checkLineOptions(check: Check, words: Word[]): void {
  const kw = words[0].text;
  let line: 'bind' | 'server' | 'global' | undefined;
  let from = 0;
  if (kw === 'bind') [line, from] = ['bind', 2];
  else if (kw === 'server') [line, from] = ['server', 3];
  else if (kw === 'default-server') [line, from] = ['server', 1];
  else if (kw === 'server-template') [line, from] = ['server', 4];
  else if ((kw === 'ssl-default-bind-options' || kw === 'ssl-default-server-options') && check.statement.section?.kind === 'global')
    [line, from] = ['global', 1];
  if (!line) return;
  const withArgument = line === 'bind' || line === 'global' ? BIND_OPTIONS_WITH_ARGUMENT : SERVER_OPTIONS_WITH_ARGUMENT;
  for (let i = from; i < words.length; ) {
    const option = words[i];
    const takes = optionTakesArgument(option.text, withArgument);
    const value = takes ? words[i + 1] : undefined;
    i += takes ? 2 : 1;
    const type = lineOptionType(line, option.text);
    if (!type) continue;
    if (!value) {
      check.ctx.report({ range: option.range, message: `'${option.text}' needs a value after it; HAProxy refuses the line without one.` });
      continue;
    }
    checkValue(check, value, type, option.text);
  }
}

// ---------------------------------------------------------------------------------------
// Proxy headers: <kind> <name> [from <defaults>]

function checkProxyHeader(ctx: RuleContext, section: Section): void {
  if (section.kind !== 'frontend' && section.kind !== 'listen' && section.kind !== 'backend') return;
  const words = section.header.words;
  if (words.length < 3 || words.some((w) => w.hasVariable)) return;
  const extra = words[2].text === 'from' ? words[4] : words[2];
  if (!extra) return;
  const range = ctx.source.range(extra.start, words[words.length - 1].end);
  if (words[2].text !== 'from' && section.kind !== 'backend') {
    ctx.report({
      range,
      message: `HAProxy refuses '${extra.text}' on the '${section.kind}' line: listening addresses go on a 'bind' line inside the section (for example 'bind ${extra.text}').`,
    });
    return;
  }
  ctx.report({
    range,
    message: `A '${section.kind}' line takes only a name and an optional 'from <defaults>'; HAProxy refuses the extra '${extra.text}' and the whole section with it.`,
  });
}

export default defineRule({
  meta: {
    id: 'invalid-argument',
    description: 'Keyword and option arguments HAProxy refuses or misreads: unknown values, numbers, sizes, argument counts.',
    defaultSeverity: 'error',
    fixable: true,
    languages: ['haproxy'],
  },
  check(ctx) {
    const config = ctx.haproxy;
    if (!config) return;
    const target = normaliseVersion(ctx.settings.haproxyVersion);
    for (let k = 0; k < config.sections.length; k++) checkProxyHeader(ctx, config.sections[k]);
    // One Check for the run: the checks below read it and keep nothing of it.
    const check: Check = { ctx, statement: config.statements[0], target };
    const ruleSets = actionRuleSets();
    const { statements, flags, keywords } = statementIndex(config);
    for (let n = 0; n < statements.length; n++) {
      // Statements without words or whose first word holds a variable, and those with
      // neither options nor a keyword whose arguments are checked: nothing to look at.
      if (flags[n] & STATEMENT_UNCHECKED) continue;
      const hasOptions = (flags[n] & OPTION_LINES) !== 0;
      const match = keywords[n];
      const checked = match !== undefined && checksKeyword(match.info);
      if (!hasOptions && !checked) continue;
      const statement = statements[n];
      // Section headers, and statements outside any section.
      if (!statement.section || statement.section.header === statement) continue;
      const words = statement.words;
      check.statement = statement;
      if (hasOptions) checkLineOptions(check, words);
      if (!match || !checked) continue;
      const name = match.info.name;
      const argsStart = match.wordCount;
      if (words[0].text === 'no' || words[0].text === 'default') {
        if (name === 'log') continue;
        checkNoArgumentOption(check, name, words, argsStart);
        continue;
      }
      checkKeyword(check, name, words, argsStart);
      checkNoArgumentOption(check, name, words, argsStart);
      if (name === 'balance') checkBalance(check, words);
      else if (name === 'log') checkLog(check, words, argsStart);
      else if (name === 'option httpchk') checkHttpchk(check, words, argsStart);
      else if (ruleSets.includes(name)) checkAction(check, name, words, argsStart);
    }
  },
});
