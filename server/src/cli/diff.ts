/**
 * Unified diffs for `--fix-dry-run`, in the format `patch -p1` and `git apply` read.
 * Lines are compared with their line breaks, so a changed line ending shows as a change,
 * and a last line without a line break is marked as such.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Splits text into lines that keep their "\n" (a last line may have none). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Above this many differing lines, the middle part is shown as one replaced block
 * instead of a minimal diff, to keep time and memory bounded. */
const MAX_EDIT_DISTANCE = 4000;

/** The line operations that turn `a` into `b` (Myers' O(ND) algorithm). */
export function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const head: Op[] = a.slice(0, pre).map((line) => ({ kind: ' ', line }));
  const tail: Op[] = a.slice(a.length - suf).map((line) => ({ kind: ' ', line }));
  return [...head, ...middle(A, B), ...tail];
}

function middle(A: string[], B: string[]): Op[] {
  const N = A.length;
  const M = B.length;
  if (N === 0 || M === 0) return [...A.map((line) => ({ kind: '-' as const, line })), ...B.map((line) => ({ kind: '+' as const, line }))];
  const max = Math.min(N + M, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds the furthest x per diagonal k after round d (only k in [-d, d] matter).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < N && y < M && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= N && y >= M) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) {
    // Too different for a minimal diff within bounds: replace the whole middle.
    return [...A.map((line) => ({ kind: '-' as const, line })), ...B.map((line) => ({ kind: '+' as const, line }))];
  }
  const at = (d: number, k: number) => trace[d][k + d];
  const reversed: Op[] = [];
  let x = N;
  let y = M;
  for (let d = found; d > 0; d--) {
    const k = x - y;
    const prevK = k === -d || (k !== d && at(d - 1, k - 1) < at(d - 1, k + 1)) ? k + 1 : k - 1;
    const prevX = at(d - 1, prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      reversed.push({ kind: ' ', line: A[x - 1] });
      x--;
      y--;
    }
    if (x === prevX) reversed.push({ kind: '+', line: B[y - 1] });
    else reversed.push({ kind: '-', line: A[x - 1] });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    reversed.push({ kind: ' ', line: A[x - 1] });
    x--;
    y--;
  }
  return reversed.reverse();
}

/** Within each run of changed lines, removals first, then additions (as diff(1) prints). */
function groupChanges(ops: Op[]): Op[] {
  const out: Op[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      out.push(ops[i++]);
      continue;
    }
    const removed: Op[] = [];
    const added: Op[] = [];
    while (i < ops.length && ops[i].kind !== ' ') (ops[i].kind === '-' ? removed : added).push(ops[i++]);
    out.push(...removed, ...added);
  }
  return out;
}

function printLine(op: Op): string {
  const text = op.kind + op.line;
  return text.endsWith('\n') ? text : `${text}\n\\ No newline at end of file\n`;
}

function rangeText(start: number, count: number): string {
  // diff(1) prints the line before an empty range, and leaves out a count of 1.
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/**
 * A unified diff from `oldText` to `newText` with `context` lines around each change;
 * the empty string when they are equal. `oldName` and `newName` go on the --- and +++ lines.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = groupChanges(diffLines(splitLines(oldText), splitLines(newText)));
  const changed: number[] = [];
  ops.forEach((op, i) => op.kind !== ' ' && changed.push(i));
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  // Line numbers (0-based) in the old and new text at each op index.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  let c = 0;
  while (c < changed.length) {
    const first = changed[c];
    let last = first;
    // Changes closer than two contexts apart share a hunk.
    while (c + 1 < changed.length && changed[c + 1] - last <= 2 * context + 1) last = changed[++c];
    c++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, last + context);
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out += `@@ -${rangeText(oldAt[from], oldCount)} +${rangeText(newAt[from], newCount)} @@\n`;
    for (const op of hunk) out += printLine(op);
  }
  return out;
}
