// Issue #6 item 5: live preview in a phone frame, jump to any page, see which rules fired.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { i18n } from '../../../i18n'
import PreviewPane from './PreviewPane.vue'

const definition: SurveyDefinition = {
  pages: [
    { id: 'p1', title: 'Start', questions: [{ id: 'q1', type: 'single', title: 'Happy?', options: [{ code: 'y' }, { code: 'n' }] }] },
    { id: 'p2', questions: [{ id: 'q2', type: 'text', title: 'Why not?' }] },
  ],
}

let wrapper: VueWrapper
let frameWindow: Window
let posted: ReturnType<typeof vi.fn>

const $ = (id: string) => wrapper.find(`[data-testid="${id}"]`)

/** The frame posting to the designer, as the runtime on /s/_preview does. */
function fromFrame(data: unknown, source: unknown = frameWindow, origin = window.location.origin) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }))
}

const state = (over: Record<string, unknown> = {}) => ({
  type: 'opencem:preview-state',
  page: 'p1',
  pages: ['p1', 'p2'],
  visible_pages: ['p1', 'p2'],
  visible_questions: ['q1'],
  hidden_questions: [],
  rules: [],
  outcome: '',
  ending: '',
  ...over,
})

async function mountPane(props: Record<string, unknown> = {}) {
  wrapper = mount(PreviewPane, { props: { definition, locale: 'zh-CN', ...props }, global: { plugins: [i18n] }, attachTo: document.body })
  const iframe = $('preview-frame').element as HTMLIFrameElement
  frameWindow = iframe.contentWindow as Window
  posted = vi.fn()
  frameWindow.postMessage = posted as unknown as Window['postMessage']
  await flushPromises()
}

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

afterEach(() => {
  wrapper?.unmount()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('PreviewPane', () => {
  it('loads the survey into the frame when it is ready, on our origin only', async () => {
    await mountPane()
    expect($('preview-frame').attributes('src')).toBe('/s/_preview?lang=zh-CN')
    expect($('preview-waiting').exists()).toBe(true)
    expect(posted).not.toHaveBeenCalled()

    // Someone else's window, or our window on another origin, is ignored.
    fromFrame({ type: 'opencem:preview-ready' }, window)
    fromFrame({ type: 'opencem:preview-ready' }, frameWindow, 'https://evil.example')
    expect(posted).not.toHaveBeenCalled()

    fromFrame({ type: 'opencem:preview-ready' })
    await flushPromises()
    expect(posted).toHaveBeenCalledTimes(1)
    const [msg, target] = posted.mock.calls[0]
    expect(target).toBe(window.location.origin)
    expect(msg).toEqual({ type: 'opencem:preview-load', definition, locale: 'zh-CN' })
  })

  it('shows the state the frame reports: page, outcome, rules that held or not, errors', async () => {
    await mountPane()
    fromFrame({ type: 'opencem:preview-ready' })
    fromFrame(
      state({
        page: 'p2',
        visible_questions: ['q2'],
        hidden_questions: ['q3'],
        rules: [
          { kind: 'jump', element: 'pages[0].questions[0].jumps[0]', holds: false, detail: 'true → end' },
          { kind: 'display', element: 'pages[1].questions[0]', holds: true, detail: '{q1} = "n"' },
          { kind: 'option_jump', element: 'pages[1].questions[0].options[0]', holds: false },
          { kind: 'assign', element: 'assign[0]', holds: true, detail: 'true → $var.x' },
        ],
        outcome: 'screen_out',
        ending: 'out',
        error: 'q2: required',
      }),
    )
    await flushPromises()
    expect($('preview-status').text()).toBe('Page p2 (2 of 2), 1 questions shown, 1 hidden')
    expect($('preview-outcome').text()).toContain('Screened out')
    expect($('preview-outcome').text()).toContain('Ending: out')
    expect($('preview-error').text()).toContain('q2: required')
    // Only the rules of the current page (p2) by default.
    let rules = wrapper.findAll('[data-testid="preview-rule"]')
    expect(rules.map((r) => r.attributes('data-holds'))).toEqual(['true', 'false', 'true'])
    expect(rules[2].text()).toContain('Assignment')
    expect(rules[2].text()).toContain('assign 1')
    expect(rules[0].text()).toContain('Display')
    expect(rules[0].text()).toContain('p2 › q2 · Why not?')
    expect(rules[0].text()).toContain('{q1} = "n"')
    expect(rules[1].text()).toContain('does not hold')
    expect($('preview-hidden').text()).toContain('q3')

    await $('preview-all-rules').trigger('click')
    rules = wrapper.findAll('[data-testid="preview-rule"]')
    expect(rules).toHaveLength(4)
    expect(rules[0].text()).toContain('p1 › q1 › jumps 1 · Happy?')
    await rules[0].trigger('click')
    expect(wrapper.emitted('select')).toEqual([['pages[0].questions[0].jumps[0]']])

    // One-page mode has no current page.
    fromFrame(state({ page: '', visible_questions: ['q1', 'q2'] }))
    await flushPromises()
    expect($('preview-status').text()).toBe('All questions on one page: 2 shown, 0 hidden')
  })

  it('jumps to a picked page and resets', async () => {
    await mountPane()
    fromFrame({ type: 'opencem:preview-ready' })
    fromFrame(state())
    await flushPromises()
    posted.mockClear()
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'p2')
    await $('preview-reset').trigger('click')
    expect(posted.mock.calls.map((c) => c[0])).toEqual([{ type: 'opencem:preview-goto', page: 'p2' }, { type: 'opencem:preview-reset' }])
  })

  it('sends edits after a pause, keeping the answers and the current page', async () => {
    vi.useFakeTimers()
    await mountPane({ debounceMs: 300 })
    fromFrame({ type: 'opencem:preview-ready' })
    fromFrame(state({ page: 'p2' }))
    await flushPromises()
    posted.mockClear()

    const edited = JSON.parse(JSON.stringify(definition)) as SurveyDefinition
    edited.pages![1].questions[0].title = 'Why?'
    await wrapper.setProps({ definition: edited })
    edited.pages![1].questions[0].title = 'Why not, then?'
    await wrapper.setProps({ definition: JSON.parse(JSON.stringify(edited)) })
    vi.advanceTimersByTime(299)
    expect(posted).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    // Two quick edits, one load: the last.
    expect(posted).toHaveBeenCalledTimes(1)
    expect(posted.mock.calls[0][0]).toMatchObject({ type: 'opencem:preview-load', page: 'p2', keepAnswers: true, locale: 'zh-CN' })
    expect(posted.mock.calls[0][0].definition.pages[1].questions[0].title).toBe('Why not, then?')
  })

  it('switches between the phone and the desktop frame', async () => {
    await mountPane()
    expect(wrapper.find('.preview__device--phone').exists()).toBe(true)
    await $('preview-device-desktop').find('input').setValue(true)
    expect(wrapper.find('.preview__device--desktop').exists()).toBe(true)
  })
})
