// Bundles the entry points (CLI, worker-thread files, benchmarks) into dist/ with esbuild.
// Workspace libraries are inlined through the tsconfig path aliases; npm packages stay external
// (RDKit loads its .wasm next to its own module file). Takes well under a second, so `npm run cli` runs it every time.
import { build } from 'esbuild';
import { transform } from '@swc/core';
import { cpSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const quiet = process.argv.includes('--quiet');
const entryPoints = {
  'cli/main': 'apps/cli/src/main.ts',
  'cli/profile.worker': 'libs/chem/src/pool/profile.worker.ts',
  'cli/trial-rank.worker': 'libs/trial/src/parallel/rank.worker.ts',
  'cli/score.worker': 'libs/models/src/pool/score.worker.ts',
  // `screen` runs the screening pipeline in process, on the worker's thread file (found beside the bundle).
  'cli/screen-chunk.worker': 'libs/screening/src/runtime/screen-chunk.worker.ts',
};
entryPoints['models/featurize-datasets'] = 'models/training/featurize-datasets.ts';
entryPoints['models/drift-reference'] = 'models/training/drift-reference.ts';
// The screening worker process and its pipeline thread file (found beside the bundle).
entryPoints['worker/main'] = 'workers/screening/src/main.ts';
entryPoints['worker/screen-chunk.worker'] = 'libs/screening/src/runtime/screen-chunk.worker.ts';
// The trial worker process (ingest and evaluation jobs).
entryPoints['trial-worker/main'] = 'workers/trial/src/main.ts';
entryPoints['bench/trial-api'] = 'apps/api/src/trials/trial-api.bench.ts';
// The HTTP API (NestJS) and its request-latency benchmark.
entryPoints['api/main'] = 'apps/api/src/main.ts';
// The API's drawing pool thread file (drawings and explanations under a time budget; found beside the bundle).
entryPoints['api/drawing.worker'] = 'apps/api/src/drawing/drawing.worker.ts';
entryPoints['bench/api-results-latency'] = 'apps/api/bench/results-latency.bench.ts';
entryPoints['bench/api-drawing'] = 'apps/api/bench/drawing-pool.bench.ts';
entryPoints['bench/load-test'] = 'scripts/bench/load-test.ts';
if (existsSync('scripts/bench/screen-bench.ts')) {
  entryPoints['bench/screen-bench'] = 'scripts/bench/screen-bench.ts';
  entryPoints['bench/screen-chunk.worker'] = 'libs/screening/src/runtime/screen-chunk.worker.ts';
}
if (existsSync('scripts/bench/models-bench.ts')) {
  entryPoints['bench/models-bench'] = 'scripts/bench/models-bench.ts';
  entryPoints['bench/score.worker'] = 'libs/models/src/pool/score.worker.ts';
}
if (existsSync('scripts/bench/trial-bench.ts')) {
  entryPoints['bench/trial-bench'] = 'scripts/bench/trial-bench.ts';
  entryPoints['bench/trial-rank.worker'] = 'libs/trial/src/parallel/rank.worker.ts';
}
if (existsSync('scripts/bench/chem-bench.ts')) {
  entryPoints['bench/chem-bench'] = 'scripts/bench/chem-bench.ts';
  entryPoints['bench/profile.worker'] = 'libs/chem/src/pool/profile.worker.ts';
}

// esbuild does not emit decorator metadata (`design:paramtypes`), which Nest's dependency injection and the
// OpenAPI document read. The API's own files (the only ones with Nest decorators) go through SWC first, with
// legacy decorators and metadata, as in apps/api/jest.config.js; imports stay ES modules for esbuild to bundle.
const nestDecorators = {
  name: 'nest-decorator-metadata',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]apps[\\/]api[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const output = await transform(source, {
        filename: args.path,
        sourceMaps: 'inline',
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'es6' },
      });
      return { contents: output.code, loader: 'js' };
    });
  },
};

await build({
  entryPoints,
  plugins: [nestDecorators],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  tsconfig: 'tsconfig.json',
  logLevel: quiet ? 'warning' : 'info',
});
// The chemistry data (alert definitions, QED parameters) travels beside the bundles.
cpSync('libs/chem/data', 'dist/chem-data', { recursive: true });
