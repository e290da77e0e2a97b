/**
 * The argument types HAProxy fixes for keywords and line options (arguments.json, written
 * by hand and checked against haproxy -c), and how HAProxy reads integers and sizes.
 * Used by the invalid-argument rule; everything here is pure.
 */
import argumentsFile from './arguments.json';
import dumpFile from './data/haproxy-dump-2.6.json';
import { SUPPORTED_VERSIONS, versionOrder } from './haproxy';

export interface EnumValue {
  value: string;
  since?: string;
  until?: string;
}

export interface EnumType {
  kind: 'enum';
  values: EnumValue[];
  /** Values HAProxy used to accept, with our advice. */
  removed?: Record<string, string>;
}

export interface IntegerType {
  kind: 'integer';
  /** atol: leading digits count and the rest is ignored; strict: anything else is refused. */
  parse: 'atol' | 'strict';
  min?: number;
  max?: number;
  /** HAProxy refuses 0. */
  nonZero?: boolean;
}

export interface SizeType {
  kind: 'size';
  /** First version that accepts k/m/g; older ones read the number with atol. */
  suffixSince?: string;
  min?: number;
}

export type ValueType = EnumType | IntegerType | SizeType;

export interface KeywordArguments {
  /** Types of the positional arguments after the keyword words. */
  args: ValueType[];
  /** The last type applies to every further argument. */
  repeat: boolean;
  min?: number;
  max?: number;
  /** Option words inside the arguments (`stick-table type ip size 1m`). */
  options?: Record<string, ValueType>;
}

export interface BalanceAlgorithm {
  name: string;
  since?: string;
  /** Whether the algorithm takes an argument in parentheses. */
  param?: 'required' | 'optional';
  /** A word that must follow the algorithm, described for messages. */
  needsArgument?: string;
  /** Words allowed after it; true when the word takes a value. */
  words?: Record<string, boolean>;
}

type RawType = string | Record<string, unknown>;

interface RawFile {
  types: Record<string, Record<string, unknown>>;
  keywords: Record<string, { args?: RawType[]; repeat?: boolean; min?: number; max?: number; options?: Record<string, RawType> }>;
  optionsWithoutArguments: { names: string[] };
  bindOptions: Record<string, RawType>;
  serverOptions: Record<string, RawType>;
  globalLineOptions: Record<string, RawType>;
  httpMethods: string[];
  balance: { algorithms: BalanceAlgorithm[] };
  log: { facilities: string[]; levels: string[]; optionWords: Record<string, RawType | true>; optionWordsSince: Record<string, string> };
  actionRuleSets: string[];
  builtinActions: Record<string, string[]>;
}

interface DumpAction {
  name: string;
  parametrised?: boolean;
}

const raw = argumentsFile as unknown as RawFile;
const dump = dumpFile as unknown as { actions: Record<string, DumpAction[]> };

function resolveType(t: RawType): ValueType {
  const obj = typeof t === 'string' ? raw.types[t] : t;
  if (!obj) throw new Error(`arguments.json: unknown type '${String(t)}'`);
  if (obj.kind === 'enum') {
    const values = (obj.values as (string | EnumValue)[]).map((v) => (typeof v === 'string' ? { value: v } : v));
    return { kind: 'enum', values, ...(obj.removed ? { removed: obj.removed as Record<string, string> } : {}) };
  }
  return obj as unknown as ValueType;
}

interface Index {
  keywords: Map<string, KeywordArguments>;
  bind: Map<string, ValueType>;
  server: Map<string, ValueType>;
  global: Map<string, ValueType>;
  noArgumentOptions: Set<string>;
}

let index: Index | undefined;

function idx(): Index {
  if (!index) {
    const keywords = new Map<string, KeywordArguments>();
    for (const [name, spec] of Object.entries(raw.keywords)) {
      keywords.set(name, {
        args: (spec.args ?? []).map(resolveType),
        repeat: spec.repeat === true,
        ...(spec.min !== undefined ? { min: spec.min } : {}),
        ...(spec.max !== undefined ? { max: spec.max } : {}),
        ...(spec.options ? { options: Object.fromEntries(Object.entries(spec.options).map(([k, v]) => [k, resolveType(v)])) } : {}),
      });
    }
    const table = (o: Record<string, RawType>) =>
      new Map(Object.entries(o).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, resolveType(v)] as [string, ValueType]));
    index = {
      keywords,
      bind: table(raw.bindOptions),
      server: table(raw.serverOptions),
      global: table(raw.globalLineOptions),
      noArgumentOptions: new Set(raw.optionsWithoutArguments.names.map((n) => `option ${n}`)),
    };
  }
  return index;
}

/** The argument types of a keyword ('mode', 'option httplog'), if we know them. */
export function keywordArguments(name: string): KeywordArguments | undefined {
  return idx().keywords.get(name);
}

/** True for 'option' keywords that refuse any argument. */
export function optionTakesNoArgument(name: string): boolean {
  return idx().noArgumentOptions.has(name);
}

/** The value type of a bind, server or ssl-default-*-options option, if we know it. */
export function lineOptionType(line: 'bind' | 'server' | 'global', option: string): ValueType | undefined {
  const table = line === 'bind' ? idx().bind : line === 'server' ? idx().server : idx().global;
  return table.get(option);
}

export function httpMethods(): readonly string[] {
  return raw.httpMethods;
}

export function balanceAlgorithms(): readonly BalanceAlgorithm[] {
  return raw.balance.algorithms;
}

export function logFacilities(): readonly string[] {
  return raw.log.facilities;
}

export function logLevels(): readonly string[] {
  return raw.log.levels;
}

/** Option words of a 'log' line before the facility, each with the type of its value (true: not checked). */
export function logOptionWords(): ReadonlyMap<string, ValueType | true> {
  return (logWords ??= new Map(
    Object.entries(raw.log.optionWords).map(([k, v]) => [k, v === true ? true : resolveType(v)] as [string, ValueType | true]),
  ));
}

let logWords: Map<string, ValueType | true> | undefined;

/** The first supported version that knows a 'log' option word, when not all of them do. */
export function logOptionWordSince(word: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(raw.log.optionWordsSince, word) ? raw.log.optionWordsSince[word] : undefined;
}

/** Rule sets whose action names we know in full for 2.6 (the keyword dump plus the built-in TCP actions). */
export function actionRuleSets(): readonly string[] {
  return raw.actionRuleSets;
}

/** Action names HAProxy 2.6 knows in a rule set (its own and the registered ones); parametrised ones match by prefix. */
export function actionsOf(ruleSet: string): readonly DumpAction[] {
  let list = ruleActions.get(ruleSet);
  if (!list) {
    const own = Object.prototype.hasOwnProperty.call(raw.builtinActions, ruleSet) ? raw.builtinActions[ruleSet] : undefined;
    const builtin = Array.isArray(own) ? own : [];
    list = [...builtin.map((name) => ({ name })), ...(dump.actions[ruleSet] ?? [])];
    ruleActions.set(ruleSet, list);
  }
  return list;
}

const ruleActions = new Map<string, DumpAction[]>();

/** Per rule set: the plain action names, and the names of parametrised actions (matched as prefixes). */
const actionIndexes = new Map<string, { names: Set<string>; prefixes: string[] }>();

/**
 * True when `text` (the action word; `bare` is it without a '(...)' argument) names an
 * action of the rule set: a plain action by its bare name, a parametrised one by prefix.
 */
export function isKnownAction(ruleSet: string, text: string, bare: string): boolean {
  let index = actionIndexes.get(ruleSet);
  if (!index) {
    index = { names: new Set(), prefixes: [] };
    for (const a of actionsOf(ruleSet)) {
      if (a.parametrised) index.prefixes.push(a.name);
      else index.names.add(a.name);
    }
    actionIndexes.set(ruleSet, index);
  }
  if (index.names.has(bare)) return true;
  for (const prefix of index.prefixes) if (text.startsWith(prefix)) return true;
  return false;
}

/** True when a value with since/until exists in `version` (any supported version when undefined). */
export function valueInVersion(v: { since?: string; until?: string }, version: string | undefined): boolean {
  if (version === undefined) return true;
  const order = versionOrder(version);
  if (v.since && order < versionOrder(v.since)) return false;
  if (v.until && order > versionOrder(v.until)) return false;
  return true;
}

/** Supported versions that have a value with since/until. */
export function valueVersions(v: { since?: string; until?: string }): string[] {
  return SUPPORTED_VERSIONS.filter((version) => valueInVersion(v, version));
}

// ---------------------------------------------------------------------------------------
// How HAProxy reads numbers

export interface AtolReading {
  /** The number HAProxy gets. */
  value: number;
  /** Length of the part it read (sign and digits); 0 when it read nothing (value 0). */
  read: number;
}

/** C's atol(): optional blanks and sign, then digits; stops at the first other character. */
export function atol(text: string): AtolReading {
  // Digits alone (nearly every value): no need for the pattern.
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i > 0 && i === text.length) return { value: Number(text), read: i };
  const m = /^(\s*[+-]?\d+)/.exec(text);
  if (!m) return { value: 0, read: 0 };
  return { value: Number(m[1].trim()), read: m[1].length };
}

/** A whole number, with an optional sign, and nothing else. */
export function isStrictInteger(text: string): boolean {
  return /^[+-]?\d+$/.test(text);
}

export interface SizeReading {
  value: number;
  /** Offset of the first character HAProxy refuses; undefined when the whole text is valid. */
  badAt?: number;
}

const SIZE_FACTORS: Record<string, number> = { k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 };

/** HAProxy's parse_size_err(): digits, then an optional k, m or g (either case), then nothing. */
export function parseSize(text: string): SizeReading {
  const m = /^(\d+)([kKmMgG]?)/.exec(text);
  if (!m) return { value: 0, badAt: 0 };
  const value = Number(m[1]) * (m[2] ? SIZE_FACTORS[m[2].toLowerCase()] : 1);
  if (m[0].length < text.length) return { value, badAt: m[0].length };
  return { value };
}

/** The fixed choices for the first argument of a keyword in a version (any version when undefined). */
export function firstArgumentChoices(keyword: string, version: string | undefined): string[] | undefined {
  const first = keywordArguments(keyword)?.args[0];
  if (first?.kind !== 'enum') return undefined;
  return first.values.filter((v) => valueInVersion(v, version)).map((v) => v.value);
}
