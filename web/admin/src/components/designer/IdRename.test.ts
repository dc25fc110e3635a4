// Id fields of the panels rename through rename.ts on blur or Enter, as one
// undo step, and refuse invalid or taken ids with a message (issue #6 item 2).
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import type { SurveyDefinition } from '../../api/surveyTypes'
import { useDesigner, type DesignerBackend } from '../../composables/designer/useDesigner'
import { i18n } from '../../i18n'
import PagePanel from './PagePanel.vue'
import { provideCheckpoint } from './piping'
import QuestionPanel from './QuestionPanel.vue'
import SurveyPanel from './SurveyPanel.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

afterEach(() => {
  document.body.innerHTML = ''
})

function fixture(): SurveyDefinition {
  return {
    default_locale: 'zh-CN',
    locales: ['zh-CN', 'en'],
    variables: [{ id: 'score', type: 'number' }],
    endings: [{ id: 'e1' }],
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'q1', type: 'single', title: { 'zh-CN': '选择', en: 'Pick' }, options: [{ code: 'A' }, { code: 'B' }], jumps: [{ if: "{q1} = 'B'", to: 'page', target: 'p2' }] },
          { id: 'q10', type: 'text', title: { 'zh-CN': '你选了{q1.text}', en: 'You chose {q1.text}' }, display: "{q1} = 'A' and {q10} != 'q1'" },
          { id: 'q11', type: 'text', display: '{$var.score} > 2', jumps: [{ to: 'end', target: 'e1' }] },
        ],
      },
      { id: 'p2', questions: [{ id: 'q2', type: 'text' }] },
    ],
  }
}

async function mountPanel(kind: 'question' | 'page' | 'survey') {
  const backend: DesignerBackend = {
    load: async () => ({ draft: fixture(), draft_rev: 1, check: { errors: [], warnings: [], estimated_seconds: 0, question_seconds: {} } }) as never,
    save: async () => {
      throw new Error('not saved in this test')
    },
  }
  // A constant clock: every edit would coalesce into one undo step but for the checkpoints.
  const designer = useDesigner('s1', { backend, delay: 1e9, now: () => 0 })
  await designer.load()
  const Host = defineComponent({
    setup() {
      provideCheckpoint(designer.checkpoint)
      return () => {
        const d = designer.doc.value
        const common = { definition: d, locales: ['zh-CN', 'en'], issues: [] }
        if (kind === 'survey') return h(SurveyPanel, common)
        return kind === 'question'
          ? h(QuestionPanel, { ...common, question: d.pages![0].questions[0], path: 'pages[0].questions[0]' })
          : h(PagePanel, { ...common, page: d.pages![1], path: 'pages[1]' })
      }
    },
  })
  const w = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return { w, designer }
}

const input = (w: ReturnType<typeof mount>, testid: string) => {
  const el = w.find(`[data-testid="${testid}"]`)
  return el.element.tagName === 'INPUT' ? el : el.find('input')
}

describe('id fields rename', () => {
  it('renames a question on blur, every reference following, as one undo step', async () => {
    const { w, designer } = await mountPanel('question')
    designer.doc.value.title = 'an earlier edit'
    const before = JSON.stringify(designer.doc.value)
    const field = input(w, 'designer-q-id')
    await field.setValue('brand')
    // Typing alone changes nothing: the rename happens on blur.
    expect(designer.doc.value.pages![0].questions[0].id).toBe('q1')
    await field.trigger('blur')
    const q10 = designer.doc.value.pages![0].questions[1]
    expect(designer.doc.value.pages![0].questions[0].id).toBe('brand')
    expect(q10.display).toBe("{brand} = 'A' and {q10} != 'q1'")
    expect(q10.title).toEqual({ 'zh-CN': '你选了{brand.text}', en: 'You chose {brand.text}' })
    designer.undo()
    expect(JSON.stringify(designer.doc.value)).toBe(before)
    designer.undo()
    expect(designer.doc.value.title).toBeUndefined()
    designer.dispose()
  })

  it('refuses a taken or invalid id with a message and changes nothing', async () => {
    const { w, designer } = await mountPanel('question')
    const before = JSON.stringify(designer.doc.value)
    const field = input(w, 'designer-q-id')
    await field.setValue('q10')
    await field.trigger('keydown', { key: 'Enter' })
    expect(w.find('[data-testid="designer-q-id-problem"]').text()).toContain('already used')
    await field.setValue('bad id')
    await field.trigger('blur')
    expect(w.find('[data-testid="designer-q-id-problem"]').text()).toContain('cannot be an id')
    expect(JSON.stringify(designer.doc.value)).toBe(before)
    expect(designer.canUndo.value).toBe(false)
    // Escape gives the old id back.
    await field.trigger('keydown', { key: 'Escape' })
    expect((field.element as HTMLInputElement).value).toBe('q1')
    expect(w.find('[data-testid="designer-q-id-problem"]').exists()).toBe(false)
    designer.dispose()
  })

  it('renames an option code from the options editor', async () => {
    const { w, designer } = await mountPanel('question')
    const field = input(w, 'designer-q-options-id-0')
    await field.setValue('apple')
    await field.trigger('keydown', { key: 'Enter' })
    expect(designer.doc.value.pages![0].questions[0].options!.map((o) => o.code)).toEqual(['apple', 'B'])
    expect(designer.doc.value.pages![0].questions[1].display).toBe("{q1} = 'apple' and {q10} != 'q1'")
    designer.undo()
    expect(designer.doc.value.pages![0].questions[1].display).toBe("{q1} = 'A' and {q10} != 'q1'")
    designer.dispose()
  })

  it('renames a page and the jumps to it', async () => {
    const { w, designer } = await mountPanel('page')
    const field = input(w, 'designer-p-id')
    await field.setValue('second')
    await field.trigger('blur')
    expect(designer.doc.value.pages![1].id).toBe('second')
    expect(designer.doc.value.pages![0].questions[0].jumps![0].target).toBe('second')
    designer.undo()
    expect(designer.doc.value.pages![0].questions[0].jumps![0].target).toBe('p2')
    designer.dispose()
  })

  it('renames a variable and an ending from the survey panel', async () => {
    const { w, designer } = await mountPanel('survey')
    const variable = input(w, 'designer-s-variable-id-0')
    await variable.setValue('points')
    await variable.trigger('blur')
    const q11 = () => designer.doc.value.pages![0].questions[2]
    expect(designer.doc.value.variables![0].id).toBe('points')
    expect(q11().display).toBe('{$var.points} > 2')
    const ending = input(w, 'designer-s-ending-id-0')
    await ending.setValue('thanks')
    await ending.trigger('keydown', { key: 'Enter' })
    expect(q11().jumps![0].target).toBe('thanks')
    designer.undo()
    expect(q11().jumps![0].target).toBe('e1')
    expect(q11().display).toBe('{$var.points} > 2')
    designer.dispose()
  })
})
