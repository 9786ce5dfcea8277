import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web console: built into dist/console, which the server serves at /console (src/app.ts).
 * `npm run build` runs this through scripts/build-console.mjs, which skips it when the output is
 * newer than every source.
 *
 * Chunks: every page is loaded on demand (React.lazy in App.tsx). React and TanStack Query change
 * rarely and every page needs them, so they get vendor chunks of their own that stay cached across
 * console updates; Ant Design is left to the bundler, so each page brings only the components it
 * uses and the sign-in page does not wait for tables, drawers or date pickers.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'query', test: /[\\/]node_modules[\\/]@tanstack[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
