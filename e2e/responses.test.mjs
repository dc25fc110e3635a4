// Surveys and responses in the admin app end to end: a real `opencem serve`,
// Debian's Chromium, the built admin app. (a) An administrator creates a
// survey from the NPS template, publishes it with a note, sets a quota
// (after the server refuses a condition naming no question); two responses
// arrive through the public API (with the proof-of-work token, as the
// respondent page sends them); the administrator sees them and the quota
// fill, reads one, marks it invalid, sees the counts change and exports CSV.
// (b) Publishing a draft with check errors lists each error's element and
// reason. (c) Duplicate and close from the survey list.
import assert from 'node:assert/strict'
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startAdminSession, stopAdminSession } from './lib/session.mjs'
import { after, before, test } from 'node:test'
import { ARTIFACTS_DIR, screenshot } from './lib/browser.mjs'
import { submitResponse } from './lib/submit.mjs'
import { apiResponse, byTestId, openDialog } from './lib/ui.mjs'

let workDir
let server
let browser
/** The administrator's tab, signed in for the whole file. */
let admin
/** The survey made from the NPS template in (a). */
const nps = { id: '', code: '' }

let session

before(async () => {
  session = await startAdminSession()
  ;({ workDir, server, browser, admin } = session)
})

after(() => stopAdminSession(session, 'responses'))

/** The text box of an Element Plus input, whether its data-testid sits on the input or on its wrapper. */
const field = (page, id) => page.locator(`input${byTestId(id)}, textarea${byTestId(id)}, ${byTestId(id)} input`).first()

/** Opens a tab of the survey page and waits for its content. */
async function openTab(page, name, contentTestId) {
  await page.click(`#tab-${name}`)
  await page.waitForURL((url) => url.searchParams.get('tab') === name)
  await page.waitForSelector(byTestId(contentTestId))
}

/** Waits for the designer a new survey opens in, then goes back to the survey page. */
async function openSurveyFromDesigner(page, id) {
  await page.waitForURL((url) => url.pathname === `/admin/surveys/${id}/design`)
  await page.click(byTestId('designer-back'))
  await page.waitForURL((url) => url.pathname === `/admin/surveys/${id}`)
}

/** Rows of an Element Plus table. */
const rows = (page, tableTestId) => page.locator(`${byTestId(tableTestId)} .el-table__body-wrapper .el-table__row`)

/** Waits until an element's text, trimmed, is exactly `text`. */
async function waitForText(page, testId, text) {
  await page.waitForFunction(
    ([selector, want]) => document.querySelector(selector)?.textContent?.trim() === want,
    [byTestId(testId), text],
  )
}

/** Confirms the open Element Plus message box. */
async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
}

test('(a) a survey from the NPS template is published, collects two responses, and a researcher reviews them', async () => {
  await admin.click(byTestId('nav-surveys'))
  await admin.waitForURL((url) => url.pathname === '/admin/surveys')
  await admin.waitForSelector(byTestId('surveys-page'))

  // Create from the NPS template: the cards show title, description and question count in Chinese.
  await admin.click(byTestId('survey-create'))
  const dialog = openDialog(admin, 'survey-create-dialog')
  await dialog.waitFor()
  const card = dialog.locator(byTestId('template-nps'))
  await card.waitFor()
  assert.match(await card.textContent(), /净推荐值（NPS）调研[\s\S]*5 个问题/)
  await card.click()
  await screenshot(admin, 'r10-survey-create-template')
  const created = apiResponse(admin, 'POST', '/surveys')
  await dialog.locator(byTestId('survey-create-submit')).click()
  const survey = (await (await created).json()).data
  assert.equal((await created).status(), 201)
  Object.assign(nps, { id: survey.id, code: survey.code })
  // A new survey opens in the designer; its back link leads to the survey page.
  await openSurveyFromDesigner(admin, nps.id)
  await waitForText(admin, 'survey-status', '草稿')

  // Publish with a note; the version, link and QR code follow.
  await admin.click(byTestId('survey-publish'))
  const publish = openDialog(admin, 'publish-dialog')
  await publish.waitFor()
  await publish.locator(byTestId('publish-note')).fill('首次发布：门店 NPS 基线')
  const published = apiResponse(admin, 'POST', `/surveys/${nps.id}/publish`)
  await publish.locator(byTestId('publish-submit')).click()
  assert.equal((await published).status(), 200)
  // Right after publishing: the link and QR code, and this being the first version.
  const result = openDialog(admin, 'publish-result')
  await result.waitFor()
  await result.locator(byTestId('survey-qr')).waitFor()
  await result.locator(byTestId('publish-result-first')).waitFor()
  assert.equal(await result.locator(`input${byTestId('survey-link')}, ${byTestId('survey-link')} input`).first().inputValue(), new URL(`/s/${nps.code}`, server.adminUrl).href)
  await screenshot(admin, 'r11-survey-published')
  await result.locator(byTestId('publish-result-close')).click()
  await result.waitFor({ state: 'hidden' })
  await waitForText(admin, 'version-note-1', '首次发布：门店 NPS 基线')
  await waitForText(admin, 'survey-status', '收集中')
  await admin.waitForSelector(byTestId('survey-qr'))
  assert.equal(await field(admin, 'survey-link').inputValue(), new URL(`/s/${nps.code}`, server.adminUrl).href)

  // A quota on detractors: the server checks the condition against the survey's questions.
  await openTab(admin, 'settings', 'quota-add')
  await admin.click(byTestId('quota-add'))
  await field(admin, 'quota-id-0').fill('detractors')
  await field(admin, 'quota-name-0').fill('贬损者')
  await field(admin, 'quota-condition-0').fill('{score} <= 6')
  await field(admin, 'quota-limit-0').fill('50')
  await field(admin, 'quota-limit-0').press('Tab')
  await field(admin, 'quota-message-0-zh-CN').fill('本轮调研已收满，感谢参与！')
  const refused = apiResponse(admin, 'PATCH', `/surveys/${nps.id}/settings`)
  await admin.click(byTestId('settings-save'))
  assert.equal((await refused).status(), 400)
  const refusal = admin.locator(`${byTestId('quota-table')} .el-form-item__error:has-text("score")`)
  await refusal.waitFor()
  await refusal.scrollIntoViewIfNeeded()
  await screenshot(admin, 'r12-quota-condition-refused')
  await field(admin, 'quota-condition-0').fill('{nps} <= 6')
  const saved = apiResponse(admin, 'PATCH', `/surveys/${nps.id}/settings`)
  await admin.click(byTestId('settings-save'))
  assert.equal((await saved).status(), 200)
  const quotas = (await (await saved).json()).data.quotas
  assert.deepEqual(quotas, [
    { id: 'detractors', name: '贬损者', condition: '{nps} <= 6', limit: 50, action: 'end', message: { 'zh-CN': '本轮调研已收满，感谢参与！' } },
  ])
  await admin.waitForSelector(`${byTestId('quota-table')} .el-form-item__error`, { state: 'detached' })

  // Two respondents answer through the public API, as the respondent page would.
  const origin = new URL(server.adminUrl).origin
  const detractor = await submitResponse(
    origin,
    nps.code,
    { nps: 3, areas: { value: ['price', 'others'], other: '包装破损' }, why_low: '价格偏高，包装也不结实' },
    { params: { ch: 'wechat', store: 'S001' }, timing: { p_score: 6000, p_reason: 41000 } },
  )
  const promoter = await submitResponse(origin, nps.code, { nps: 10, why_high: '配送很快' }, { params: { ch: 'sms' }, timing: { p_score: 3000 } })
  assert.equal(detractor.outcome.status, 'complete')
  assert.equal(promoter.outcome.status, 'complete')

  // The response browser lists both; the quota counts the detractor.
  const listed = apiResponse(admin, 'GET', `/surveys/${nps.id}/responses`)
  await openTab(admin, 'responses', 'response-browser')
  assert.equal((await listed).status(), 200)
  await admin.waitForSelector(byTestId(`response-row-${detractor.id}`))
  await admin.waitForSelector(byTestId(`response-row-${promoter.id}`))
  assert.equal(await rows(admin, 'responses-table').count(), 2)
  await waitForText(admin, 'progress-counted', '2')
  await waitForText(admin, 'progress-status-complete', '2')
  assert.match(await admin.textContent(`${byTestId('progress-quota-detractors')} ${byTestId('quota-count')}`), /1 \/ 50/)
  await screenshot(admin, 'r13-responses')

  // One response against the survey's questions: titles, option labels, the "other" text, parameters.
  await admin.click(byTestId(`response-row-${detractor.id}`))
  const drawer = openDialog(admin, 'response-drawer')
  await drawer.locator(byTestId('answer-areas')).waitFor()
  assert.match(await drawer.locator(byTestId('answer-areas')).textContent(), /哪些方面让您不满意？[\s\S]*价格、其他（包装破损）/)
  assert.match(await drawer.locator(byTestId('answer-nps')).textContent(), /3 \/ 10/)
  assert.match(await drawer.locator(byTestId('response-params')).textContent(), /store[\s\S]*S001/)
  assert.match(await drawer.locator(byTestId('response-timing')).textContent(), /41\.0 秒/)
  await screenshot(admin, 'r14-response-detail')

  // Marked invalid, it leaves the metrics: the row and the counts follow.
  const marked = apiResponse(admin, 'PATCH', `/responses/${detractor.id}`)
  await drawer.locator(byTestId('response-mark-invalid')).click()
  assert.equal((await marked).status(), 200)
  assert.deepEqual(JSON.parse((await marked).request().postData()), { validity: 'invalid' })
  await waitForText(admin, 'drawer-validity', '判为无效')
  await waitForText(admin, 'drawer-counted', '不计入')
  await waitForText(admin, 'progress-counted', '1')
  await waitForText(admin, 'progress-not-counted', '1')
  await waitForText(admin, `response-counted-${detractor.id}`, '不计入')
  await admin.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await screenshot(admin, 'r15-marked-invalid')

  // The quality filter finds it; reset shows both again.
  await admin.click(`${byTestId('response-quality')}`)
  await admin.click(`${byTestId('response-quality-invalid')}:visible`)
  const filtered = apiResponse(admin, 'GET', `/surveys/${nps.id}/responses`)
  await admin.click(byTestId('response-search'))
  assert.equal(new URL((await filtered).url()).searchParams.get('quality'), 'invalid')
  await admin.waitForSelector(byTestId(`response-row-${promoter.id}`), { state: 'detached' })
  assert.equal(await rows(admin, 'responses-table').count(), 1)
  const unfiltered = apiResponse(admin, 'GET', `/surveys/${nps.id}/responses`)
  await admin.click(byTestId('response-reset'))
  assert.equal(new URL((await unfiltered).url()).searchParams.get('quality'), null)
  await admin.waitForSelector(byTestId(`response-row-${promoter.id}`))

  // CSV export of every response, one column per question.
  const download = admin.waitForEvent('download')
  await admin.click(byTestId('response-export'))
  const file = await download
  assert.equal(file.suggestedFilename(), `responses-${nps.code}.csv`)
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const csvPath = join(ARTIFACTS_DIR, 'responses-export.csv')
  await copyFile(await file.path(), csvPath)
  const csv = await readFile(csvPath, 'utf8')
  const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  assert.match(header, /^id,status,counted,.*,nps,areas,why_low,why_mid,why_high$/)
  assert.equal(lines.length, 2)
  assert.ok(lines.some((line) => line.startsWith(`${detractor.id},complete,false,`)))
  assert.ok(lines.some((line) => line.startsWith(`${promoter.id},complete,true,`)))
})

const BROKEN = {
  format_version: 1,
  title: { 'zh-CN': '门店回访（有错误）' },
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'visit', type: 'single', title: '您是否到过门店？', display: '{rating} >= 3', options: [{ code: 'y', label: '是' }, { code: 'n', label: '否' }] },
        { id: 'rating', type: 'rating', title: '整体评分' },
      ],
    },
  ],
}

test('(b) publishing a draft with errors lists each error with its element and reason', async () => {
  await admin.click(byTestId('nav-surveys'))
  await admin.waitForSelector(byTestId('surveys-page'))
  await admin.click(byTestId('survey-create'))
  const dialog = openDialog(admin, 'survey-create-dialog')
  await dialog.waitFor()
  await dialog.locator(byTestId('survey-create-mode-paste')).click()
  // Not JSON: the dialog says so before sending anything.
  await field(admin, 'survey-create-definition').fill('{ "title": ')
  await dialog.locator(byTestId('survey-create-submit')).click()
  await dialog.locator('.el-form-item__error:has-text("JSON")').waitFor()
  await field(admin, 'survey-create-definition').fill(JSON.stringify(BROKEN, null, 2))
  const created = apiResponse(admin, 'POST', '/surveys')
  await dialog.locator(byTestId('survey-create-submit')).click()
  assert.equal((await created).status(), 201)
  const id = (await (await created).json()).data.id
  await openSurveyFromDesigner(admin, id)

  await openTab(admin, 'definition', 'check-report')
  await waitForText(admin, 'check-errors-count', '1 个错误')
  assert.match(await admin.textContent(byTestId('check-errors')), /p1 › visit › 显示条件[\s\S]*forward_ref/)

  await openTab(admin, 'overview', 'survey-overview')
  await admin.click(byTestId('survey-publish'))
  const publish = openDialog(admin, 'publish-dialog')
  await publish.waitFor()
  const refused = apiResponse(admin, 'POST', `/surveys/${id}/publish`)
  await publish.locator(byTestId('publish-submit')).click()
  assert.equal((await refused).status(), 400)
  const problems = publish.locator(byTestId('publish-problems'))
  await problems.waitFor()
  assert.equal(await problems.locator(byTestId('problem-path')).first().textContent(), 'pages[0].questions[0].display')
  assert.match(await problems.locator(byTestId('problem-reason')).first().textContent(), /rating/)
  assert.match(await publish.locator(byTestId('publish-error')).textContent(), /1 个错误/)
  await screenshot(admin, 'r20-publish-refused')
  await publish.locator('button:has-text("取消")').click()
  await publish.waitFor({ state: 'hidden' })
})

test('(c) the survey list filters, duplicates and closes surveys', async () => {
  await admin.click(byTestId('nav-surveys'))
  await admin.waitForSelector(byTestId(`survey-title-${nps.code}`))

  const searched = apiResponse(admin, 'GET', '/surveys')
  await field(admin, 'survey-search').fill(nps.code)
  await field(admin, 'survey-search').press('Enter')
  assert.equal(new URL((await searched).url()).searchParams.get('q'), nps.code)
  await admin.waitForFunction((selector) => document.querySelectorAll(selector).length === 1, `${byTestId('surveys-table')} .el-table__body-wrapper .el-table__row`)

  const mine = apiResponse(admin, 'GET', '/surveys')
  await admin.click(byTestId('survey-owner-me'))
  assert.ok(new URL((await mine).url()).searchParams.get('owner_id'), 'owner "me" sends the user id')

  const duplicated = apiResponse(admin, 'POST', `/surveys/${nps.id}/duplicate`)
  await admin.click(byTestId(`survey-duplicate-${nps.code}`))
  assert.equal((await duplicated).status(), 201)
  const copy = (await (await duplicated).json()).data

  await admin.click(byTestId(`survey-close-${nps.code}`))
  const closed = apiResponse(admin, 'POST', `/surveys/${nps.id}/close`)
  await confirmBox(admin)
  assert.equal((await closed).status(), 200)
  await waitForText(admin, `survey-status-tag-${nps.code}`, '已关闭')
  await admin.waitForSelector(byTestId(`survey-reopen-${nps.code}`))

  // Without the search the copy is listed too, as a new draft.
  await admin.click(`${byTestId('survey-filters')} button:has-text("重置")`)
  await waitForText(admin, `survey-status-tag-${copy.code}`, '草稿')
  await screenshot(admin, 'r30-survey-list')
})
