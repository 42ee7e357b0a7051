import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { API_CACHE, OFFLINE_API_PATTERN, OFFLINE_HEADER } from './src/offline/cache-names.ts';
import { deviceCopy } from './src/offline/device-copy.ts';
import { pwaManifest } from './src/install/manifest.ts';

// The API server (pnpm start / the server's dev mode) listens on 3000 by default.
const apiTarget = process.env.STAFETTE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    // The service worker for offline use (see src/offline): the app shell precached, the API
    // answers a page needs kept network-first. The app registers it itself after sign-in.
    VitePWA({
      injectRegister: false,
      filename: 'sw.js',
      // Installable on phones and tablets for field work (see src/install/manifest.ts).
      manifest: pwaManifest,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,eot,ttf,woff,woff2}'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/collab\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            urlPattern: OFFLINE_API_PATTERN,
            method: 'GET',
            handler: 'NetworkFirst',
            // Kept only when the server marks the answer as fit for a device (strictly confidential pages are not),
            // and without the strictly confidential entries of lists.
            options: {
              cacheName: API_CACHE,
              matchOptions: { ignoreVary: true },
              cacheableResponse: { statuses: [200], headers: { [OFFLINE_HEADER]: 'allowed' } },
              plugins: [{ cacheWillUpdate: deviceCopy }],
            },
          },
        ],
      },
    }),
  ],
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
