import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// The admin SPA is served by the Go binary under /admin/ and embedded with
// go:embed from internal/web/dist/admin, so the build writes straight there.
export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  resolve: {
    // The designer validates conditions with the respondent runtime's twin of the logic parser,
    // and previews CBC/MaxDiff designs with the engine twin (the respondent page's exact designs).
    alias: {
      '@logic': fileURLToPath(new URL('../respondent/src/logic', import.meta.url)),
      '@engine': fileURLToPath(new URL('../respondent/src/engine', import.meta.url)),
    },
  },
  build: {
    outDir: '../../internal/web/dist/admin',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/media': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    // Generous limits: CI machines are small and often busy; no test waits on time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
