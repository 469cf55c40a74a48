import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// The API answers on :3000 in development (pnpm dev); the built app is served by the API itself,
// so every request stays same-origin and the session cookie needs no CORS.
const api = { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } };

export default defineConfig({
  plugins: [
    react(),
    // Every asset compressed once, at build, with brotli and gzip beside it (name.js.br, name.js.gz):
    // the API sends the variant the browser accepts (@fastify/static preCompressed) without spending
    // CPU on it per request. The originals stay for clients that accept neither.
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      threshold: 1024,
      deleteOriginalAssets: false,
    }),
  ],
  server: { port: 5173, proxy: api },
  preview: { port: 4173, proxy: api },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in the build: the API would serve them to anyone, with the whole source.
    sourcemap: false,
  },
});
