/**
 * `--explain <id>`: prints a rule's documentation page. The pages ship next to the code:
 * in the repository and in the npm package as docs/rules/<id>.md beside dist/ (see
 * .npmignore), so the page is looked for in docs/rules of the directories above this file.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Where a rule's page lives, or undefined when no docs/rules folder above `from` has it. */
export async function findRulePage(id: string, from: string = __dirname): Promise<string | undefined> {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  let dir = path.resolve(from);
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(dir, 'docs', 'rules', `${id}.md`);
    try {
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not in this directory
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
