import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server (pnpm start / the server's dev mode) listens on 3000 by default.
const apiTarget = process.env.STAFETTE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // STAFETTE_CLIENT_MINIFY=false gives readable stack traces when debugging a browser test.
    minify: process.env.STAFETTE_CLIENT_MINIFY !== 'false',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/collab': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
});
