// The survey panel declares hidden fields: typed URL parameters with allowed
// values that can prefill a question (issue #5 item 3, clause 6.3.2a).
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reactive, type VNode } from 'vue'
import type { SurveyDefinition } from '../../api/surveyTypes'
import { i18n } from '../../i18n'
import SurveyPanel from './SurveyPanel.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

afterEach(() => {
  document.body.innerHTML = ''
})

function mountPanel() {
  const doc = reactive<SurveyDefinition>({
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'store', type: 'text', title: 'Store' },
          { id: 'when', type: 'date', title: 'When', range: true },
          { id: 'm', type: 'matrix', title: 'Grid' },
        ],
      },
    ],
  })
  const w = mount(SurveyPanel, {
    props: {
      definition: doc,
      locales: ['zh-CN'],
      issues: [],
      // The designer applies structural edits to its draft; here, to doc.
      onStructural: (fn: (d: SurveyDefinition) => void) => fn(doc),
    },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  return { w, doc }
}

/** The text box of an Element Plus input, whether its data-testid sits on the input or on its wrapper. */
function textBox(w: ReturnType<typeof mountPanel>['w'], testid: string) {
  const el = w.get(`[data-testid="${testid}"]`)
  return el.element.tagName === 'INPUT' ? el : el.get('input')
}

describe('hidden fields', () => {
  it('adds a typed field with allowed values and a prefilled question, and removes it', async () => {
    const { w, doc } = mountPanel()
    await w.get('[data-testid="designer-s-add-param"]').trigger('click')
    expect(doc.params).toEqual([{ id: 'p1', type: 'string' }])

    await textBox(w, 'designer-s-param-values-0').setValue('S001， S002,, ')
    expect(doc.params![0].values).toEqual(['S001', 'S002'])

    // Only questions a parameter can prefill are offered: not a date range, not a matrix.
    const prefill = w.getComponent('[data-testid="designer-s-param-prefill-0"]') as VueWrapper
    const offered = (prefill.vm.$slots.default?.() ?? [])
      .flatMap((v: VNode) => (Array.isArray(v.children) ? (v.children as VNode[]) : [v]))
      .map((v: VNode) => (v.props as { value?: string } | null)?.value)
    expect(offered).toEqual(['store'])
    prefill.vm.$emit('update:modelValue', 'store')
    await flushPromises()
    expect(doc.params![0]).toEqual({ id: 'p1', type: 'string', values: ['S001', 'S002'], prefill: 'store' })

    await textBox(w, 'designer-s-param-values-0').setValue('')
    expect(doc.params![0]).toEqual({ id: 'p1', type: 'string', prefill: 'store' })

    await w.get('[data-testid="designer-s-param-remove-0"]').trigger('click')
    expect(doc.params).toBeUndefined()
  })
})
