import { flushPromises, mount } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import ConditionEditor from './ConditionEditor.vue'
import { fixture } from './fixture'

const def = fixture()
const mountEditor = (props: Record<string, unknown>) => mount(ConditionEditor, { props: { definition: def, at: 'why', ...props }, global: { plugins: [i18n] } })
const tid = (id: string) => `[data-testid="${id}"]`
const last = (w: ReturnType<typeof mountEditor>) => w.emitted('update:modelValue')?.at(-1)?.[0]

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

describe('ConditionEditor', () => {
  it('opens a condition it can represent in the builder and tells it in words', () => {
    const w = mountEditor({ modelValue: "{sat} = 'A'" })
    expect(w.find(tid('condition-subject-0-0')).exists()).toBe(true)
    expect(w.find(tid('condition-summary')).text()).toBe("When sat is 'Very satisfied'")
    i18n.global.locale.value = 'zh-CN'
    return flushPromises().then(() => expect(w.find(tid('condition-summary')).text()).toBe('当 sat 选择了「非常满意」'))
  })

  it('builds a condition row by row and emits the logic language', async () => {
    const w = mountEditor({ modelValue: undefined })
    await w.find(tid('condition-add-row')).trigger('click')
    expect(last(w)).toBeUndefined() // a row without a value writes nothing yet
    const selects = () => w.findAllComponents(ElSelect)
    selects()[0].vm.$emit('update:modelValue', 'like') // subject
    await flushPromises()
    selects()[1].vm.$emit('update:modelValue', 'anyof')
    await flushPromises()
    selects()[2].vm.$emit('update:modelValue', ['price', 'svc'])
    await flushPromises()
    expect(last(w)).toBe("{like} anyof ['price', 'svc']")
    await w.find(tid('condition-add-group')).trigger('click')
    w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'condition-subject-1-0')!.vm.$emit('update:modelValue', 'nps')
    await flushPromises()
    w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'condition-op-1-0')!.vm.$emit('update:modelValue', 'answered')
    await flushPromises()
    expect(last(w)).toBe("{like} anyof ['price', 'svc'] and notEmpty({nps})")
    w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'condition-join')!.vm.$emit('update:modelValue', 'or')
    await flushPromises()
    expect(last(w)).toBe("{like} anyof ['price', 'svc'] or notEmpty({nps})")
    await w.find(tid('condition-remove-0-0')).trigger('click')
    expect(last(w)).toBe('notEmpty({nps})')
    expect(w.props('modelValue')).toBeUndefined() // props are never mutated
  })

  it('opens what the builder cannot show in text mode, unchanged, and keeps the builder locked', () => {
    const src = 'count({like}) >= 2'
    const w = mountEditor({ modelValue: src })
    expect((w.find(`textarea${tid('condition-text')}`).element as HTMLTextAreaElement).value).toBe(src)
    expect(w.find(tid('condition-not-representable')).exists()).toBe(true)
    expect(w.find(tid('condition-mode-builder')).attributes('disabled')).toBeDefined()
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })

  it('validates as you type with the parser’s message and position, and flags later questions', async () => {
    const w = mountEditor({ modelValue: 'notEmpty({sat})', prefer: 'text' })
    await w.find(tid('condition-mode-text')).trigger('click')
    const area = w.find('textarea')
    await area.setValue("{sat} = 'A' and")
    expect(last(w)).toBe("{sat} = 'A' and")
    expect(w.find(tid('condition-error')).text()).toMatch(/^Line 1, column 16: unexpected end/)
    await area.setValue('{fix} > 1')
    expect(w.find(tid('condition-error')).exists()).toBe(false)
    expect(w.find(tid('condition-ref-problem')).text()).toContain('{fix} does not come before')
    await area.setValue('{nps} > 1')
    expect(w.find(tid('condition-ok')).exists()).toBe(true)
  })

  it('completes { with the questions before the rule', async () => {
    const w = mount(ConditionEditor, { props: { definition: def, at: 'why', prefer: 'text' }, global: { plugins: [i18n] }, attachTo: document.body })
    const area = w.find('textarea')
    ;(area.element as HTMLTextAreaElement).value = '{'
    ;(area.element as HTMLTextAreaElement).setSelectionRange(1, 1)
    await area.trigger('input')
    expect(w.findAll('[data-testid^="condition-complete-"]').map((b) => b.attributes('data-testid'))).toEqual(
      ['sat', 'like', 'nps', '$param.ch', '$param.store', '$param.age', '$var.score', '$var.seg'].map((k) => `condition-complete-${k}`),
    )
    expect(w.find(tid('condition-complete-why')).exists()).toBe(false)
    await w.find(tid('condition-complete-nps')).trigger('mousedown')
    expect(last(w)).toBe('{nps}')
    await flushPromises()
    w.unmount()
  })

  it('uses the given test id for the text field (quota table)', () => {
    const w = mountEditor({ at: '', prefer: 'text', textTestid: 'quota-condition-0' })
    expect(w.find(`textarea${tid('quota-condition-0')}`).exists()).toBe(true)
  })
})

describe('ConditionEditor when the survey changes', () => {
  it('falls back to text mode, keeping the condition, when a referenced question moves after the rule', async () => {
    const d = fixture()
    const w = mount(ConditionEditor, { props: { definition: d, at: 'why', modelValue: '{nps} > 8' }, global: { plugins: [i18n] } })
    expect(w.find(tid('condition-subject-0-0')).exists()).toBe(true)
    const moved = fixture()
    const [p1, p2] = moved.pages!
    p2.questions.push(p1.questions.pop()!) // nps now comes after why
    await w.setProps({ definition: moved })
    expect((w.find('textarea').element as HTMLTextAreaElement).value).toBe('{nps} > 8')
    expect(w.find(tid('condition-ref-problem')).text()).toContain('{nps}')
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })
})
