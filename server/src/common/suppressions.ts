import { IGNORE_MARKER } from './meta';

export interface Suppressions {
  /** Rule ids silenced in the whole file ('*' silences all). */
  global: Set<string>;
  /** Rule ids silenced on a line (the line after the comment). */
  byLine: Map<number, Set<string>>;
}

const PATTERN = new RegExp(`^\\s*${IGNORE_MARKER}\\s+(global\\s+)?ignore\\s*=\\s*([A-Za-z0-9*,\\s-]+)$`);

/** Reads ignore comments. `comments` holds each comment's text (after `#`/`!`), its line,
 * and whether it stands alone on its line. */
export function collectSuppressions(
  comments: Iterable<{ text: string; line: number; ownLine?: boolean }>,
  nextContentLine: (line: number) => number,
): Suppressions {
  const result: Suppressions = { global: new Set(), byLine: new Map() };
  for (const c of comments) {
    const m = PATTERN.exec(c.text);
    if (!m) continue;
    const ids = m[2]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (m[1]) {
      ids.forEach((id) => result.global.add(id));
      continue;
    }
    // A comment on its own line applies to the next statement; at the end of a line, to that line.
    const target = c.ownLine === false ? c.line : nextContentLine(c.line);
    let set = result.byLine.get(target);
    if (!set) result.byLine.set(target, (set = new Set()));
    ids.forEach((id) => set!.add(id));
  }
  return result;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.global.has(ruleId) || s.global.has('*')) return true;
  const set = s.byLine.get(line);
  return !!set && (set.has(ruleId) || set.has('*'));
}
