import { defineConfig } from 'vite';

// The web app (client/) arrives with the live server; this config is its placeholder root.
export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true },
});
