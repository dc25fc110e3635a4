// The respondent page end to end (issue #5): a real `opencem serve`,
// Debian's Chromium as a phone at 360×640 with WeChat's user agent. A survey
// with every question type, a jump, display logic, piping and an option
// source is created and published through the API, answered page by page,
// resumed after a reload and submitted; the stored response is read back
// through the admin API. axe-core checks each screen; no request may leave
// for another host.
import assert from 'node:assert/strict'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ARTIFACTS_DIR, launchBrowser, screenshot } from './lib/browser.mjs'
import {
  ALL_TYPES, ALL_TYPES_SETTINGS, CLIP_PATH, PREFILL_RANK, TEN_QUESTIONS, WECHAT_UA, adminClient, axeViolations, publishSurvey, respondentBinary, wavClip,
} from './lib/respondent.mjs'
import { scratchDir, startServer } from './lib/server.mjs'

let workDir
let server
let browser
let origin
let api
let survey

before(async () => {
  workDir = await scratchDir()
  server = await startServer(await respondentBinary(workDir), workDir)
  origin = new URL(server.adminUrl).origin
  api = await adminClient(origin, server.username, server.password)
  survey = await publishSurvey(api, ALL_TYPES, ALL_TYPES_SETTINGS)
  const shell = await fetch(`${origin}/s/${survey.code}`)
  assert.equal(shell.status, 200, 'GET /s/{code} must serve the page: is web.Respondent() mounted in internal/app/server.go?')
  assert.match(await shell.text(), /<div id="app">/, 'the respondent page is not built into the binary')
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (server) {
    await mkdir(ARTIFACTS_DIR, { recursive: true })
    await writeFile(join(ARTIFACTS_DIR, 'respondent-server.log'), `${server.log.join('\n')}\n`)
  }
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

/** A phone: 360×640, touch, WeChat's in-app browser; every request's host is recorded. */
async function phone(locale = 'zh-CN') {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 }, userAgent: WECHAT_UA, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale, reducedMotion: 'reduce',
  })
  const hosts = new Set()
  context.on('request', (r) => {
    const u = new URL(r.url())
    if (u.protocol === 'http:' || u.protocol === 'https:') hosts.add(u.hostname)
  })
  await context.route(`**${CLIP_PATH}`, (route) => route.fulfill({ status: 200, contentType: 'audio/wav', body: wavClip(2) }))
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, hosts, errors }
}

const saved = (page) => page.waitForResponse((r) => r.url().endsWith('/api/v1/responses') && r.request().method() === 'POST')
const q = (page, id) => page.locator(`#q-${id}`)
const pageTitle = (page) => page.locator('h2.pt-title').first()

/** axe-core finds no serious or critical problem, and nothing is wider than the phone. */
async function accessible(page, what) {
  const violations = await axeViolations(page)
  assert.deepEqual(violations, [], `axe on ${what}`)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 360, `${what}: the page is ${width} px wide at 360 px`)
}

async function next(page, title) {
  const save = saved(page)
  await page.getByRole('button', { name: '下一页' }).click()
  const res = await save
  assert.equal(res.status(), 200, await res.text())
  await pageTitle(page).filter({ hasText: title }).waitFor()
}

test('a WeChat visitor answers every question type, resumes after a reload and submits', async () => {
  const { context, page, hosts, errors } = await phone()
  await page.goto(`${origin}/s/${survey.code}?ch=wechat&store=S001&utm=poster`)

  // Privacy notice first (clause 6.1f).
  await page.getByRole('heading', { name: '个人信息保护说明' }).waitFor()
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
  for (const text of ['您的答案', '设备标识', '改进门店服务', '一年', '示例零售有限公司']) await page.getByText(text).first().waitFor()
  await accessible(page, 'the privacy notice')
  await screenshot(page, '40-respondent-privacy')
  await page.getByRole('button', { name: '同意并开始' }).click()

  // Page 1: Next with nothing answered shows the required errors.
  await pageTitle(page).filter({ hasText: '基本情况' }).waitFor()
  await page.getByRole('button', { name: '下一页' }).click()
  await page.getByRole('alert').filter({ hasText: '2 道题需要修改' }).waitFor()
  await q(page, 'purpose').getByText('此题为必答题').waitFor()
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.q')?.id), 'q-purpose', 'focus moves to the first problem')
  await accessible(page, 'page 1 with errors')
  await screenshot(page, '41-respondent-errors')

  await q(page, 'purpose').getByText('购物').click()
  await page.getByRole('checkbox', { name: '都不喜欢' }).check()
  await page.getByRole('checkbox', { name: '价格' }).check()
  assert.equal(await page.getByRole('checkbox', { name: '都不喜欢' }).isChecked(), false, 'an exclusive option gives way')
  assert.equal(await q(page, 'ambience').count(), 0, 'display logic hides the ambience question')
  await page.getByRole('checkbox', { name: '环境' }).check()
  await q(page, 'ambience').locator('input').fill('灯光柔和') // shown now
  await page.getByRole('checkbox', { name: '其他' }).check()
  await page.getByRole('textbox', { name: '其他：请注明' }).fill('停车方便')
  await screenshot(page, '42-respondent-page1')

  // The page jump skips the after-sales page; the first save stores the resume token.
  await next(page, '关于您')
  assert.equal(await page.getByText('售后服务').count(), 0)
  const key = `opencem:s:${survey.code}`
  await page.waitForFunction((k) => JSON.parse(localStorage.getItem(k) || '{}').token, key)
  const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key)
  assert.match(stored.id, /^r[A-Za-z0-9_-]{22}$/)
  assert.match(await page.evaluate(() => localStorage.getItem('opencem:device')), /^d[A-Za-z0-9_-]{22}$/)

  // Page 3: piping, the option source (ranking the liked aspects), text inputs, blanks.
  assert.match(await q(page, 'recap').innerText(), /您喜欢：价格, 环境, 其他/)
  const ranked = () => q(page, 'rank').locator('li .lbl').allInnerTexts()
  assert.deepEqual(await ranked(), ['价格', '环境', '停车方便'])
  await page.getByRole('button', { name: /^上移: 停车方便/ }).click()
  await page.getByRole('button', { name: /^上移: 停车方便/ }).click()
  assert.deepEqual(await ranked(), ['停车方便', '价格', '环境'])
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') || ''), /停车方便/, 'focus stays on the moved item')
  await q(page, 'nick').locator('input').fill('小李')
  assert.equal(await q(page, 'nick').locator('input').getAttribute('placeholder'), '例如：小李')
  await q(page, 'comment').locator('textarea').fill('希望周末多开收银台。')
  await q(page, 'visits').locator('input').fill('3')
  await q(page, 'email').locator('input').fill('not-an-email')
  await q(page, 'phone').locator('input').focus() // leaving the field shows its error
  await q(page, 'email').getByText('请输入有效的电子邮箱').waitFor()
  await q(page, 'email').locator('input').fill('li@example.com')
  await q(page, 'phone').locator('input').fill('138 0013 8000')
  await page.getByRole('textbox', { name: '姓名' }).fill('张三')
  await page.getByRole('textbox', { name: '年龄' }).fill('30')
  await accessible(page, 'page 3')
  await screenshot(page, '43-respondent-page3')
  await next(page, '评分')

  // Page 4: star, smiley with N/A, NPS, a 7-point scale, a slider by keyboard.
  await q(page, 'stars').getByRole('radio', { name: '4 星' }).check({ force: true })
  await q(page, 'mood').getByText('不适用').click()
  await q(page, 'nps').getByRole('radio', { name: '9', exact: true }).check({ force: true })
  await q(page, 'effort').getByRole('radio', { name: /^5/ }).check({ force: true })
  const slider = q(page, 'price').getByRole('slider')
  await slider.focus()
  await page.keyboard.press('ArrowRight')
  await q(page, 'price').locator('output').filter({ hasText: '6' }).waitFor()
  await accessible(page, 'page 4')
  await screenshot(page, '44-respondent-ratings')
  await next(page, '细项评价')

  // A reload comes back to the same page with the answers so far.
  await page.reload()
  await pageTitle(page).filter({ hasText: '细项评价' }).waitFor()
  await page.getByText('已为您恢复上次的作答进度').waitFor()
  await page.getByRole('button', { name: '上一页' }).click()
  await pageTitle(page).filter({ hasText: '评分' }).waitFor()
  assert.equal(await q(page, 'nps').getByRole('radio', { name: '9', exact: true }).isChecked(), true, 'resumed answers are back')
  await next(page, '细项评价')

  // Page 5: matrices.
  const row = (qid, rowId) => page.locator(`[aria-labelledby="q-${qid}-r-${rowId}"]`)
  await row('grid', 'r1').getByText('好').click()
  await row('grid', 'r2').getByText('一般').click()
  await row('gridm', 'am').getByText('食品').click()
  await row('gridm', 'am').getByText('家居').click()
  await row('gridm', 'pm').getByText('家居').click()
  await row('gridr', 'clean').getByRole('radio', { name: '4' }).check({ force: true })
  await row('gridr', 'quiet').getByRole('radio', { name: '5' }).check({ force: true })
  await page.getByRole('combobox', { name: '小李 · 速度' }).selectOption('x')
  await page.getByRole('combobox', { name: '小李 · 态度' }).selectOption('y')
  await page.getByRole('combobox', { name: '小王 · 速度' }).selectOption('y')
  await page.getByRole('combobox', { name: '小王 · 态度' }).selectOption('x')
  await accessible(page, 'page 5')
  await screenshot(page, '45-respondent-matrix')
  await next(page, '地区与偏好')

  // Page 6: city levels load lazily; cascading and flat dropdowns; hotspot by touch and keyboard.
  await q(page, 'city').getByRole('combobox', { name: '省份' }).selectOption('330000')
  await q(page, 'city').getByRole('combobox', { name: '城市' }).locator('option[value="330100"]').waitFor({ state: 'attached' })
  await q(page, 'city').getByRole('combobox', { name: '城市' }).selectOption('330100')
  await q(page, 'city').getByRole('combobox', { name: '区县' }).locator('option[value="330106"]').waitFor({ state: 'attached' })
  await q(page, 'city').getByRole('combobox', { name: '区县' }).selectOption('330106')
  await q(page, 'car').getByRole('combobox', { name: '品牌' }).selectOption('toyota')
  await q(page, 'car').getByRole('combobox', { name: '型号' }).selectOption('camry')
  await q(page, 'channel').getByRole('combobox').selectOption('friend')
  await page.getByRole('button', { name: '左侧货架' }).tap()
  await page.getByRole('button', { name: '右侧展台' }).focus()
  await page.keyboard.press('Enter')
  assert.equal(await page.getByRole('button', { name: '右侧展台' }).getAttribute('aria-pressed'), 'true')
  await accessible(page, 'page 6')
  await screenshot(page, '46-respondent-region')
  await next(page, '视频与日期')

  // Page 7: the video blocks Next until half of it is played; dates.
  await q(page, 'day').locator('input').fill('2026-01-15')
  await q(page, 'at').locator('input').fill('08:30')
  await page.getByLabel('开始').fill('2026-01-01')
  await page.getByLabel('结束').fill('2026-01-31')
  await page.getByRole('button', { name: '下一页' }).click()
  await q(page, 'ad').getByText('请至少观看 50% 的视频').waitFor()
  await q(page, 'ad').locator('video').evaluate((v) => {
    v.muted = true
    return v.play()
  })
  await q(page, 'ad').locator('.hint').filter({ hasText: /已观看 (5\d|[6-9]\d|100)%/ }).waitFor()
  await screenshot(page, '47-respondent-video')
  await next(page, '选择偏好')

  // Page 8: CBC tasks from the engine's design, MaxDiff best and worst.
  const tasks = q(page, 'pick').locator('.task')
  assert.equal(await tasks.count(), 2)
  await tasks.nth(0).locator('label.card').first().click()
  await tasks.nth(1).getByText('都不选').click()
  const md = q(page, 'md').locator('.task')
  assert.equal(await md.count(), 2)
  for (let t = 0; t < 2; t++) {
    await md.nth(t).getByRole('radio', { name: /^最重要/ }).nth(0).check()
    await md.nth(t).getByRole('radio', { name: /^最不重要/ }).nth(1).check()
  }
  await accessible(page, 'page 8')
  await screenshot(page, '48-respondent-choices')

  // Submit: the proof of work is ready, the ending pipes the nickname.
  const final = page.waitForResponse((r) => r.url().endsWith('/api/v1/responses') && r.request().postDataJSON()?.final === true)
  await page.getByRole('button', { name: '提交' }).click()
  const done = await final
  assert.equal(done.status(), 200, await done.text())
  const body = done.request().postDataJSON()
  assert.equal(body.website, '', 'the honeypot stays empty')
  assert.match(body.token, /^\d+$/)
  await page.getByText('谢谢小李！您的意见对我们很重要。').waitFor()
  await accessible(page, 'the ending')
  await screenshot(page, '49-respondent-ending')
  assert.equal(await page.evaluate((code) => localStorage.getItem(`opencem:s:${code}`), survey.code), null, 'the finished response is forgotten')

  // What the server stored.
  const list = await api('GET', `/api/v1/surveys/${survey.id}/responses`)
  assert.equal(list.length, 1)
  const r = await api('GET', `/api/v1/responses/${list[0].id}`)
  assert.equal(r.id, stored.id)
  assert.equal(r.status, 'complete')
  assert.equal(r.channel, 'wechat')
  assert.deepEqual(r.params, { ch: 'wechat', store: 'S001', utm: 'poster' })
  assert.equal(r.consent.given, true)
  assert.ok(!r.quality_flags.includes('no_token') && !r.quality_flags.includes('honeypot'), `flags ${r.quality_flags}`)
  assert.match(r.user_agent, /MicroMessenger/)
  const a = r.answers
  assert.equal(a.purpose, 'A')
  assert.deepEqual(a.likes, { value: ['A', 'C', 'O'], other: '停车方便' })
  assert.equal(a.ambience, '灯光柔和')
  assert.equal(a.aftersales, undefined, 'the skipped page has no answer')
  assert.deepEqual(a.rank, ['O', 'A', 'C'])
  assert.equal(a.nick, '小李')
  assert.equal(a.visits, 3)
  assert.equal(a.email, 'li@example.com')
  assert.deepEqual(a.me, { name: '张三', age: 30 })
  assert.equal(a.stars, 4)
  assert.equal(a.mood, 'na')
  assert.equal(a.nps, 9)
  assert.equal(a.effort, 5)
  assert.equal(a.price, 6)
  assert.deepEqual(a.grid, { r1: 'g', r2: 'm' })
  assert.deepEqual(a.gridm, { am: ['f', 'h'], pm: ['h'] })
  assert.deepEqual(a.gridr, { clean: 4, quiet: 5 })
  assert.deepEqual(a.gridd, { li: { speed: 'x', manner: 'y' }, wang: { speed: 'y', manner: 'x' } })
  assert.deepEqual(a.city.codes, ['330000', '330100', '330106'])
  assert.deepEqual(a.car, ['toyota', 'camry'])
  assert.equal(a.channel, 'friend')
  assert.deepEqual(a.shelf, ['left', 'right'])
  assert.ok(a.ad.percent >= 50, `video ${JSON.stringify(a.ad)}`)
  assert.equal(a.day, '2026-01-15')
  assert.equal(a.at, '08:30:00')
  assert.deepEqual(a.stay, { from: '2026-01-01', to: '2026-01-31' })
  assert.equal(a.pick.choices.length, 2)
  assert.deepEqual(a.pick.choices, [0, 'none'])
  assert.equal(a.md.best.length, 2)
  for (const p of ['p1', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']) assert.ok(r.timing[p] > 0, `timing of ${p}: ${JSON.stringify(r.timing)}`)

  assert.deepEqual([...hosts], ['127.0.0.1'], 'no request leaves for another host')
  assert.deepEqual(errors, [])
  await context.close()
})

test('in English, declining the privacy notice ends politely and stores only the refusal', async () => {
  const { context, page, hosts } = await phone('en-US')
  await page.goto(`${origin}/s/${survey.code}?lang=en`)
  await page.getByRole('heading', { name: 'Privacy notice' }).waitFor()
  assert.equal(await page.getAttribute('html', 'lang'), 'en')
  assert.equal(await page.title(), 'Store experience')
  const declined = page.waitForResponse((r) => r.url().endsWith('/decline'))
  await page.getByRole('button', { name: 'Decline' }).click()
  assert.equal((await declined).status(), 204)
  await page.getByText('You chose not to take part').waitFor()
  await accessible(page, 'the decline message')
  await screenshot(page, '50-respondent-declined')
  const progress = await api('GET', `/api/v1/surveys/${survey.id}/progress`)
  assert.equal(progress.refusals, 1)
  assert.deepEqual([...hosts], ['127.0.0.1'])
  await context.close()
})

test('one-page mode: every question on one screen, then the default thanks', async () => {
  const ten = await publishSurvey(api, TEN_QUESTIONS, { mode: 'single', privacy: { collects: ['answers'] }, theme: { color: '#ffd400' } })
  const { context, page } = await phone()
  await page.goto(`${origin}/s/${ten.code}`)
  await q(page, 'q10').waitFor()
  assert.equal(await page.locator('section.q').count(), 10)
  await page.getByRole('button', { name: '提交' }).click()
  await q(page, 'q1').getByText('此题为必答题').waitFor()
  await q(page, 'q1').getByRole('radio', { name: '8', exact: true }).check({ force: true })
  assert.match(await q(page, 'q7').locator('.qt').innerText(), /您给了 8 分/, 'piping within one page')
  await q(page, 'q6').locator('input').fill('阿明')
  await accessible(page, 'one-page mode with a light theme colour')
  await screenshot(page, '51-respondent-single')
  const final = page.waitForResponse((r) => r.url().endsWith('/api/v1/responses') && r.request().postDataJSON()?.final === true)
  await page.getByRole('button', { name: '提交' }).click()
  assert.equal((await final).status(), 200)
  await page.getByText('感谢您的参与！').waitFor()
  const list = await api('GET', `/api/v1/surveys/${ten.id}/responses?status=complete`)
  assert.equal(list.length, 1)
  assert.equal(list[0].answers.q6, '阿明')
  await context.close()
})

test('typed hidden fields prefill answers, and a ranking is reordered by dragging', async () => {
  const pr = await publishSurvey(api, PREFILL_RANK, { privacy: { collects: ['answers'] } })
  const { context, page, hosts, errors } = await phone()
  // score is a number and fills the NPS; visits=-3 breaks its question's minimum and is ignored.
  await page.goto(`${origin}/s/${pr.code}?store=S009&score=8&visits=-3`)
  await q(page, 'rank').waitFor()
  assert.equal(await q(page, 'shop').locator('input').inputValue(), 'S009')
  assert.equal(await q(page, 'nps').getByRole('radio', { name: '8', exact: true }).isChecked(), true)
  assert.equal(await q(page, 'times').locator('input').inputValue(), '')

  // Drag 价格 by its grip below 环境 with the mouse (Pointer Events), at 360×640.
  const ranked = () => q(page, 'rank').locator('li .lbl').allInnerTexts()
  assert.deepEqual(await ranked(), ['价格', '服务', '环境', '位置'])
  const item = (label) => q(page, 'rank').locator('li').filter({ hasText: label })
  await item('价格').scrollIntoViewIfNeeded()
  const grip = await item('价格').locator('.grip').boundingBox()
  const target = await item('环境').boundingBox()
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2)
  await page.mouse.down()
  await page.mouse.move(grip.x + grip.width / 2, target.y + target.height * 0.75, { steps: 8 })
  await page.mouse.up()
  assert.deepEqual(await ranked(), ['服务', '环境', '价格', '位置'])
  assert.match(await page.locator('div.sr[aria-live]').textContent(), /“价格”现在排第 3 位/)
  await accessible(page, 'prefilled answers and the ranking')
  await screenshot(page, '53-respondent-prefill-drag')

  const final = page.waitForResponse((r) => r.url().endsWith('/api/v1/responses') && r.request().postDataJSON()?.final === true)
  await page.getByRole('button', { name: '提交' }).click()
  assert.equal((await final).status(), 200)
  await page.getByText('感谢您的参与！').waitFor()
  const list = await api('GET', `/api/v1/surveys/${pr.id}/responses?status=complete`)
  assert.equal(list.length, 1)
  const r = await api('GET', `/api/v1/responses/${list[0].id}`)
  assert.deepEqual(r.answers.rank, ['b', 'c', 'a', 'd'])
  assert.equal(r.answers.shop, 'S009')
  assert.equal(r.answers.nps, 8)
  assert.equal(r.answers.times, undefined)
  assert.deepEqual(r.params, { store: 'S009', score: '8', visits: '-3' })
  assert.deepEqual([...hosts], ['127.0.0.1'])
  assert.deepEqual(errors, [])
  await context.close()
})

test('unknown and closed surveys say so', async () => {
  const { context, page } = await phone()
  await page.goto(`${origin}/s/nope1234`)
  await page.getByText('问卷不存在或尚未发布。').waitFor()
  const closed = await publishSurvey(api, TEN_QUESTIONS, { privacy: { collects: ['answers'] } })
  await api('POST', `/api/v1/surveys/${closed.id}/close`)
  await page.goto(`${origin}/s/${closed.code}`)
  await page.getByText('问卷已结束，感谢您的关注。').waitFor()
  await accessible(page, 'the closed message')
  await screenshot(page, '52-respondent-closed')
  await context.close()
})
