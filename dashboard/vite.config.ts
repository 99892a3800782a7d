import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// The SPA is served by Baton itself at /app/ (server/app.ts); `vite dev` proxies the API to a running Baton.
export default defineConfig({
  root: here,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../dist/dashboard'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/v1': 'http://localhost:3000' },
  },
});
