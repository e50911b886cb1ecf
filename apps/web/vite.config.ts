import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The dev server forwards API, socket and health traffic to the Node server (npm run dev:server, port 5000),
// so the browser sees one origin exactly as in production.
const backend = 'http://localhost:5000';

export default defineConfig({
  plugins: [
    react(),
    // The installable app (OPS-6): a Workbox service worker that precaches the built shell (scripts, styles,
    // icons, the two manifests) and answers page navigations with index.html while offline. Nothing else is
    // cached: API answers, uploads and images belong to one signed-in user, and sockets are never touched.
    // The manifests are in public/ (Korean and English; lib/pwa.ts picks the one of the UI language).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // /auth: the company sign-in redirects (AUTH-15) must reach the server, never the cached page.
        navigateFallbackDenylist: [/^\/(api|auth|socket\.io|uploads|healthz|readyz|metrics)(\/|$)/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  // The E2E worker (features/e2e/worker) is a module worker: ES output lets it share chunks and import.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline data: URLs for small assets: keeps the CSP simple (img-src allows data:, but fonts do not).
    assetsInlineLimit: 0,
  },
});
