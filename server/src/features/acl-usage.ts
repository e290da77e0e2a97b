/**
 * How each section uses its ACLs, in brief and kept across edits: enough for undefined-acl
 * and unused-acl to see that a file has nothing to report without the symbol index, whose
 * build walks every word of the file (about 20 ms for 50k lines). Only when a section may
 * hold a finding do the rules build the index, which also gives what a finding needs to
 * say (where the name is defined, the closest name, a fix).
 *
 * The answers follow the index exactly where they say "clean": definitions are the names
 * of `acl` lines, uses are the named terms of conditions, and a section the index might
 * read otherwise is left to it: one with an `acl(...)` sample fetch anywhere (whose
 * arguments name ACLs too), or with a use written with quotes or escapes.
 */
import type { Section, Statement, Word } from '../haproxy/ast';
import { forEachNamedAclTerm } from '../haproxy/conditions';
import { SectionCache } from '../section-cache';
import { CONDITION_KEYWORDS, isDynamicWord, PREDEFINED_ACLS } from './navigation';

export interface AclUsage {
  /** Every ACL a condition names is defined on an earlier line of the section, or is built
   * into HAProxy and not defined in the section at all. */
  definedBeforeUse: boolean;
  /** Every ACL the section defines is named by one of its conditions. */
  allUsed: boolean;
}

const UNKNOWN: AclUsage = Object.freeze({ definedBeforeUse: false, allUsed: false });
const CLEAN: AclUsage = Object.freeze({ definedBeforeUse: true, allUsed: true });

/** The names used by the conditions of one section, with the position of their statement. */
const usedNames: string[] = [];
const usedAt: number[] = [];
let position = 0;
/** A use was written with quotes or escapes: the index may not place it, and then does not count it. */
let quotedUse = false;
const collectUse = (word: Word, bangs: number): void => {
  if (isDynamicWord(word)) return;
  const name = word.text.slice(bangs);
  if (name === '') return;
  if (word.raw !== word.text || word.raw.includes('\\')) quotedUse = true;
  usedNames.push(name);
  usedAt.push(position);
};

function hasAclFetch(words: readonly Word[]): boolean {
  for (let i = 1; i < words.length; i++) {
    const text = words[i].text;
    if (text.length > 4 && text.includes('acl(')) return true;
  }
  return false;
}

function usageOf(statements: readonly Statement[], section: Section): AclUsage {
  // Name -> position (in `statements`) of the first acl line that defines it.
  let defined: Map<string, number> | undefined;
  usedNames.length = 0;
  usedAt.length = 0;
  quotedUse = false;
  for (let k = 0; k < statements.length; k++) {
    const statement = statements[k];
    if (statement === section.header) continue;
    const words = statement.words;
    if (hasAclFetch(words)) return UNKNOWN;
    const first = words[0];
    if (!first || first.quoted) continue;
    const keyword = first.text;
    if (keyword === 'acl') {
      const name = words[1];
      if (words.length >= 3 && !isDynamicWord(name)) {
        defined ??= new Map();
        if (!defined.has(name.text)) defined.set(name.text, k);
      }
    } else if (CONDITION_KEYWORDS.has(keyword)) {
      position = k;
      forEachNamedAclTerm(statement, collectUse);
    }
  }
  if (quotedUse) return UNKNOWN;
  if (!defined && usedNames.length === 0) return CLEAN;
  let definedBeforeUse = true;
  for (let i = 0; i < usedNames.length && definedBeforeUse; i++) {
    const at = defined?.get(usedNames[i]);
    definedBeforeUse = at === undefined ? PREDEFINED_ACLS.has(usedNames[i]) : at < usedAt[i];
  }
  let allUsed = true;
  if (defined) {
    const used = new Set(usedNames);
    for (const name of defined.keys()) {
      if (!used.has(name)) {
        allUsed = false;
        break;
      }
    }
  }
  return definedBeforeUse && allUsed ? CLEAN : { definedBeforeUse, allUsed };
}

/** The ACL usage of each section of a document, in the order of its sections. */
export const aclUsage = new SectionCache<AclUsage>(usageOf);
