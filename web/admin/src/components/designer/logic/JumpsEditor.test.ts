import { flushPromises, mount } from '@vue/test-utils'
import { ElSelect, ElSwitch } from 'element-plus'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n'
import { fixture } from './fixture'
import JumpsEditor from './JumpsEditor.vue'
import type { Jump } from './model'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

const mountJumps = (modelValue?: Jump[]) => mount(JumpsEditor, { props: { definition: fixture(), at: 'nps', modelValue }, global: { plugins: [i18n] } })
const last = (w: ReturnType<typeof mountJumps>) => w.emitted('update:modelValue')?.at(-1)?.[0]

describe('JumpsEditor', () => {
  it('adds a conditional jump, and emits new arrays without touching the prop', async () => {
    const w = mountJumps(undefined)
    expect(w.find('[data-testid="jumps-empty"]').exists()).toBe(true)
    await w.find('[data-testid="jumps-add"]').trigger('click')
    expect(last(w)).toEqual([{ if: '', to: 'end' }])
    expect(w.props('modelValue')).toBeUndefined()
  })

  it('edits the condition (which may read the question itself), the target, the order and removes', async () => {
    const jumps: Jump[] = [{ if: '{nps} <= 6', to: 'page', target: 'p3' }, { to: 'end' }]
    const w = mountJumps(jumps)
    await flushPromises()
    expect(w.find('[data-testid="jump-0"] [data-testid="condition-summary"]').text()).toBe('When nps ≤ 6')
    w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'jump-target-0')!.vm.$emit('update:modelValue', 'question:fix')
    expect(last(w)).toEqual([{ if: '{nps} <= 6', to: 'question', target: 'fix' }, { to: 'end' }])
    w.findAllComponents(ElSwitch)[1].vm.$emit('update:modelValue', false)
    expect(last(w)).toEqual([jumps[0], { if: '', to: 'end' }])
    w.findAllComponents(ElSwitch)[0].vm.$emit('update:modelValue', true)
    expect(last(w)).toEqual([{ to: 'page', target: 'p3' }, { to: 'end' }])
    await w.find('[data-testid="jump-down-0"]').trigger('click')
    expect(last(w)).toEqual([{ to: 'end' }, jumps[0]])
    await w.find('[data-testid="jump-remove-1"]').trigger('click')
    expect(last(w)).toEqual([jumps[0]])
    expect(jumps).toEqual([{ if: '{nps} <= 6', to: 'page', target: 'p3' }, { to: 'end' }])
  })

  it('removing the last rule emits undefined', async () => {
    const w = mountJumps([{ to: 'end' }])
    await w.find('[data-testid="jump-remove-0"]').trigger('click')
    expect(w.emitted('update:modelValue')).toEqual([[undefined]])
  })
})
