import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import { fixture } from './fixture'
import LogicOverview from './LogicOverview.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

describe('LogicOverview', () => {
  it('lists every rule in plain language with where it lives and where it points; emits the owner path', async () => {
    const def = fixture()
    const w = mount(LogicOverview, {
      props: { definition: def, quotas: [{ id: 'd', name: 'Detractors', condition: '{nps} <= 6', limit: 5, action: 'end' }] },
      global: { plugins: [i18n] },
    })
    await flushPromises()
    const text = w.text()
    expect(text).toContain('when nps ≤ 6, go to page p3')
    expect(text).toContain("shown when sat is 'Very satisfied'")
    expect(text).toContain('shown when like is answered')
    expect(text).toContain('Options from like (chosen options)')
    expect(text).toContain('option none of pick')
    expect(text).toContain('End the survey (complete)')
    expect(text).toContain("When fix > 3: set $var.seg to 'hi'")
    expect(text).toContain('quota Detractors')
    expect(w.findAll('[data-testid="logic-rule-problem"]')).toHaveLength(0)
    await w.find('[data-testid="logic-rule-pages[0].questions[2].jumps[0]"]').trigger('click')
    await w.find('[data-testid="logic-rule-quotas[0].condition"]').trigger('click')
    expect(w.emitted('select')).toEqual([['pages[0].questions[2]'], ['quotas[0]']])
  })

  it('flags a rule whose condition reads a later question', async () => {
    const def = fixture()
    ;(def.pages![0].questions[0] as { display?: string }).display = '{nps} > 1'
    const w = mount(LogicOverview, { props: { definition: def }, global: { plugins: [i18n] } })
    await flushPromises()
    expect(w.findAll('[data-testid="logic-rule-problem"]')).toHaveLength(1)
  })

  it('explains an empty survey', () => {
    const w = mount(LogicOverview, { props: { definition: { pages: [] } }, global: { plugins: [i18n] } })
    expect(w.find('[data-testid="logic-overview-empty"]').exists()).toBe(true)
  })
})
