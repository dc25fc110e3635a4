// The survey designer end to end (issue #6 "Done when"; clauses 6.3.1a–d):
// from sign-in, a blank survey is built in the designer with every mandatory
// type of 6.3.1a (single, multiple, text, rating, matrix, city, dropdown) plus
// MaxDiff and a hotspot whose region is drawn on the image; a question jump
// and an option jump, display logic on a question (builder) and on an
// option, piping from the menu and an option source. A dropdown left without
// options makes the checker report an error on it and block publishing until
// the option source fixes it. The survey is previewed on the phone frame, logic-tested,
// published with a note, and answered on the H5 page as a WeChat visitor at
// 360×640; the stored response is read back. A second test pastes the
// 10-question example of docs/text-import.md into the create dialog.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { screenshot } from './lib/browser.mjs'
import { LOCALE, chosenCondition, fillText, label, panel, pick, saved, selectQuestion } from './lib/designer.mjs'
import { SHELF, WECHAT_UA, adminClient } from './lib/respondent.mjs'
import { startAdminSession, stopAdminSession } from './lib/session.mjs'
import { byTestId, openAdmin, openDialog } from './lib/ui.mjs'

let s
let api
let origin

before(async () => {
  s = await startAdminSession()
  origin = new URL(s.server.adminUrl).origin
  api = await adminClient(origin, s.server.username, s.server.password)
})

after(() => stopAdminSession(s, 'designer'))

/** Opens the create dialog from the survey list in the given mode. */
async function createDialog(page, mode) {
  await openAdmin(page, s.server.adminUrl, 'surveys')
  await page.click(byTestId('survey-create'))
  const dialog = openDialog(page, 'survey-create-dialog')
  await dialog.waitFor()
  await dialog.locator(byTestId(`survey-create-mode-${mode}`)).click()
  return dialog
}

/** Submits the create dialog and returns the new survey's id from the designer's URL. */
async function createAndOpen(page, dialog) {
  await dialog.locator(byTestId('survey-create-submit')).click()
  await page.waitForURL((url) => /^\/admin\/surveys\/[^/]+\/design$/.test(url.pathname))
  await page.locator(byTestId('designer-outline')).waitFor()
  return new URL(page.url()).pathname.split('/')[3]
}

const draftOf = async (id) => (await api('GET', `/api/v1/surveys/${id}`)).draft
const question = (def, id) => def.pages.flatMap((p) => p.questions).find((q) => q.id === id)
const labels = (list) => list.map((o) => o.label[LOCALE] ?? o.label)

async function addQuestion(page, kind, id, title) {
  await page.click(byTestId(`designer-palette-${kind}`))
  await page.locator(byTestId(`designer-question-${id}`)).waitFor()
  await selectQuestion(page, id)
  await fillText(page, 'designer-q-title', title)
}

test('a researcher builds, checks, previews, logic-tests and publishes a survey, and a WeChat visitor answers it', async () => {
  const page = s.admin
  page.setDefaultTimeout(15_000)
  const dialog = await createDialog(page, 'blank')
  await dialog.locator(byTestId('survey-create-title')).fill('门店体验（设计器）')
  const id = await createAndOpen(page, dialog)
  // A blank survey starts with one empty page.
  await page.locator(byTestId('designer-page-empty-p1')).waitFor()
  await screenshot(page, 'd01-designer-empty')

  // Page 1: what the visitor likes (multiple), why they came (single), the ambience (text).
  await addQuestion(page, 'multiple', 'q1', '您喜欢本店的哪些方面？')
  await label(page, 'designer-q-options', ['价格', '服务', '环境'])
  await addQuestion(page, 'single', 'q2', '您本次到店的目的？')
  await label(page, 'designer-q-options', ['购物', '售后', '看环境'])
  await addQuestion(page, 'text', 'q3', '环境哪里让您满意？')

  // Page 2: rating, matrix, city, MaxDiff, hotspot.
  await page.click(byTestId('designer-add-page'))
  await page.locator(byTestId('designer-page-p2')).waitFor()
  await addQuestion(page, 'rating', 'q4', '总体满意度')
  await addQuestion(page, 'matrix', 'q5', '请评价以下方面')
  await label(page, 'designer-t-rows', ['环境', '服务'])
  await label(page, 'designer-t-columns', ['好', '一般', '差'])
  await addQuestion(page, 'city', 'q6', '您所在的地区')
  await addQuestion(page, 'maxdiff', 'q7', '哪项对您最重要、哪项最不重要？')
  await label(page, 'designer-q-options', ['价格', '服务', '环境', '位置'])
  await addQuestion(page, 'hotspot', 'q8', '您注意到了哪些货架？')
  await label(page, 'designer-q-options', ['左侧货架', '右侧展台'])
  await panel(page).locator(byTestId('designer-t-image')).fill(SHELF)
  const image = panel(page).locator(byTestId('designer-hotspot-image'))
  await image.waitFor()
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await image.elementHandle())
  // Draw the left shelf's region by dragging on the picture (option A is the target first).
  const canvas = panel(page).locator(byTestId('designer-hotspot-canvas'))
  await canvas.scrollIntoViewIfNeeded()
  const box = await canvas.boundingBox()
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height * 0.1)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5, { steps: 4 })
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.9, { steps: 4 })
  await page.mouse.up()
  // The new rectangle replaces the default one (left 10%, height 35%).
  await page.waitForFunction(() => parseFloat(document.querySelector('[data-testid="designer-hotspot-region-0"]')?.style.height) > 70)
  await screenshot(page, 'd02-hotspot-region')

  // Page 3: a dropdown.
  await page.click(byTestId('designer-add-page'))
  await page.locator(byTestId('designer-page-p3')).waitFor()
  await addQuestion(page, 'dropdown', 'q9', '您喜欢：')

  // The logic, now that every target exists.
  await selectQuestion(page, 'q2')
  // Option jump: shoppers skip the detail page (option settings open under the option's ⚙).
  await panel(page).locator(byTestId('designer-q-options-more-0')).click()
  await pick(page, panel(page).locator(byTestId('jump-target-option-0')), 'p3')
  // Display logic on an option (builder): 看环境 only for those who like the ambience.
  await panel(page).locator(byTestId('designer-q-options-more-2')).click()
  await chosenCondition(page, panel(page).locator(byTestId('designer-option-display-2')), '环境')
  await selectQuestion(page, 'q3')
  // Display logic on a question (builder).
  await chosenCondition(page, panel(page).locator(byTestId('designer-q-display')), '环境')

  // A question-level jump, its condition typed in the advanced text mode: unhappy visitors skip the matrix.
  await selectQuestion(page, 'q4')
  const jumps = panel(page).locator(byTestId('designer-q-jumps'))
  await jumps.locator(byTestId('jumps-add')).click()
  const jump = jumps.locator(byTestId('jump-0'))
  // A new rule starts conditional (its condition editor open), not "always".
  assert.equal(await jump.locator(byTestId('condition-editor')).count(), 1)
  await jump.locator(byTestId('condition-mode-text')).click()
  await jump.locator(byTestId('condition-text')).fill('{q4} <= 2')
  await jump.locator(byTestId('condition-ok')).waitFor()
  await pick(page, jump.locator(byTestId('jump-target-0')), 'q6')
  // The dropdown is to carry the aspects chosen in q1 instead of options of its own. With its own
  // options removed first, the checker reports the error on the question's options, the outline
  // badges it and publishing is blocked; choosing the option source fixes it.
  await selectQuestion(page, 'q9')
  const options = panel(page).locator(byTestId('designer-q-options'))
  while (await options.locator(byTestId('designer-q-options-remove-0')).count()) await options.locator(byTestId('designer-q-options-remove-0')).click()
  await saved(page, true)
  const issue = panel(page).locator(`${byTestId('designer-field-issue')}[data-code="missing"]`).first()
  await issue.waitFor()
  assert.match(await issue.innerText(), /选项/, 'the check message is shown in Chinese')
  await page.locator(`${byTestId('designer-issue')}[data-path="pages[2].questions[0].options"][data-severity="error"]`).waitFor()
  assert.equal(await page.locator(byTestId('designer-badge-q9')).getAttribute('data-errors'), '1')
  await page.locator(`${byTestId('designer-publish-blocked')}[data-blocked="true"]`).waitFor()
  assert.equal(await page.locator(byTestId('designer-publish')).isDisabled(), true)
  await screenshot(page, 'd03-checker-error')
  const source = panel(page).locator(byTestId('designer-q-option-source'))
  await pick(page, source.locator(byTestId('option-source-question')), 'q1')
  await source.locator(byTestId('option-source-mode-selected')).click()
  await saved(page, true)
  await page.locator(`${byTestId('designer-publish-blocked')}[data-blocked="false"]`).waitFor()
  assert.equal(await panel(page).locator(byTestId('designer-field-issue')).count(), 0)
  assert.equal(await page.locator(`${byTestId('designer-issue')}[data-severity="error"]`).count(), 0)
  const titleField = panel(page).locator(byTestId(`designer-q-title-${LOCALE}`))
  await titleField.focus()
  await titleField.press('End')
  await page.locator(`${byTestId('designer-piping')} ${byTestId('piping-menu')}`).click()
  await page.locator(`${byTestId('piping-item-{q1.text}')}:visible`).click()
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === '您喜欢：{q1.text}', `[data-testid="designer-q-title-${LOCALE}"]`)
  await saved(page, true)
  await screenshot(page, 'd04-designer-built')

  // What the designer wrote: every type, the logic, the drawn region.
  const def = await draftOf(id)
  assert.deepEqual(def.pages.map((p) => [p.id, p.questions.map((q) => `${q.id}:${q.type}`)]), [
    ['p1', ['q1:multiple', 'q2:single', 'q3:text']],
    ['p2', ['q4:rating', 'q5:matrix', 'q6:city', 'q7:maxdiff', 'q8:hotspot']],
    ['p3', ['q9:dropdown']],
  ])
  assert.deepEqual(labels(question(def, 'q1').options), ['价格', '服务', '环境'])
  assert.deepEqual(question(def, 'q2').options[0].jump, { to: 'page', target: 'p3' })
  assert.match(question(def, 'q2').options[2].display, /\{q1\}.*'C'/)
  assert.match(question(def, 'q3').display, /\{q1\}.*'C'/)
  assert.deepEqual(question(def, 'q4').jumps, [{ if: '{q4} <= 2', to: 'question', target: 'q6' }])
  assert.deepEqual(labels(question(def, 'q5').rows).slice(0, 2), ['环境', '服务'])
  assert.deepEqual(labels(question(def, 'q5').columns).slice(0, 3), ['好', '一般', '差'])
  assert.deepEqual(labels(question(def, 'q7').options), ['价格', '服务', '环境', '位置'])
  const region = question(def, 'q8').options[0].region
  assert.equal(region.shape, 'rect')
  region.coords.forEach((c, i) => assert.ok(Math.abs(c - [0.05, 0.1, 0.4, 0.8][i]) < 0.03, `region ${region.coords}`))
  assert.equal(question(def, 'q8').image, SHELF)
  assert.deepEqual(question(def, 'q9').options_from, { question: 'q1', mode: 'selected' })
  assert.equal(question(def, 'q9').title[LOCALE] ?? question(def, 'q9').title, '您喜欢：{q1.text}')
  assert.equal(await page.locator(byTestId('designer-publish-blocked')).getAttribute('data-blocked'), 'false', 'the built survey has no check error')

  // Preview on the phone frame: go to page 3 through the page picker; its rules are listed.
  await page.click(byTestId('designer-preview-toggle'))
  const preview = page.locator(byTestId('preview-pane'))
  await preview.locator(byTestId('preview-status')).filter({ hasText: 'p1' }).waitFor()
  const frame = page.frameLocator(byTestId('preview-frame'))
  await frame.getByRole('checkbox', { name: '价格' }).check()
  await frame.getByRole('checkbox', { name: '环境' }).check()
  await frame.getByText('环境哪里让您满意？').waitFor()
  await pick(page, preview.locator(byTestId('preview-page')), 'p3')
  await preview.locator(byTestId('preview-status')).filter({ hasText: 'p3' }).waitFor()
  await frame.getByText('您喜欢：价格, 环境').waitFor()
  await preview.locator(byTestId('preview-rule')).first().waitFor()
  const rules = await preview.locator(byTestId('preview-rule')).allInnerTexts()
  assert.ok(rules.some((r) => r.includes('您喜欢：价格, 环境')), `the piping rule of q9 is listed:\n${rules.join('\n')}`)
  const frameBox = await preview.locator(byTestId('preview-frame')).boundingBox()
  assert.ok(Math.abs(frameBox.width - 360) < 40, `phone frame width ${frameBox.width}`)
  await screenshot(page, 'd05-preview-phone')
  await page.click(byTestId('designer-preview-toggle'))

  // Logic test: 100 simulated respondents reach every question; the jumps thin out page 2.
  await page.click(byTestId('designer-logic-test'))
  const lt = page.locator(`${byTestId('logic-test')}:visible`)
  await lt.waitFor()
  // el-input-number: the data-testid sits on its wrapper, the value in the input inside.
  const runsField = lt.locator(`${byTestId('logic-test-runs')} input`)
  await runsField.fill('100')
  await runsField.press('Tab')
  const seedField = lt.locator(`${byTestId('logic-test-seed')} input`)
  await seedField.fill('7')
  await seedField.press('Tab')
  await lt.locator(byTestId('logic-test-run')).click()
  await lt.locator(byTestId('logic-test-summary')).waitFor()
  assert.match(await lt.locator(byTestId('logic-test-summary')).innerText(), /共 100 次/)
  assert.match(await lt.locator(byTestId('logic-test-seed-used')).innerText(), /\b7\b/)
  assert.equal(await lt.locator(byTestId('logic-test-unreached')).count(), 0, 'no question flagged unreachable')
  const reached = {}
  for (const q of ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']) {
    const row = lt.locator(byTestId(`logic-test-question-${q}`))
    assert.equal(await row.getAttribute('data-unreached'), 'false', `${q} reached`)
    reached[q] = Number(/(\d+)\s*\/\s*100/.exec(await row.innerText())[1])
  }
  assert.equal(reached.q1, 100)
  assert.ok(reached.q9 > 0 && reached.q9 < 100, `q9 carries q1's chosen options, so it is hidden when q1 was skipped (${reached.q9})`)
  assert.ok(reached.q4 < 100 && reached.q4 > 0, `the option jump skips page 2 for some (q4: ${reached.q4})`)
  assert.ok(reached.q5 < reached.q4, `the question jump skips q5 for some (q4 ${reached.q4}, q5 ${reached.q5})`)
  assert.ok(reached.q3 < 100, `q3 shows only when 环境 is liked (${reached.q3})`)
  await screenshot(page, 'd06-logic-test')
  await page.keyboard.press('Escape')
  await lt.waitFor({ state: 'hidden' })

  // Publish with a note: the link and QR code are shown.
  await page.click(byTestId('designer-publish'))
  const publish = openDialog(page, 'publish-dialog')
  await publish.waitFor()
  await publish.locator(byTestId('publish-note')).fill('首版：设计器端到端测试')
  await publish.locator(byTestId('publish-submit')).click()
  const result = openDialog(page, 'publish-result')
  await result.waitFor()
  await result.locator(`${byTestId('survey-qr')}:visible`).waitFor()
  const link = await result.locator(byTestId('survey-link')).inputValue()
  assert.match(link, /\/s\/[A-Za-z0-9]+$/)
  await screenshot(page, 'd07-published')
  await result.locator(byTestId('publish-result-close')).click()
  const versions = await api('GET', `/api/v1/surveys/${id}/versions`)
  assert.equal(versions[0]?.note, '首版：设计器端到端测试')

  // A WeChat visitor on a 360×640 phone answers it.
  const context = await s.browser.newContext({
    viewport: { width: 360, height: 640 }, userAgent: WECHAT_UA, isMobile: true, hasTouch: true, locale: 'zh-CN', reducedMotion: 'reduce',
  })
  const h5 = await context.newPage()
  const errors = []
  h5.on('pageerror', (e) => errors.push(e.message))
  await h5.goto(new URL(link, origin).href)
  const q = (qid) => h5.locator(`#q-${qid}`)
  await q('q1').waitFor()
  // Display logic: the ambience question and the 看环境 option appear once 环境 is liked.
  assert.equal(await q('q3').count(), 0)
  assert.equal(await q('q2').getByText('看环境').count(), 0)
  await h5.getByRole('checkbox', { name: '价格' }).check()
  await h5.getByRole('checkbox', { name: '环境' }).check()
  await q('q3').locator('input').fill('灯光柔和')
  await q('q2').getByText('看环境').waitFor()
  await screenshot(h5, 'd08-h5-page1')
  // The option jump: 购物 skips the rest of page 1 (q3 hides, survey-format §5.2) and page 2.
  await q('q2').getByText('购物').click()
  await q('q3').waitFor({ state: 'hidden' })
  await h5.getByRole('button', { name: '下一页' }).click()
  await q('q9').waitFor()
  assert.equal(await q('q4').count(), 0, 'page 2 was skipped')
  // Piping and the carried options.
  assert.match(await q('q9').innerText(), /您喜欢：价格, 环境/)
  const offered = await q('q9').locator('option').evaluateAll((os) => os.filter((o) => o.value).map((o) => o.textContent.trim()))
  assert.deepEqual(offered, ['价格', '环境'])
  await q('q9').getByRole('combobox').selectOption({ label: '环境' })
  await screenshot(h5, 'd09-h5-page3')
  const final = h5.waitForResponse((r) => r.url().endsWith('/api/v1/responses') && r.request().postDataJSON()?.final === true)
  await h5.getByRole('button', { name: '提交' }).click()
  const done = await final
  assert.equal(done.status(), 200, await done.text())
  await h5.getByText('感谢您的参与！').waitFor()
  await screenshot(h5, 'd10-h5-ending')
  assert.deepEqual(errors, [])
  await context.close()

  // The response arrived, with the answers given and nothing from the skipped page.
  const list = await api('GET', `/api/v1/surveys/${id}/responses`)
  assert.equal(list.length, 1)
  const r = await api('GET', `/api/v1/responses/${list[0].id}`)
  assert.equal(r.status, 'complete')
  assert.match(r.user_agent, /MicroMessenger/)
  assert.deepEqual(r.answers.q1, ['A', 'C'])
  assert.equal(r.answers.q2, 'A')
  assert.equal(r.answers.q3, undefined, 'the option jump from q2 also skips q3, after it on page 1, so its answer is dropped')
  assert.equal(r.answers.q9, 'C')
  assert.equal(r.answers.q4, undefined)
})

/** The Chinese example of docs/text-import.md: ten questions on two pages, mixing number and type markers. */
const TEN_QUESTION_TEXT = `门店满意度调查
感谢您抽出时间参与！

1. 您的性别 [单选题]
A. 男
B. 女

2、您通常在哪些时段光顾？（多选）
A、早餐
B、午餐
C、都不固定 [互斥]
D、其他____

Q3. 您的姓名 [填空题]（选填）

（4）请为本次服务打分 [量表题]
非常不满意
非常满意

=== 分页 ===

*5. 您向朋友推荐本店的可能性有多大？ [NPS]

6. 请评价以下方面 [矩阵单选题]
环境
口味
---
满意
一般
不满意

7. 您最近一次到店的日期 [日期]

8. 您所在的城市 [城市] [选填]

9. 请按重要性排序 [排序题]
- 价格
- 口味
- 服务

10. 还有什么建议？ [简答题]
`

test('pasting a 10-question plain-text survey creates those questions and options', async () => {
  const page = s.admin
  const dialog = await createDialog(page, 'text')
  await dialog.locator(byTestId('text-import-text')).fill(TEN_QUESTION_TEXT)
  await dialog.locator(byTestId('text-import-parse')).click()
  const listed = dialog.locator(byTestId('text-import-question'))
  await listed.nth(9).waitFor()
  assert.equal(await listed.count(), 10)
  const titles = await dialog.locator(`${byTestId('text-import-question')} .text-import__title`).allInnerTexts()
  assert.deepEqual(titles, [
    '您的性别', '您通常在哪些时段光顾？（多选）', '您的姓名', '请为本次服务打分', '您向朋友推荐本店的可能性有多大？',
    '请评价以下方面', '您最近一次到店的日期', '您所在的城市', '请按重要性排序', '还有什么建议？',
  ])
  assert.deepEqual(await listed.nth(0).locator(byTestId('text-import-option')).allInnerTexts(), ['男', '女'])
  assert.deepEqual(await listed.nth(1).locator(byTestId('text-import-option')).allInnerTexts(), ['早餐', '午餐', '都不固定', '其他'])
  assert.deepEqual(await listed.nth(8).locator(byTestId('text-import-option')).allInnerTexts(), ['价格', '口味', '服务'])
  await screenshot(page, 'd11-text-import')
  const id = await createAndOpen(page, dialog)

  // The designer's outline shows exactly those questions, on two pages.
  await page.locator(byTestId('designer-question-q10')).waitFor()
  const outline = await page.locator(`${byTestId('designer-outline')} [data-testid^="designer-question-q"]:not([data-testid*="-up-"]):not([data-testid*="-down-"]):not([data-testid*="-copy-"]):not([data-testid*="-delete-"])`).evaluateAll((els) => els.map((e) => e.dataset.testid.replace('designer-question-', '')))
  assert.deepEqual(outline, ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'])
  for (const [qid, title] of [['q1', '您的性别'], ['q6', '请评价以下方面'], ['q10', '还有什么建议？']]) {
    assert.match(await page.locator(byTestId(`designer-question-${qid}`)).innerText(), new RegExp(title.replace('？', '.')))
  }
  // Options as the property panel shows them.
  await selectQuestion(page, 'q2')
  const optionLabels = async (testid, n) => {
    const out = []
    for (let i = 0; i < n; i++) out.push(await panel(page).locator(byTestId(`${testid}-label-${i}-${LOCALE}`)).inputValue())
    return out
  }
  assert.deepEqual(await optionLabels('designer-q-options', 4), ['早餐', '午餐', '都不固定', '其他'])
  assert.equal(await panel(page).locator(byTestId('designer-q-options-flag-exclusive-2')).locator('input').isChecked(), true)
  assert.equal(await panel(page).locator(byTestId('designer-q-options-flag-other-3')).locator('input').isChecked(), true)
  await selectQuestion(page, 'q6')
  assert.deepEqual(await optionLabels('designer-t-rows', 2), ['环境', '口味'])
  assert.deepEqual(await optionLabels('designer-t-columns', 3), ['满意', '一般', '不满意'])
  await screenshot(page, 'd12-text-import-designer')

  // And the stored draft has the documented types.
  const def = await draftOf(id)
  assert.equal(def.title[LOCALE] ?? def.title, '门店满意度调查')
  assert.deepEqual(def.pages.map((p) => p.questions.map((q) => q.type)), [
    ['single', 'multiple', 'text', 'rating'],
    ['rating', 'matrix', 'date', 'city', 'ranking', 'text'],
  ])
  assert.equal(question(def, 'q5').scale, 'nps')
  assert.equal(question(def, 'q5').required, true)
  assert.equal(question(def, 'q10').input, 'multiline')
  assert.equal(question(def, 'q4').points ?? 5, 5)
  assert.deepEqual([question(def, 'q4').min_label, question(def, 'q4').max_label].map((t) => t?.[LOCALE] ?? t), ['非常不满意', '非常满意'])
  assert.ok(!question(def, 'q3').required && !question(def, 'q8').required, 'marked optional')
  assert.deepEqual(labels(question(def, 'q1').options), ['男', '女'])
  assert.deepEqual(labels(question(def, 'q9').options), ['价格', '口味', '服务'])
})
