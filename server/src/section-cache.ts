import type { HaproxyConfig, Section, Statement } from './haproxy/ast';
import { previousParse } from './incremental';

/**
 * Per-section results that survive edits. The parser keeps a section object, and the
 * statement objects of the lines an edit did not touch, from one parse to the next
 * (incremental.ts), so a result worked out from a section's statements still holds while the
 * section lists the same statement objects in the same order. Rules that look at the whole
 * file keep such a result per section and work it out again only for the sections an edit
 * touched.
 *
 * Which sections changed is found once per document, whatever the number of rules asking:
 * each section gets a stamp that changes when its list of statements does, and a result is
 * kept with the stamp it was worked out for. Both are kept with the document, in arrays in
 * section order, and matched to the sections of the document it was re-parsed from by
 * walking the two lists side by side, which costs far less than looking every section up in
 * a map. Holding them with the document lets them go when the document does.
 *
 * A result must depend only on the words of the section's statements (and the section's
 * kind and name, which a surviving section keeps): context such as `.if` depth is not
 * compared. Word offsets move in place when lines shift, so ranges and line numbers are read
 * from the kept words and statements when reporting, never stored.
 */

/** For each section of `sections`, the index of the same object in `before`, or -1. */
function match(before: readonly Section[], sections: readonly Section[]): Int32Array {
  const out = new Int32Array(sections.length);
  let positions: Map<Section, number> | undefined;
  let j = 0;
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i];
    if (j < before.length && before[j] === section) {
      out[i] = j++;
      continue;
    }
    if (!positions) {
      positions = new Map();
      for (let k = 0; k < before.length; k++) positions.set(before[k], k);
    }
    const k = positions.get(section);
    out[i] = k ?? -1;
    if (k !== undefined) j = k + 1;
  }
  return out;
}

interface Stamped {
  /** A copy of each section's statements when its stamp was given. */
  lists: Statement[][];
  stamps: Int32Array;
  /** Where each section sat in the document this one was re-parsed from (-1: not there). */
  previous: Int32Array | undefined;
}
/** Kept with the document, so that what a cache holds goes away with the document. */
const stampsByConfig = new WeakMap<HaproxyConfig, Stamped>();
let nextStamp = 1;

function sameList(a: readonly Statement[], b: readonly Statement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Stamps for the sections of `config`, new for the sections whose statements changed since
 * the document it was re-parsed from (previousParse). */
function stampSections(config: HaproxyConfig): Stamped {
  const known = stampsByConfig.get(config);
  if (known) return known;
  const sections = config.sections;
  const from = previousParse(config);
  const before = from ? stampsByConfig.get(from) : undefined;
  const previous = from && before ? match(from.sections, sections) : undefined;
  const lists = new Array<Statement[]>(sections.length);
  const stamps = new Int32Array(sections.length);
  for (let i = 0; i < sections.length; i++) {
    const j = previous ? previous[i] : -1;
    const list = sections[i].statements;
    if (before && j >= 0 && sameList(before.lists[j], list)) {
      lists[i] = before.lists[j];
      stamps[i] = before.stamps[j];
    } else {
      // A copy: the stamp must not follow later changes to the section's own list.
      lists[i] = list.slice();
      stamps[i] = nextStamp++;
    }
  }
  const stamped: Stamped = { lists, stamps, previous };
  stampsByConfig.set(config, stamped);
  return stamped;
}

/** One result per section, worked out by `compute` from the section's statements. */
export class SectionCache<T> {
  private readonly byConfig = new WeakMap<HaproxyConfig, T[]>();

  constructor(private readonly compute: (statements: readonly Statement[], section: Section) => T) {}

  /** The result for each section of `config`, in the order of config.sections. */
  all(config: HaproxyConfig): readonly T[] {
    const done = this.byConfig.get(config);
    if (done) return done;
    const now = stampSections(config);
    const from = previousParse(config);
    const earlier = from ? this.byConfig.get(from) : undefined;
    const beforeStamps = from ? stampsByConfig.get(from)?.stamps : undefined;
    const sections = config.sections;
    const values = new Array<T>(sections.length);
    for (let i = 0; i < sections.length; i++) {
      const j = earlier && beforeStamps && now.previous ? now.previous[i] : -1;
      if (j >= 0 && beforeStamps![j] === now.stamps[i]) values[i] = earlier![j];
      else values[i] = this.compute(sections[i].statements, sections[i]);
    }
    this.byConfig.set(config, values);
    return values;
  }
}
