// Issue #6 item 5: the logic test answers the survey N times at random and
// flags questions nobody reaches and endings nobody gets.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { i18n } from '../../../i18n'
import LogicTestPanel from './LogicTestPanel.vue'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const definition = {
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'rating', title: { en: 'Recommend?', 'zh-CN': '推荐吗？' } },
        { id: 'why', type: 'text', title: 'Why?', display: '{nps} > 10' },
      ],
    },
    { id: 'p2', questions: [{ id: 'fix', type: 'text', title: 'Fix what?' }] },
  ],
  endings: [
    { id: 'thanks', text: 'Thanks' },
    { id: 'out', kind: 'screen_out', text: 'Bye' },
  ],
} as unknown as SurveyDefinition

// Listed by the server in its own order; the panel shows page order.
const result = {
  runs: 200,
  seed: 987654,
  completed: 150,
  screened_out: 47,
  stuck: 3,
  pages: [
    { id: 'p1', reached: 200 },
    { id: 'p2', reached: 120 },
  ],
  questions: [
    { id: 'fix', page: 'p2', reached: 120, answered: 100 },
    { id: 'nps', page: 'p1', reached: 200, answered: 200 },
    { id: 'why', page: 'p1', reached: 0, answered: 0 },
  ],
  endings: [
    { id: 'out', kind: 'screen_out', reached: 0 },
    { id: 'thanks', kind: 'complete', reached: 150 },
    { id: '', kind: 'screen_out', reached: 47 },
  ],
  unreached_questions: ['why'],
  unreached_endings: ['out'],
  problems: [{ question: 'fix', code: 'pattern', count: 3 }],
}

const fetch = vi.fn()
let wrapper: VueWrapper
const $ = (id: string) => wrapper.find(`[data-testid="${id}"]`)

beforeEach(() => {
  i18n.global.locale.value = 'en'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  wrapper?.unmount()
  vi.unstubAllGlobals()
})

async function mountPanel() {
  wrapper = mount(LogicTestPanel, { props: { surveyId: 's 1', definition }, global: { plugins: [i18n] } })
  await flushPromises()
}

describe('LogicTestPanel', () => {
  it('runs 200 simulations by default, shows the seed the server chose, and lists reach in page order', async () => {
    fetch.mockResolvedValue(json(200, { data: result }))
    await mountPanel()
    expect($('logic-test-empty').exists()).toBe(true)
    await $('logic-test-run').trigger('click')
    await flushPromises()

    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/surveys/s%201/simulate')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ runs: 200 })
    expect($('logic-test-seed-used').text()).toContain('987654')
    expect($('logic-test-summary').text()).toContain('200 runs: 150 completed, 47 screened out, 3 stuck.')

    const rows = wrapper.findAll('[data-testid^="logic-test-question-"]')
    expect(rows.map((r) => r.attributes('data-testid'))).toEqual(['logic-test-question-nps', 'logic-test-question-why', 'logic-test-question-fix'])
    expect(rows[0].text()).toContain('Recommend?')
    expect(rows[0].text()).toContain('100%')
    expect(rows[2].text()).toContain('60%')
    expect(rows[2].text()).toContain('120 / 200')
  })

  it('flags unreached questions and endings in red with a reason, and lists stuck runs and problems', async () => {
    fetch.mockResolvedValue(json(200, { data: result }))
    await mountPanel()
    await $('logic-test-run').trigger('click')
    await flushPromises()

    expect($('logic-test-unreached').text()).toContain('2 questions or endings')
    const why = $('logic-test-question-why')
    expect(why.attributes('data-unreached')).toBe('true')
    expect(why.classes()).toContain('logic-test__row--unreached')
    expect(why.text()).toContain('Its display condition never held.')
    expect($('logic-test-question-nps').attributes('data-unreached')).toBe('false')

    const endings = wrapper.findAll('[data-testid^="logic-test-ending-"]')
    expect(endings.map((r) => r.attributes('data-testid'))).toEqual(['logic-test-ending-thanks', 'logic-test-ending-out', 'logic-test-ending-default-screen_out'])
    expect(endings[2].text()).toContain('Default ending')
    expect(endings[2].attributes('data-unreached')).toBe('false')
    expect(endings[1].attributes('data-unreached')).toBe('true')
    expect(endings[1].text()).toContain('Screen-out')
    expect(endings[1].text()).toContain('No jump or outcome ever leads here.')

    expect($('logic-test-stuck').text()).toContain('3 runs could not go on')
    expect(wrapper.findAll('[data-testid="logic-test-problem"]').map((p) => p.text())).toEqual(['fix · Fix what?: pattern, 3 times'])
  })

  it('repeats a run with the seed typed in and the runs chosen', async () => {
    fetch.mockResolvedValue(json(200, { data: { ...result, seed: 42 } }))
    await mountPanel()
    await $('logic-test-runs').find('input').setValue('500')
    await $('logic-test-seed').find('input').setValue('42')
    await $('logic-test-run').trigger('click')
    await flushPromises()
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({ runs: 500, seed: 42 })
    expect($('logic-test-seed-used').text()).toContain('42')
  })

  it('emits the path of a clicked question or ending', async () => {
    fetch.mockResolvedValue(json(200, { data: result }))
    await mountPanel()
    await $('logic-test-run').trigger('click')
    await flushPromises()
    await $('logic-test-question-fix').trigger('click')
    await $('logic-test-question-why').trigger('keydown', { key: 'Enter' })
    await $('logic-test-ending-out').trigger('click')
    expect(wrapper.emitted('select')).toEqual([['pages[1].questions[0]'], ['pages[0].questions[1]'], ['endings[1]']])
  })

  it('says why a run failed', async () => {
    fetch.mockResolvedValue(json(409, { error: { code: 'survey_invalid', message: 'The draft has errors.', request_id: 'r' } }))
    await mountPanel()
    await $('logic-test-run').trigger('click')
    await flushPromises()
    expect($('logic-test-error').text()).not.toBe('')
    expect($('logic-test-summary').exists()).toBe(false)
  })
})
