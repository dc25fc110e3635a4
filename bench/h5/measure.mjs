#!/usr/bin/env node
// Page weight and first paint of the respondent page (issue #5 budget: a
// 10-question survey costs at most 60 KB gzip of HTML+JS+CSS, images and
// region data excluded; first contentful paint at most 1.5 s under Slow 4G
// with 4× CPU throttling). Builds nothing: point it at a running server and
// the code of a published survey (bench/h5/publish.mjs makes one).
//
//   node bench/h5/measure.mjs --base http://127.0.0.1:8080 --code abcd1234 [--runs 5]
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    code: { type: 'string' },
    runs: { type: 'string', default: '5' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
  },
})
if (!opt.base || !opt.code) {
  console.error('usage: node bench/h5/measure.mjs --base http://127.0.0.1:PORT --code CODE [--runs 5]')
  process.exit(2)
}
const url = `${opt.base.replace(/\/$/, '')}/s/${encodeURIComponent(opt.code)}`
const runs = Math.max(1, Number(opt.runs) || 5)

// Chrome DevTools' "Slow 4G" preset (formerly "Fast 3G").
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9 }
const CPU = 4
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MicroMessenger/8.0.34.2340(0x2800225D) WeChat/arm64 Weixin NetType/4G Language/zh_CN'

const browser = await chromium.launch({
  executablePath: opt.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
})

/** One cold load: what was fetched, and when the first paint and the first question came. */
async function load(throttled) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, userAgent: WECHAT_UA, locale: 'zh-CN' })
  await context.addInitScript(() => {
    // When the first screen of the survey (the privacy notice or a question) is in the DOM.
    new MutationObserver((_, obs) => {
      if (document.querySelector('section.q, section.privacy, .msg')) {
        window.__firstScreen = performance.now()
        obs.disconnect()
      }
    }).observe(document, { childList: true, subtree: true })
  })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU })
  }
  const resources = new Map()
  cdp.on('Network.responseReceived', (e) => resources.set(e.requestId, { url: e.response.url, type: e.type, mime: e.response.mimeType, encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '' }))
  cdp.on('Network.loadingFinished', (e) => {
    const r = resources.get(e.requestId)
    if (r) r.wire = e.encodedDataLength
  })
  await page.goto(url, { waitUntil: 'load' })
  await page.waitForFunction(() => window.__firstScreen !== undefined, null, { timeout: 60_000 })
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    first: window.__firstScreen,
  }))
  const list = []
  for (const [id, r] of resources) {
    if (r.url.startsWith('data:')) continue
    let body = Buffer.alloc(0)
    try {
      const b = await cdp.send('Network.getResponseBody', { requestId: id })
      body = Buffer.from(b.body, b.base64Encoded ? 'base64' : 'utf8')
    } catch {
      /* bodies of some requests are not kept */
    }
    list.push({ ...r, size: body.length, gzip: gzipSync(body, { level: 9 }).length })
  }
  await context.close()
  return { timing, list }
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
const ms = (n) => `${Math.round(n)} ms`
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]

const first = await load(false)
const kind = (r) =>
  r.url.includes('/api/v1/public/regions') ? 'region data' : r.url.includes('/api/') ? 'API data'
    : r.type === 'Document' ? 'HTML' : r.type === 'Script' ? 'JS' : r.type === 'Stylesheet' ? 'CSS' : r.type === 'Image' ? 'image' : r.type
const rows = first.list.map((r) => ({ ...r, kind: kind(r), path: new URL(r.url).pathname }))
const budget = rows.filter((r) => ['HTML', 'JS', 'CSS'].includes(r.kind))
const budgetGzip = budget.reduce((s, r) => s + r.gzip, 0)

console.log(`Respondent page weight — ${url}\n`)
console.log('| resource | kind | size | gzip -9 | on the wire |')
console.log('|---|---|---:|---:|---:|')
for (const r of rows) console.log(`| ${r.path} | ${r.kind} | ${kib(r.size)} | ${kib(r.gzip)} | ${r.wire ? kib(r.wire) : '–'}${r.encoding ? ` (${r.encoding})` : ''} |`)
console.log(`| **HTML+JS+CSS** | budget 60 KB | ${kib(budget.reduce((s, r) => s + r.size, 0))} | **${kib(budgetGzip)}** | ${kib(budget.reduce((s, r) => s + (r.wire || 0), 0))} |`)

const fcp = []
const firstScreen = []
for (let i = 0; i < runs; i++) {
  const { timing } = await load(true)
  fcp.push(timing.fcp)
  firstScreen.push(timing.first)
}
console.log(`\nCold loads under Slow 4G (${SLOW_4G.latency} ms, ${kib(SLOW_4G.downloadThroughput)}/s down) and ${CPU}× CPU throttling, 360×640, ${runs} runs:\n`)
console.log('| metric | median | min | max | budget |')
console.log('|---|---:|---:|---:|---:|')
console.log(`| first contentful paint | ${ms(median(fcp))} | ${ms(Math.min(...fcp))} | ${ms(Math.max(...fcp))} | 1500 ms |`)
console.log(`| first survey screen in the DOM | ${ms(median(firstScreen))} | ${ms(Math.min(...firstScreen))} | ${ms(Math.max(...firstScreen))} | – |`)
await browser.close()

const ok = budgetGzip <= 60 * 1024 && median(fcp) <= 1500
console.log(`\n${ok ? 'within' : 'OVER'} budget`)
process.exitCode = ok ? 0 : 1
