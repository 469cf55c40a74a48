import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API answers on :3000 in development (pnpm dev); the built app is served by the API itself,
// so every request stays same-origin and the session cookie needs no CORS.
const api = { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } };

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: api },
  preview: { port: 4173, proxy: api },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
