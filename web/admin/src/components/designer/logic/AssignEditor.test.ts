import { flushPromises, mount } from '@vue/test-utils'
import { ElOption, ElRadioGroup, ElSelect, ElSwitch } from 'element-plus'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import AssignEditor from './AssignEditor.vue'
import { fixture } from './fixture'
import type { AssignRule } from './model'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

const mountAssign = (modelValue?: AssignRule[]) => mount(AssignEditor, { props: { definition: fixture(), at: 'nps', modelValue }, global: { plugins: [i18n] } })
const last = (w: ReturnType<typeof mountAssign>) => w.emitted('update:modelValue')?.at(-1)?.[0]
const byTestId = (w: ReturnType<typeof mountAssign>, id: string) => w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === id)!

describe('AssignEditor', () => {
  it('adds a rule for the first declared variable', async () => {
    const w = mountAssign()
    await w.find('[data-testid="assign-add"]').trigger('click')
    expect(last(w)).toEqual([{ target: '$var.score', value: '' }])
  })

  it('targets variables and later assignable questions only, ticks options of choice targets', async () => {
    const w = mountAssign([{ target: '$var.score', value: '{nps} * 10' }])
    await flushPromises()
    const targets = byTestId(w, 'assign-target-0').findAllComponents(ElOption).map((o) => o.props('value'))
    expect(targets).toEqual(['$var.score', '$var.seg', 'why', 'born', 'where', 'pick', 'fix']) // no matrix, description, earlier or own question
    expect(w.find('[data-testid="assign-say-0"]').text()).toBe('set $var.score to {nps} * 10')
    byTestId(w, 'assign-target-0').vm.$emit('update:modelValue', 'pick')
    expect(last(w)).toEqual([{ target: 'pick', value: '{nps} * 10' }])
    await w.setProps({ modelValue: last(w) as AssignRule[] })
    w.findComponent(ElRadioGroup).vm.$emit('update:modelValue', 'tick')
    expect(last(w)).toEqual([{ target: 'pick', tick: 'price' }])
  })

  it('checks the value expression as you type and adds a condition', async () => {
    const w = mountAssign([{ target: '$var.score', value: '{fix} +' }])
    await flushPromises()
    expect(w.find('[data-testid="assign-value-error-0"]').text()).toMatch(/^Line 1, column 8/)
    await w.setProps({ modelValue: [{ target: '$var.score', value: '{fix} + 1' }] })
    expect(w.find('[data-testid="assign-value-error-0"]').text()).toContain('{fix} does not come before')
    w.findComponent(ElSwitch).vm.$emit('update:modelValue', true)
    expect(last(w)).toEqual([{ if: '', target: '$var.score', value: '{fix} + 1' }])
  })
})

describe('AssignEditor at survey level', () => {
  it('runs before the first page: targets every question, reads none', async () => {
    const w = mount(AssignEditor, { props: { definition: fixture(), at: '', modelValue: [{ target: 'sat', value: '{nps}' }] }, global: { plugins: [i18n] } })
    await flushPromises()
    const targets = byTestId(w as never, 'assign-target-0').findAllComponents(ElOption).map((o) => o.props('value'))
    expect(targets).toContain('sat')
    expect(w.find('[data-testid="assign-value-error-0"]').text()).toContain('{nps} does not come before')
  })
})
