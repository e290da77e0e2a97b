// `npm run demo`: lints the example deployment. Findings are the point of the demo, so
// exit code 1 (findings) counts as success; a usage or I/O error (2) still fails.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['bin/haproxy-bitbucket-lint.js', 'examples/'], { stdio: 'inherit' });
process.exit(r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2));
