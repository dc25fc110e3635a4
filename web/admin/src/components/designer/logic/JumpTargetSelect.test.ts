import { mount } from '@vue/test-utils'
import { ElOption, ElSelect } from 'element-plus'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import { fixture } from './fixture'
import JumpTargetSelect from './JumpTargetSelect.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

describe('JumpTargetSelect', () => {
  it('offers only later pages and questions and the endings, and emits the target', async () => {
    const w = mount(JumpTargetSelect, { props: { definition: fixture(), at: 'why', modelValue: { to: 'page', target: 'p3' } }, global: { plugins: [i18n] } })
    const values = w.findAllComponents(ElOption).map((o) => o.props('value'))
    expect(values).toEqual(['', 'page:p3', 'question:born', 'question:grid', 'question:where', 'question:info', 'question:pick', 'question:fix', 'end:', 'end:thanks', 'screen_out:', 'screen_out:out'])
    expect(w.findComponent(ElSelect).props('modelValue')).toBe('page:p3')
    w.findComponent(ElSelect).vm.$emit('update:modelValue', 'screen_out:out')
    w.findComponent(ElSelect).vm.$emit('update:modelValue', 'end:')
    w.findComponent(ElSelect).vm.$emit('update:modelValue', '')
    expect(w.emitted('update:modelValue')).toEqual([[{ to: 'screen_out', target: 'out' }], [{ to: 'end' }], [undefined]])
  })
})
