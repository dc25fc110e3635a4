// The designer's preview frame (issue #6 item 5; contract in docs/preview.md)
// against a real `opencem serve`: /s/_preview renders whatever definition is
// posted to it with the real respondent runtime, goes to any page, reports
// which rules fired after every evaluation, and never loads, saves or
// submits anything. Driven two ways: directly (the page posts to itself,
// window.parent === window) and framed by a same-origin page, as the admin
// app frames it; a survey page refuses to be framed.
import assert from 'node:assert/strict'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ARTIFACTS_DIR, launchBrowser, screenshot } from './lib/browser.mjs'
import { PREVIEW_SURVEY, WECHAT_UA, axeViolations, respondentBinary } from './lib/respondent.mjs'
import { scratchDir, startServer } from './lib/server.mjs'

let workDir
let server
let browser
let origin

before(async () => {
  workDir = await scratchDir()
  server = await startServer(await respondentBinary(workDir), workDir)
  origin = new URL(server.adminUrl).origin
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (server) {
    await mkdir(ARTIFACTS_DIR, { recursive: true })
    await writeFile(join(ARTIFACTS_DIR, 'preview-server.log'), `${server.log.join('\n')}\n`)
  }
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

test('only the preview path may be framed, and only by the same origin', async () => {
  const prev = await fetch(`${origin}/s/_preview?lang=zh-CN`)
  assert.equal(prev.status, 200)
  assert.equal(prev.headers.get('x-frame-options'), null)
  assert.match(prev.headers.get('content-security-policy'), /frame-ancestors 'self'/)
  assert.doesNotMatch(await prev.text(), /rel="preload"/, 'the preview loads no survey')
  const real = await fetch(`${origin}/s/abcd2345`)
  assert.equal(real.headers.get('x-frame-options'), 'DENY')
  assert.match(real.headers.get('content-security-policy'), /frame-ancestors 'none'/)
})

/** A phone at 360×640 in WeChat; records every request path and collects the preview's messages. */
async function phone() {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, userAgent: WECHAT_UA, isMobile: true, hasTouch: true, locale: 'zh-CN', reducedMotion: 'reduce' })
  const requests = []
  context.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`))
  // Not framed, the page posts to itself: listen before its script runs.
  await context.addInitScript(() => {
    window.__states = []
    window.__ready = 0
    addEventListener('message', (e) => {
      if (e.origin !== location.origin) return
      if (e.data?.type === 'opencem:preview-ready') window.__ready++
      if (e.data?.type === 'opencem:preview-state') window.__states.push(e.data)
    })
  })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, requests, errors }
}

const send = (page, msg) => page.evaluate((m) => window.postMessage(m, location.origin), msg)
const states = (page) => page.evaluate(() => window.__states.length)
/** The first state posted after the n-th whose fields equal want's (true: any truthy value). */
async function stateAfter(page, n, want = {}) {
  const h = await page.waitForFunction(
    ([n, want]) => window.__states.slice(n).find((s) => Object.entries(want).every(([k, v]) => (v === true ? !!s[k] : JSON.stringify(s[k]) === JSON.stringify(v)))),
    [n, want],
  )
  return h.jsonValue()
}
/** Sends a message and returns the first state posted after it that matches want. */
async function exchange(page, msg, want) {
  const n = await states(page)
  await send(page, msg)
  return stateAfter(page, n, want)
}
const rule = (st, kind, element) => st.rules.find((r) => r.kind === kind && r.element === element)

test('the preview renders a posted definition, jumps to pages, reports rules, and sends nothing', async () => {
  const { context, page, requests, errors } = await phone()
  await page.goto(`${origin}/s/_preview?lang=zh-CN`)
  await page.waitForFunction(() => window.__ready === 1)
  await page.getByText('预览 — 不会保存答案').waitFor()
  await page.getByText('等待问卷设计器发送问卷…').waitFor()

  // Load: the first page, with the banner, in the theme colour.
  let st = await exchange(page, { type: 'opencem:preview-load', definition: PREVIEW_SURVEY, settings: { mode: 'paged', theme: { color: '#0b6e4f' } }, locale: 'zh-CN' })
  await page.getByText('您常来吗？').waitFor()
  assert.equal(await page.locator('header .preview').innerText(), '预览 — 不会保存答案')
  assert.equal(st.page, 'p1')
  assert.deepEqual(st.pages, ['p1', 'p2', 'p3'])
  assert.deepEqual(st.visible_questions, ['q1', 'q3', 'q4'])
  assert.deepEqual(st.hidden_questions, ['q2'])
  assert.equal(rule(st, 'display', 'pages[0].questions[1]').holds, false)
  assert.equal(rule(st, 'option_jump', 'pages[0].questions[0].options[1]').holds, false)
  assert.equal(st.error, undefined)
  assert.deepEqual(await axeViolations(page), [], 'axe on the preview')

  // Answering re-evaluates: the display rule now holds.
  let n = await states(page)
  await page.getByText('常来', { exact: true }).click()
  st = await stateAfter(page, n, { visible_questions: ['q1', 'q2', 'q3', 'q4'] })
  assert.equal(rule(st, 'display', 'pages[0].questions[1]').holds, true)
  await page.getByText('常来的原因？').waitFor()
  await page.locator('#q-q2 input').fill('近')

  // Go to any page without validating the current one.
  st = await exchange(page, { type: 'opencem:preview-goto', page: 'p3' }, { page: 'p3' })
  await page.getByText('您选了：常来').waitFor()
  assert.equal(rule(st, 'piping', 'pages[2].questions[0]').detail, '您选了：常来')
  await screenshot(page, '60-preview-goto')

  // Live edit: a new definition keeps the answers; English on request.
  const edited = structuredClone(PREVIEW_SURVEY)
  edited.pages[0].questions[0].title = { 'zh-CN': '您经常来吗？', en: 'Do you visit often?' }
  st = await exchange(page, { type: 'opencem:preview-load', definition: edited, locale: 'en', page: 'p1', keepAnswers: true }, { page: 'p1' })
  await page.getByText('Do you visit often?').waitFor()
  assert.equal(await page.getByRole('radio', { name: 'Often' }).isChecked(), true, 'answers kept')
  assert.equal(await page.locator('header .preview').innerText(), 'Preview — answers are not saved')

  // Reset: answers cleared, first page.
  st = await exchange(page, { type: 'opencem:preview-reset' })
  assert.equal(st.page, 'p1')
  assert.equal(await page.getByRole('radio', { name: 'Often' }).isChecked(), false)

  // Through to the end: the option jump skips p2 (and its city question), the ending shows with the banner.
  await page.getByText('Rarely', { exact: true }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByText('You chose: Rarely').waitFor()
  n = await states(page)
  await page.getByRole('button', { name: 'Submit' }).click()
  await page.getByText('预览结束语').waitFor()
  assert.equal(await page.locator('.preview').innerText(), 'Preview — answers are not saved')
  st = await stateAfter(page, n, { outcome: true })
  assert.equal(st.outcome, 'complete')
  assert.equal(st.ending, 'bye')
  assert.equal(rule(st, 'option_jump', 'pages[0].questions[0].options[1]').holds, true)
  assert.deepEqual(st.hidden_questions, ['q2', 'q3'], 'the option jump skipped p2')
  await screenshot(page, '61-preview-ending')

  // A definition the runtime cannot read: a readable error in the frame, and in the state.
  st = await exchange(page, { type: 'opencem:preview-load', definition: { pages: 'none' } })
  assert.match(st.error, /not a definition/)
  await page.getByRole('alert').getByText(/not a definition/).waitFor()

  // Only the shell and its assets were fetched; nothing stored.
  const api = requests.filter((r) => r.includes('/api/'))
  assert.deepEqual(api, [], 'no survey, save, resume, decline or submit request')
  assert.ok(requests.every((r) => /^GET \/s\/(_preview|assets\/)/.test(r)), requests.join('\n'))
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [])
  assert.deepEqual(errors, [])
  await context.close()
})

test('framed by a same-origin page like the designer, it talks to its parent; a survey page cannot be framed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })
  // The host page is served on the server's origin by the test itself.
  await context.route(`${origin}/e2e-designer.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>designer</title>
      <iframe id="pv" title="preview" src="/s/_preview?lang=zh-CN" width="375" height="667"></iframe>
      <iframe id="bad" title="survey" src="/s/abcd2345"></iframe>
      <script>
        window.got = []
        addEventListener('message', (e) => { if (e.origin === location.origin && e.source === document.getElementById('pv').contentWindow) window.got.push(e.data) })
      </script>`,
  }))
  const page = await context.newPage()
  await page.goto(`${origin}/e2e-designer.html`)
  await page.waitForFunction(() => window.got.some((m) => m.type === 'opencem:preview-ready'))
  await page.evaluate((d) => document.getElementById('pv').contentWindow.postMessage({ type: 'opencem:preview-load', definition: d, page: 'p3' }, location.origin), PREVIEW_SURVEY)
  const frame = page.frameLocator('#pv')
  await frame.getByText('您选了：').waitFor()
  await frame.getByText('预览 — 不会保存答案').waitFor()
  const st = await (await page.waitForFunction(() => window.got.find((m) => m.type === 'opencem:preview-state'))).jsonValue()
  assert.equal(st.page, 'p3')
  assert.deepEqual(st.visible_pages, ['p1', 'p2', 'p3'])
  await screenshot(page, '62-preview-framed')
  // The survey page's headers refuse the frame: Chromium shows its error page instead.
  const bad = page.frames().find((f) => f.name() === 'bad')
  assert.match(bad.url(), /^chrome-error:/, 'a survey page was framed')
  await context.close()
})
