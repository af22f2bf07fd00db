// The web interface's build (scripts/build-web.mjs runs it): Preact's JSX through Vite's own Oxc transform (no
// Babel), every module bundled into dist/web (no CDN at run time), served by the API at / (apps/api/src/web).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  // Always the production build, whatever NODE_ENV says: under Jest (NODE_ENV=test, the browser tests build it when
  // stale) Vite otherwise chose Preact's development JSX (file names and line numbers in every element; 92 KB).
  mode: 'production',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The strict content security policy allows no inline script: keep the module preload helper in a file.
    modulePreload: { polyfill: false },
  },
});
