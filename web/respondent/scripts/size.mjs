// Prints the size of the logic library as the respondent page would ship
// it: bundled, minified, then gzipped — the whole library (every export of
// src/logic/index.ts), and the matches() engine alone for comparison.
//   npm run size -w web/respondent
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))

async function measure(entry) {
  const out = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      // iife: Vite keeps white space in minified ES libraries; an app
      // bundle would not, so this is the fair measure.
      lib: { entry, formats: ['iife'], name: 'logic', fileName: 'logic' },
    },
  })
  const code = Buffer.from([out].flat()[0].output[0].code)
  return [code.length, gzipSync(code, { level: 9 }).length]
}

for (const [what, entry] of [
  ['logic library', 'src/logic/index.ts'],
  ['  of which the regex engine', 'src/logic/regex/index.ts'],
]) {
  const [min, gz] = await measure(entry)
  console.log(`${what}: ${min} bytes minified, ${gz} bytes gzip (${(gz / 1024).toFixed(2)} KiB)`)
}
