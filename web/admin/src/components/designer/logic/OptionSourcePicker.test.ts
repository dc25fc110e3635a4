import { mount } from '@vue/test-utils'
import { ElOption, ElRadioGroup, ElSelect } from 'element-plus'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import { fixture } from './fixture'
import OptionSourcePicker from './OptionSourcePicker.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

describe('OptionSourcePicker', () => {
  it('offers earlier choice questions and emits the source with its mode', async () => {
    const w = mount(OptionSourcePicker, { props: { definition: fixture(), at: 'pick', kind: 'options' }, global: { plugins: [i18n] } })
    expect(w.findAllComponents(ElOption).map((o) => o.props('value'))).toEqual(['', 'sat', 'like'])
    expect(w.findComponent(ElRadioGroup).exists()).toBe(false)
    w.findComponent(ElSelect).vm.$emit('update:modelValue', 'like')
    expect(w.emitted('update:modelValue')?.[0]).toEqual([{ question: 'like', mode: 'all' }])
    await w.setProps({ modelValue: { question: 'like', mode: 'all' } })
    w.findComponent(ElRadioGroup).vm.$emit('update:modelValue', 'unselected')
    expect(w.emitted('update:modelValue')?.[1]).toEqual([{ question: 'like', mode: 'unselected' }])
    w.findComponent(ElSelect).vm.$emit('update:modelValue', '')
    expect(w.emitted('update:modelValue')?.[2]).toEqual([undefined])
  })

  it('says so when nothing earlier can be a source', () => {
    const w = mount(OptionSourcePicker, { props: { definition: fixture(), at: 'sat', kind: 'rows' }, global: { plugins: [i18n] } })
    expect(w.find('[data-testid="option-source-empty"]').exists()).toBe(true)
    expect(w.text()).toContain('Rows from')
  })
})
