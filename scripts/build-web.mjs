// Builds the web interface (apps/web, Vite) into dist/web, which the API serves at /. `--if-stale` skips the build
// when dist/web is newer than every source file (start:api and the browser tests use it: a build takes seconds).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const SOURCES = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.mjs', 'package-lock.json'];
const OUTPUT = 'dist/web/index.html';

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(OUTPUT) && statSync(OUTPUT).mtimeMs >= Math.max(...SOURCES.map(newest)))
  process.exit(0);
const started = Date.now();
await build({ configFile: 'apps/web/vite.config.mjs' });
if (!process.argv.includes('--quiet'))
  console.log(`web interface built into dist/web in ${Date.now() - started} ms`);
