import { defineConfig } from 'vite';

/**
 * The demo page (index.html + demo/) served from the repository root, so it imports the library straight from src/.
 * scripts/demo.mjs starts this with the merchant server's address in IMP_DEMO_API_URL.
 */
const apiTarget = process.env.IMP_DEMO_API_URL || 'http://127.0.0.1:8787';

export default defineConfig({
  root: '.',
  appType: 'mpa', // one page; an unknown path is a 404, not index.html in disguise
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // The demo's merchant endpoints live on another port; same-origin /api keeps the page's CSP at 'self'.
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
    watch: { ignored: ['**/test-results/**', '**/playwright-report/**', '**/.data/**', '**/dist/**', '**/.wtr/**'] },
  },
  // Scan the page's imports at start-up so the first visit does not trigger a dependency re-optimisation reload.
  optimizeDeps: { entries: ['index.html'] },
  build: {
    // dist/ itself belongs to the package build; the demo gets its own folder inside it (git-ignored).
    outDir: 'dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser the element supports has <link rel=modulepreload>; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
  },
});
