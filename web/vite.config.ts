import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const server = 'http://127.0.0.1:8080';

/**
 * Writes /assets.json, every built file's path: the service worker keeps them all, the chunks loaded on
 * first use (the signed-in client, admin, settings, phone metadata) too, so the installed app starts offline.
 */
function assetList(): Plugin {
  return {
    name: 'switchboard-asset-list',
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/'))
        .map((file) => `/${file}`);
      this.emitFile({ type: 'asset', fileName: 'assets.json', source: JSON.stringify(assets.sort()) });
    },
  };
}

export default defineConfig({
  plugins: [react(), assetList()],
  // Workspace packages from their TypeScript sources (package.json `source` condition), not their builds.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      // The server takes a cookie-authenticated /ws only from PUBLIC_URL's origin (default http://localhost:8080).
      '/ws': { target: server, ws: true, headers: { origin: 'http://localhost:8080' } },
    },
  },
});
