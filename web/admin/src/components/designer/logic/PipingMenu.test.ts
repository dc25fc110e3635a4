import { flushPromises, mount } from '@vue/test-utils'
import { ElDropdown, ElDropdownItem } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import { fixture } from './fixture'
import { pipeTokens } from './piping'
import PipingMenu from './PipingMenu.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('piping tokens', () => {
  it('offers the questions before the text, with labels, other texts, items, parameters and variables', () => {
    expect(pipeTokens(fixture(), 'why', 'en').map((p) => p.token)).toEqual([
      '{sat.text}',
      '{sat}',
      '{like.text}',
      '{like}',
      '{like.other}',
      '{nps}',
      '{$param.ch}',
      '{$param.store}',
      '{$param.age}',
      '{$var.score}',
      '{$var.seg}',
    ])
    const later = pipeTokens(fixture(), 'fix', 'en').map((p) => p.token)
    expect(later).toContain('{grid.r1.text}')
    expect(later).toContain('{where.city.text}')
    expect(later).not.toContain('{fix}')
  })
})

describe('PipingMenu', () => {
  it('lists the tokens and emits the one picked', async () => {
    const w = mount(PipingMenu, { props: { definition: fixture(), at: 'why' }, global: { plugins: [i18n] }, attachTo: document.body })
    await w.find('[data-testid="piping-menu"]').trigger('click')
    await flushPromises()
    const items = w.findAllComponents(ElDropdownItem)
    expect(items.map((i) => i.props('command'))).toContain('{sat.text}')
    expect(document.body.textContent).toContain('option text chosen in sat')
    w.findComponent(ElDropdown).vm.$emit('command', '{sat.text}')
    expect(w.emitted('insert')).toEqual([['{sat.text}']])
    w.unmount()
  })
})
