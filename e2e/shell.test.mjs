// The admin shell end to end: a real `opencem serve`, Debian's Chromium, the
// built SPA. Sign-in errors, sign-in, the Chinese and English home page,
// deep links through the sign-in page, and sign-out.
import assert from 'node:assert/strict'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ARTIFACTS_DIR, launchBrowser, newContext, screenshot } from './lib/browser.mjs'
import { scratchDir, serverBinary, startServer } from './lib/server.mjs'

const byTestId = (id) => `[data-testid="${id}"]`

let workDir
let server
let browser
let page

before(async () => {
  workDir = await scratchDir()
  const bin = await serverBinary(workDir)
  server = await startServer(bin, workDir)
  assert.match(server.adminUrl, /^http:\/\/127\.0\.0\.1:\d+\/admin\/$/)
  assert.equal(server.username, 'admin')
  browser = await launchBrowser()
  const context = await newContext(browser)
  page = await context.newPage()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (server) {
    await mkdir(ARTIFACTS_DIR, { recursive: true })
    await writeFile(join(ARTIFACTS_DIR, 'server.log'), `${server.log.join('\n')}\n`)
  }
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

/** Opens a path below /admin/, e.g. "" or "surveys". */
function openAdmin(path = '') {
  return page.goto(new URL(path, server.adminUrl).href)
}

const loginUrl = (url) => url.pathname === '/admin/login'

async function signIn(username, password) {
  await page.fill(byTestId('login-username'), username)
  await page.fill(byTestId('login-password'), password)
  await page.press(byTestId('login-password'), 'Enter')
}

test('an unauthenticated visit lands on the sign-in page in Chinese', async () => {
  await openAdmin()
  await page.waitForURL(loginUrl)
  const url = new URL(page.url())
  assert.equal(url.searchParams.get('redirect'), '/')
  await page.waitForSelector(byTestId('login-submit'))
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
  assert.equal((await page.textContent(byTestId('login-submit'))).trim(), '登录')
  await screenshot(page, '01-sign-in')
})

test('a wrong password shows the error and keeps the typed username', async () => {
  await signIn(server.username, `${server.password}-wrong`)
  const error = await page.waitForSelector(byTestId('login-error'))
  assert.match(await error.textContent(), /用户名或密码不正确/)
  assert.equal(await page.inputValue(byTestId('login-username')), server.username)
  assert.ok(loginUrl(new URL(page.url())), 'still on the sign-in page')
  await screenshot(page, '02-sign-in-error')
})

test('admin signs in and sees the Chinese welcome', async () => {
  await signIn(server.username, server.password)
  await page.waitForURL((url) => url.pathname === '/admin/')
  const welcome = await page.waitForSelector(byTestId('welcome'))
  assert.match(await welcome.textContent(), /^欢迎，.+/)
  const name = (await page.textContent(byTestId('user-name'))).trim()
  assert.ok(name.length > 0, 'the user menu shows the signed-in name')
  assert.equal((await welcome.textContent()).trim(), `欢迎，${name}`)
  await page.waitForSelector(`${byTestId('trend-chart')} canvas`)
  await screenshot(page, '03-home-zh')
})

test('switching to English translates the page and is remembered', async () => {
  await page.click(byTestId('lang-switch'))
  await page.click(byTestId('lang-option-en'))
  await page.waitForSelector(`${byTestId('welcome')}:has-text("Welcome")`)
  assert.equal(await page.getAttribute('html', 'lang'), 'en')
  assert.match(await page.textContent(byTestId('nav-surveys')), /Surveys/)
  await screenshot(page, '04-home-en')

  await page.reload()
  const welcome = await page.waitForSelector(byTestId('welcome'))
  assert.match(await welcome.textContent(), /^Welcome, .+/)
})

test('an area not built yet shows the coming-soon page', async () => {
  await page.click(byTestId('nav-tickets'))
  await page.waitForURL((url) => url.pathname === '/admin/tickets')
  const empty = await page.waitForSelector(byTestId('coming-soon'))
  assert.match(await empty.textContent(), /Tickets is coming soon/)
  await screenshot(page, '05-coming-soon')
})

test('signing out returns to the sign-in page and ends the session', async () => {
  await page.click(byTestId('user-menu'))
  await page.click(byTestId('sign-out'))
  await page.waitForURL(loginUrl)
  await page.waitForSelector(byTestId('login-submit'))
  assert.equal((await page.textContent(byTestId('login-submit'))).trim(), 'Sign in')
  await screenshot(page, '06-signed-out')

  // The server forgot the session too: a deep link asks to sign in again.
  await openAdmin('surveys')
  await page.waitForURL((url) => loginUrl(url) && url.searchParams.get('redirect') === '/surveys')
})

test('signing in from a deep link returns to that page', async () => {
  await signIn(server.username, server.password)
  await page.waitForURL((url) => url.pathname === '/admin/surveys')
  await page.waitForSelector(byTestId('surveys-page'))
})

test('the API reference at /docs renders in Chromium from the binary, with no outside requests', async () => {
  const outside = []
  page.on('request', (req) => {
    const host = new URL(req.url()).hostname
    if (host !== '127.0.0.1' && host !== 'localhost') outside.push(req.url())
  })
  const docsUrl = new URL('/docs', server.adminUrl).href
  const resp = await page.goto(docsUrl)
  assert.equal(resp.status(), 200)
  await page.waitForSelector('#login')
  assert.match(await page.textContent('h1'), /OpenCEM API/)
  assert.match(await page.textContent('#signing'), /Signing requests/)
  assert.ok((await page.$$('section.op')).length > 20, 'every operation has a section')
  assert.deepEqual(outside, [])
  await screenshot(page, '08-api-docs')
  const spec = await page.goto(new URL('/api/v1/openapi.json', server.adminUrl).href)
  assert.equal((await spec.json()).openapi, '3.1.0')
})
