import { defineConfig } from 'vitest/config';

// The page is served by lineage-streams at / (StaticAssets): relative asset URLs, no inline scripts
// (its Content-Security-Policy allows this origin only), and no source maps in the jar.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npm run dev` against a running `./lineage up` (default port 8080)
    proxy: { '/v1': process.env.LINEAGE_HTTP ?? 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
