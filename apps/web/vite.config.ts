import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards API, socket and health traffic to the Node server (npm run dev:server, port 5000),
// so the browser sees one origin exactly as in production.
const backend = 'http://localhost:5000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline data: URLs for small assets: keeps the CSP simple (img-src allows data:, but fonts do not).
    assetsInlineLimit: 0,
  },
});
