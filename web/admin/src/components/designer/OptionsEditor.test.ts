import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { i18n } from '../../i18n'
import DesignerPalette from './DesignerPalette.vue'
import { PALETTE_KINDS } from './model'
import OptionsEditor, { type Entry } from './OptionsEditor.vue'

// Issue #6 item 2: the options editor (bulk paste, reorder, flags) and the palette.

const $ = (testId: string) => document.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

afterEach(() => {
  document.body.innerHTML = ''
})

function mountEditor(options: Entry[], extra: Record<string, unknown> = {}) {
  return mount(OptionsEditor, {
    props: { modelValue: options, locales: ['zh-CN', 'en'], testid: 'opts', flags: ['exclusive', 'other', 'pinned'], ...extra },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
}

const last = (w: ReturnType<typeof mountEditor>) => {
  const events = w.emitted('update:modelValue') as Entry[][][]
  return events[events.length - 1][0]
}

describe('OptionsEditor', () => {
  it('bulk paste appends one option per line with fresh codes', async () => {
    const w = mountEditor([{ code: 'A', label: { 'zh-CN': '价格' } }])
    await w.find('[data-testid="opts-paste"]').trigger('click')
    await flushPromises()
    const area = $('opts-paste-text') as HTMLElement
    const textarea = area.querySelector('textarea') ?? (area as HTMLTextAreaElement)
    textarea.value = '1. 服务\n\n 环境 \nA、价格公道'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    $('opts-paste-append')!.click()
    await flushPromises()
    const out = last(w)
    expect(out.map((o) => o.code)).toEqual(['A', 'B', 'C', 'D'])
    expect(out.slice(1).map((o) => o.label)).toEqual([{ 'zh-CN': '服务' }, { 'zh-CN': '环境' }, { 'zh-CN': '价格公道' }])
  })

  it('bulk paste can replace the list', async () => {
    const w = mountEditor([{ code: 'A' }, { code: 'B' }])
    await w.find('[data-testid="opts-paste"]').trigger('click')
    await flushPromises()
    const textarea = $('opts-paste-text')!.querySelector('textarea') ?? ($('opts-paste-text') as HTMLTextAreaElement)
    textarea.value = 'x\ny'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    $('opts-paste-replace')!.click()
    await flushPromises()
    expect(last(w).map((o) => [o.code, o.label])).toEqual([
      ['A', { 'zh-CN': 'x' }],
      ['B', { 'zh-CN': 'y' }],
    ])
  })

  it('rows get item ids with their prefix', async () => {
    const w = mountEditor([{ id: 'r1' }], { idKey: 'id', idPrefix: 'r', flags: [] })
    await w.find('[data-testid="opts-add"]').trigger('click')
    expect(last(w)).toEqual([{ id: 'r1' }, { id: 'r2' }])
  })

  it('reorders with the buttons and removes', async () => {
    const w = mountEditor([{ code: 'A' }, { code: 'B' }, { code: 'C' }])
    await w.find('[data-testid="opts-down-0"]').trigger('click')
    expect(last(w).map((o) => o.code)).toEqual(['B', 'A', 'C'])
    await w.find('[data-testid="opts-remove-1"]').trigger('click')
    expect(last(w).map((o) => o.code)).toEqual(['A', 'C'])
  })

  it('keeps at most one "other" option and clears a flag by removing it', async () => {
    const w = mountEditor([{ code: 'A', other: true }, { code: 'B' }])
    await w.find('[data-testid="opts-flag-other-1"] input').setValue(true)
    expect(last(w)).toEqual([{ code: 'A' }, { code: 'B', other: true }])
    await w.setProps({ modelValue: [{ code: 'A', exclusive: true }] })
    await w.find('[data-testid="opts-flag-exclusive-0"] input').setValue(false)
    expect(last(w)).toEqual([{ code: 'A' }])
  })

  it('writes labels per locale side by side', async () => {
    const w = mountEditor([{ code: 'A', label: { 'zh-CN': '满意' } }])
    // ElInput puts the attribute on the native input.
    await w.find('input[data-testid="opts-label-0-en"]').setValue('Satisfied')
    expect(last(w)[0].label).toEqual({ 'zh-CN': '满意', en: 'Satisfied' })
  })
})

describe('DesignerPalette', () => {
  it('offers every type and emits the kind clicked', async () => {
    const w = mount(DesignerPalette, { global: { plugins: [i18n] } })
    for (const kind of PALETTE_KINDS) expect(w.find(`[data-testid="designer-palette-${kind}"]`).exists()).toBe(true)
    await w.find('[data-testid="designer-palette-maxdiff"]').trigger('click')
    await w.find('[data-testid="designer-palette-cascade"]').trigger('click')
    expect(w.emitted('add')).toEqual([['maxdiff'], ['cascade']])
  })
})
