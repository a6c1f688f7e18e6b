import { defaultClientConditions, defineConfig } from 'vite';

/**
 * One self-contained IIFE, dist/widget.js: the stylesheet is imported as a string (`?inline`) and
 * injected into the widget's shadow root, so there is no CSS file and no chunk to load.
 */
export default defineConfig({
  // Workspace packages from their TypeScript sources (package.json `source` condition), not their builds.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: 'src/main.tsx',
      formats: ['iife'],
      name: 'SwitchboardWidget',
      fileName: () => 'widget.js',
    },
  },
});
