import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../../i18n'
import SurveyDesignerView from './SurveyDesignerView.vue'

// Issue #6 items 2, 4 and 7 end to end inside the page: add from the palette,
// save with Ctrl+S and base_rev, show the checks on the element and in the panel.

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const base = {
  id: 's1',
  code: 'abc',
  title: '调查',
  status: 'published',
  draft_rev: 5,
  published_version: 1,
  link: '/s/abc',
  draft: { default_locale: 'zh-CN', locales: ['zh-CN', 'en'], title: { 'zh-CN': '调查' }, pages: [{ id: 'p1', questions: [] }] },
  check: { errors: [], warnings: [], estimated_seconds: 0, question_seconds: {} },
}

const fetch = vi.fn()
const saves: { definition: { pages: { questions: { id: string }[] }[] }; base_rev: number }[] = []

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  saves.length = 0
  fetch.mockReset()
  fetch.mockImplementation(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    if (method === 'PUT' && url.endsWith('/surveys/s1/draft')) {
      const body = JSON.parse(String(init!.body))
      saves.push(body)
      const q = body.definition.pages[0].questions[0]
      return json(200, {
        data: {
          ...base,
          draft_rev: body.base_rev + 1,
          draft: body.definition,
          check: {
            errors: q ? [{ code: 'missing', path: 'pages[0].questions[0].options', reason: 'the question needs at least 1 option(s)', severity: 'error' }] : [],
            warnings: [{ code: 'long_survey', path: '', reason: 'the survey takes about 900 seconds, more than the limit of 600', severity: 'warning' }],
            estimated_seconds: 900,
            question_seconds: {},
          },
        },
      })
    }
    if (url.endsWith('/surveys/s1')) return json(200, { data: base })
    return json(404, { error: { code: 'not_found', message: 'not found', request_id: 'r' } })
  })
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/surveys/:id/design', name: 'survey-design', component: SurveyDesignerView, props: true },
      { path: '/surveys/:id', name: 'survey', component: { render: () => h('p', 'detail') } },
    ],
  })
  await router.push('/surveys/s1/design')
  const wrapper = mount(SurveyDesignerView, { props: { id: 's1' }, global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('SurveyDesignerView', () => {
  it('adds a question from the palette, saves with Ctrl+S and shows the checks where they belong', async () => {
    const w = await mountView()
    expect(w.find('[data-testid="designer-published-note"]').exists()).toBe(true)
    expect(w.find('[data-testid="designer-page-empty-p1"]').exists()).toBe(true)
    expect(w.get('[data-testid="designer-save-status"]').attributes('data-status')).toBe('saved')

    await w.get('[data-testid="designer-palette-single"]').trigger('click')
    expect(w.find('[data-testid="designer-question-q1"]').exists()).toBe(true)
    expect(w.find('[data-testid="designer-question-panel"]').exists()).toBe(true)
    expect(w.get('[data-testid="designer-save-status"]').text()).toBe('未保存的修改')

    // Remove the options so the server reports the missing-options error.
    for (let i = 2; i >= 0; i--) await w.get(`[data-testid="designer-q-options-remove-${i}"]`).trigger('click')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await flushPromises()
    expect(saves).toHaveLength(1)
    expect(saves[0].base_rev).toBe(5)
    expect(saves[0].definition.pages[0].questions.map((q) => q.id)).toEqual(['q1'])
    expect(w.get('[data-testid="designer-save-status"]').attributes('data-status')).toBe('saved')

    expect(w.get('[data-testid="designer-badge-q1"]').attributes('data-errors')).toBe('1')
    expect(w.get('[data-testid="designer-question-panel"]').text()).toContain('the question needs at least 1 option(s)')
    expect(w.findAll('[data-testid="designer-issue"]')).toHaveLength(1)
    expect(w.find('[data-testid="designer-length-warning"]').exists()).toBe(true)

    // Each removal is its own undo step; Delete removes the selected question.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))
    await flushPromises()
    expect(w.findAll('[data-testid^="designer-q-options-row-"]')).toHaveLength(1)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, metaKey: false }))
    await flushPromises()
    expect(w.findAll('[data-testid^="designer-q-options-row-"]')).toHaveLength(2)
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }))
    await flushPromises()
    expect(w.find('[data-testid="designer-question-q1"]').exists()).toBe(false)
    await flushPromises()
    w.unmount()
  })

  it('on an edit conflict pauses autosave, keeps the work and offers the three ways out', async () => {
    const w = await mountView()
    fetch.mockImplementation(async (_url: string, init?: RequestInit) => {
      if ((init?.method ?? 'GET') === 'PUT') {
        saves.push(JSON.parse(String(init!.body)))
        return json(409, { error: { code: 'survey_edit_conflict', message: 'someone else saved', request_id: 'r' } })
      }
      return json(200, { data: base })
    })
    await w.get('[data-testid="designer-palette-text"]').trigger('click')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', metaKey: true }))
    await flushPromises()
    expect(saves).toHaveLength(1)
    expect(w.get('[data-testid="designer-save-status"]').attributes('data-status')).toBe('conflict')
    expect(w.find('[data-testid="designer-conflict"]').exists()).toBe(true)
    for (const id of ['designer-conflict-reload', 'designer-conflict-overwrite', 'designer-conflict-copy'])
      expect(w.find(`[data-testid="${id}"]`).exists()).toBe(true)
    expect(w.find('[data-testid="designer-question-q1"]').exists()).toBe(true)
    // Loading theirs replaces the draft; undo brings mine back.
    await w.get('[data-testid="designer-conflict-reload"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="designer-question-q1"]').exists()).toBe(false)
    expect(w.get('[data-testid="designer-save-status"]').attributes('data-status')).toBe('saved')
    await w.get('[data-testid="designer-undo"]').trigger('click')
    expect(w.find('[data-testid="designer-question-q1"]').exists()).toBe(true)
    await flushPromises()
    w.unmount()
  })
})
