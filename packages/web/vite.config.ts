import { defineConfig } from 'vite';

// Static files only, served by the Tessera server under a strict CSP: no inline script (no module
// preload polyfill), no asset inlined as a data: URL, everything from the page's own origin.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
