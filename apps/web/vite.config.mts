import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The browser UI. `vite build --config apps/web/vite.config.mts` writes apps/web/dist, which the
 * API serves (apps/api/src/web/serve-web.ts). `vite --config apps/web/vite.config.mts` is a dev
 * server with hot reload that proxies /api and /health to the API on :3000 (or GEVINST_API).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // The domain is pure TypeScript: the case form validates with the very code the API uses.
    alias: { '@gevinst/domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Hashed file names under /assets: served with a year-long immutable cache.
    assetsDir: 'assets',
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': process.env['GEVINST_API'] ?? 'http://localhost:3000',
      '/health': process.env['GEVINST_API'] ?? 'http://localhost:3000',
    },
  },
});
