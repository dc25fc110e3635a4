// The quota table's condition field is a ConditionEditor (clause 6.3.2e quotas, 6.3.1c logic).
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import QuotaTable from '../../surveys/QuotaTable.vue'
import { fixture } from './fixture'

const row = (condition: string) => ({ id: 'q1', name: 'D', condition, channel: '', limit: 5, action: 'flag' as const, message: { 'zh-CN': '', en: '' }, redirect: '' })

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

describe('QuotaTable condition', () => {
  it('edits the condition as text under the old test id, without judging references when no definition is given', async () => {
    const quotas = [row('')]
    const w = mount(QuotaTable, { props: { modelValue: quotas, errors: {} }, global: { plugins: [i18n] } })
    await flushPromises()
    const area = w.find('textarea[data-testid="quota-condition-0"]')
    await area.setValue('{score} <= 6')
    expect(quotas[0].condition).toBe('{score} <= 6')
    expect(w.find('[data-testid="condition-ok"]').exists()).toBe(true)
    await area.setValue('')
    expect(quotas[0].condition).toBe('')
  })

  it('with the definition, shows a representable condition in the builder and in words', async () => {
    const w = mount(QuotaTable, { props: { modelValue: [row('{nps} <= 6')], errors: {}, definition: fixture() }, global: { plugins: [i18n] } })
    await flushPromises()
    expect(w.find('[data-testid="condition-summary"]').text()).toBe('When nps ≤ 6')
    expect(w.find('[data-testid="condition-subject-0-0"]').exists()).toBe(true)
  })
})
