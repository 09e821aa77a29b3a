import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One app, served by every tier at `/`; it asks its own tier's /api which tier it is.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite web` during development: the API of the school tier on its default port.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
