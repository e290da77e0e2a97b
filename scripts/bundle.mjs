// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
// Editors load one small file each instead of thousands of node_modules files. Then makes
// the V8 code caches of the CLI and server bundles (scripts/code-cache.mjs), which the bin
// scripts use to start without compiling the bundle again.
import { build } from 'esbuild';
import { makeCodeCaches } from './code-cache.mjs';

const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
]);

await makeCodeCaches();
