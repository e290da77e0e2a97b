/** Where users read about a rule: the page in the repository's docs/rules folder. */
export const REPOSITORY_URL = 'https://github.com/haproxy-bitbucket/haproxy-bitbucket';
export const DIAGNOSTIC_SOURCE = 'haproxy-bitbucket';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}

/** The comment that silences rules: `# haproxy-bitbucket-lint ignore=<id>[,<id>]` on the line above,
 * or `# haproxy-bitbucket-lint global ignore=<id>` anywhere for the whole file. */
export const IGNORE_MARKER = 'haproxy-bitbucket-lint';
