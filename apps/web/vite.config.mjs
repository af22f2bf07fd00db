// The web interface's build (scripts/build-web.mjs runs it): Preact's JSX through Vite's own Oxc transform (no
// Babel), every module bundled into dist/web (no CDN at run time), served by the API at / (apps/api/src/web).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The strict content security policy allows no inline script: keep the module preload helper in a file.
    modulePreload: { polyfill: false },
  },
});
