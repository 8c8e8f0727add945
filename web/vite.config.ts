// Vite builds the app into web/dist, which `istmo serve` serves at / (SPA fallback to index.html).
// `npm run dev` proxies /api and /healthz to a local `istmo serve` (ISTMO_API, default :8080).
import { defineConfig } from 'vitest/config';

const api = process.env.ISTMO_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // ECharts and Leaflet are large; the app is served from the LAN, not a mobile network.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': api, '/healthz': api },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
