import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const server = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      // The server takes a cookie-authenticated /ws only from PUBLIC_URL's origin (default http://localhost:8080).
      '/ws': { target: server, ws: true, headers: { origin: 'http://localhost:8080' } },
    },
  },
});
