import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'

const outDir = '../../internal/web/dist/respondent'

/**
 * The page's CSS goes inline into the HTML shell: one request less before
 * the first paint on a slow network (the shell is small and never cached
 * long, the CSS is a few KB).
 */
function inlineCss(): Plugin {
  return {
    name: 'opencem-inline-css',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      const html = bundle['index.html']
      if (!html || html.type !== 'asset') return
      let src = String(html.source)
      for (const [name, f] of Object.entries(bundle)) {
        if (f.type !== 'asset' || !name.endsWith('.css')) continue
        const link = new RegExp(`<link rel="stylesheet"[^>]*href="[^"]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`)
        if (!link.test(src)) continue
        src = src.replace(link, () => `<style>${String(f.source).trim()}</style>`)
        delete bundle[name]
      }
      html.source = src
    },
  }
}

/** Writes name.gz beside each text file so the Go server can send it compressed. */
function precompress(): Plugin {
  return {
    name: 'opencem-gzip',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string) => {
        for (const n of readdirSync(dir)) {
          const p = join(dir, n)
          if (statSync(p).isDirectory()) walk(p)
          else if (/\.(js|css|html|svg|json)$/.test(n)) writeFileSync(`${p}.gz`, gzipSync(readFileSync(p), { level: 9 }))
        }
      }
      walk(fileURLToPath(new URL(outDir, import.meta.url)))
    },
  }
}

// The page is served by the Go binary at /s/{code} with its assets under
// /s/assets/, embedded with go:embed from internal/web/dist/respondent.
export default defineConfig({
  base: '/s/',
  plugins: [inlineCss(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: ['es2020', 'chrome80', 'safari13'],
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // Generous limits: CI machines are small and busy, and the differential
    // test compiles and runs a Go program first.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
