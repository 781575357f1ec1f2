/**
 * Builds the team workspace's browser app from web/ into web/dist, which
 * `qmsr serve` publishes. `npx vite build --config web/vite.config.ts`;
 * `npx vite --config web/vite.config.ts` serves it on :5173 with /api proxied
 * to a `qmsr serve` on :4820.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // One small app: keep the output to a handful of files.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:4820' },
  },
});
