// Issue #6 item 1: create a survey by pasting it as plain text (one question
// per paragraph, options one per line), checked before anything is created.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import SurveyCreateDialog from './SurveyCreateDialog.vue'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const TEXT = '您满意吗？[单选题]\n满意\n不满意\n\n建议？[填空题]'
const parsed = {
  definition: {
    format_version: 1,
    title: '问卷',
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'q1', type: 'single', title: '您满意吗？', options: [{ code: '1', label: '满意' }, { code: '2', label: '不满意' }] },
          { id: 'q2', type: 'text', title: '建议？' },
        ],
      },
    ],
  },
  questions: 2,
  warnings: [{ line: 4, reason: 'an empty option was dropped' }],
}
const created = { id: 's9', title: '问卷', draft: parsed.definition }

const fetch = vi.fn()
let wrapper: VueWrapper
const $ = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null
const $$ = (id: string) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent?.trim() ?? '')
const textarea = () => $('text-import-text') as HTMLTextAreaElement
const calls = (suffix: string) => fetch.mock.calls.filter(([u, init]) => String(u).endsWith(suffix) && init?.method === 'POST')

/** Routes: the template list (shown first), parse-text and create. */
function serve(routes: { parse?: () => Response; create?: () => Response } = {}) {
  fetch.mockImplementation(async (url: string) => {
    const u = String(url)
    if (u.endsWith('/surveys/parse-text')) return routes.parse ? routes.parse() : json(200, { data: parsed })
    if (u.endsWith('/surveys')) return routes.create ? routes.create() : json(201, { data: created })
    return json(200, { data: [], meta: {} })
  })
}

async function type(text: string) {
  textarea().value = text
  textarea().dispatchEvent(new Event('input'))
  await flushPromises()
}

async function openTextTab() {
  wrapper = mount(SurveyCreateDialog, { props: { modelValue: true }, global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  const radio = $('survey-create-mode-text')?.querySelector('input') as HTMLInputElement
  radio.checked = true
  radio.dispatchEvent(new Event('change'))
  await flushPromises()
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  wrapper?.unmount()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('SurveyCreateDialog, paste text', () => {
  it('offers the tab with an example in the documented format', async () => {
    serve()
    await openTextTab()
    expect($('survey-create-mode-text')?.textContent).toContain('粘贴文本')
    expect(textarea().placeholder).toContain('[单选题]')
    expect(textarea().placeholder).toContain('[填空题]')
    expect(textarea().placeholder).toMatch(/\n\n/)
  })

  it('shows the parsed questions, options and warnings with line numbers, then creates', async () => {
    serve()
    await openTextTab()
    await type(TEXT)
    $('text-import-parse')?.click()
    await flushPromises()
    expect(JSON.parse(calls('/surveys/parse-text')[0][1].body)).toEqual({ text: TEXT, locale: 'zh-CN' })
    expect($$('text-import-question')).toHaveLength(2)
    expect($$('text-import-question')[0]).toContain('单选')
    expect($$('text-import-question')[0]).toContain('您满意吗？')
    expect($$('text-import-option')).toEqual(['满意', '不满意'])
    expect($$('text-import-warning')).toEqual(['第 4 行：an empty option was dropped'])

    $('survey-create-submit')?.click()
    await flushPromises()
    // Parsed once: the text did not change since.
    expect(calls('/surveys/parse-text')).toHaveLength(1)
    expect(JSON.parse(calls('/surveys')[0][1].body)).toEqual({ definition: parsed.definition })
    expect(wrapper.emitted('created')?.[0]).toEqual([created])
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([false])
  })

  it('parses again before creating when the text changed, and applies a typed title', async () => {
    serve()
    await openTextTab()
    await type(TEXT)
    $('text-import-parse')?.click()
    await flushPromises()
    await type(`${TEXT}\n\n还有吗？`)
    expect(document.body.textContent).toContain('文本已修改')
    const title = $('survey-create-title') as HTMLInputElement
    title.value = '门店调查'
    title.dispatchEvent(new Event('input'))
    $('survey-create-submit')?.click()
    await flushPromises()
    expect(calls('/surveys/parse-text')).toHaveLength(2)
    expect(JSON.parse(calls('/surveys/parse-text')[1][1].body).text).toBe(`${TEXT}\n\n还有吗？`)
    expect(JSON.parse(calls('/surveys')[0][1].body).definition.title).toBe('门店调查')
  })

  it('never loses the text: not on a parse error, not on a create error, not on closing', async () => {
    let parseFails = true
    serve({
      parse: () => (parseFails ? json(500, { error: { code: 'internal', message: 'Something broke.', request_id: 'r' } }) : json(200, { data: parsed })),
      create: () => json(400, { error: { code: 'validation_failed', message: 'Invalid.', fields: [{ name: 'title', reason: 'too_long' }], request_id: 'r' } }),
    })
    await openTextTab()
    await type(TEXT)
    $('text-import-parse')?.click()
    await flushPromises()
    expect($('text-import-error')?.textContent).toContain('Something broke.')
    expect(textarea().value).toBe(TEXT)

    parseFails = false
    $('survey-create-submit')?.click()
    await flushPromises()
    expect(calls('/surveys')).toHaveLength(1)
    expect(wrapper.emitted('created')).toBeUndefined()
    expect(textarea().value).toBe(TEXT)

    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const radio = $('survey-create-mode-text')?.querySelector('input') as HTMLInputElement
    radio.checked = true
    radio.dispatchEvent(new Event('change'))
    await flushPromises()
    expect(textarea().value).toBe(TEXT)
  })

  it('asks for text, and refuses a text in which no question was recognised', async () => {
    serve({ parse: () => json(200, { data: { definition: null, questions: [], warnings: [{ line: 0, reason: 'no question found' }] } }) })
    await openTextTab()
    $('survey-create-submit')?.click()
    await flushPromises()
    expect($('text-import-error')?.textContent).toContain('请先粘贴问卷文本')
    expect(calls('/surveys/parse-text')).toHaveLength(0)

    await type('just words')
    $('survey-create-submit')?.click()
    await flushPromises()
    expect($('text-import-error')?.textContent).toContain('没有识别出题目')
    expect(calls('/surveys')).toHaveLength(0)
  })
})
