// The hotspot editor shows and draws regions of every shape (issue #6 item 2;
// docs/survey-format.md §4).
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DefinitionOption, HotspotRegion } from '../../api/surveyTypes'
import { i18n } from '../../i18n'
import HotspotEditor from './HotspotEditor.vue'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

afterEach(() => {
  document.body.innerHTML = ''
})

const OPTIONS: DefinitionOption[] = [
  { code: 'A', region: { shape: 'rect', coords: [0.1, 0.1, 0.2, 0.2] } },
  { code: 'B', region: { shape: 'circle', coords: [0.5, 0.5, 0.1] } },
  { code: 'C', region: { shape: 'polygon', coords: [0.6, 0.6, 0.9, 0.6, 0.8, 0.9] } },
  { code: 'D' },
]

function mountEditor(options: DefinitionOption[] = OPTIONS) {
  const w = mount(HotspotEditor, {
    props: { image: 'https://example.test/p.png', options, labelOf: (o: DefinitionOption) => o.code },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  // A 200 × 100 canvas at the origin: relative x = px / 200, y = px / 100.
  const canvas = w.find('[data-testid="designer-hotspot-canvas"]')
  ;(canvas.element as HTMLElement).getBoundingClientRect = () => ({ left: 0, top: 0, width: 200, height: 100, right: 200, bottom: 100, x: 0, y: 0, toJSON: () => ({}) })
  return { w, canvas }
}

async function useTool(w: VueWrapper, tool: string) {
  const el = w.find(`[data-testid="designer-hotspot-tool-${tool}"]`)
  const input = el.element.tagName === 'INPUT' ? el : el.find('input')
  await input.setValue(true)
}

const regions = (w: VueWrapper) => (w.emitted('region') ?? []) as [number, HotspotRegion | undefined][]

describe('HotspotEditor', () => {
  it('draws rectangles, circles and polygons on the SVG overlay', () => {
    const { w } = mountEditor()
    expect(w.find('[data-testid="designer-hotspot-shape-0"] rect').exists()).toBe(true)
    expect(w.find('[data-testid="designer-hotspot-shape-1"] circle').exists()).toBe(true)
    const poly = w.find('[data-testid="designer-hotspot-shape-2"] polygon')
    expect(poly.attributes('points')).toBe('600,600 900,600 800,900')
    expect(w.find('[data-testid="designer-hotspot-shape-3"]').exists()).toBe(false)
    // Each region's code sits on its bounding box (in percent of the image).
    const label = w.find('[data-testid="designer-hotspot-region-2"]')
    expect(label.text()).toBe('C')
    const style = (label.element as HTMLElement).style
    expect([style.left, style.top].map(parseFloat)).toEqual([60, 60])
    expect(parseFloat(style.width)).toBeCloseTo(30)
    expect(parseFloat(style.height)).toBeCloseTo(30)
    expect(w.find('[data-testid="designer-hotspot-region-3"]').exists()).toBe(false)
    expect(w.text()).toContain('1 option(s) have no area yet.')
  })

  it('drags a rectangle for the chosen option in relative coordinates', async () => {
    const { w, canvas } = mountEditor()
    await canvas.trigger('pointerdown', { clientX: 20, clientY: 10 })
    await canvas.trigger('pointermove', { clientX: 120, clientY: 60 })
    await canvas.trigger('pointerup')
    expect(regions(w)).toEqual([[0, { shape: 'rect', coords: [0.1, 0.1, 0.5, 0.5] }]])
  })

  it('drags a circle from its centre, the radius in image widths', async () => {
    const { w, canvas } = mountEditor()
    await useTool(w, 'circle')
    await canvas.trigger('pointerdown', { clientX: 100, clientY: 50 })
    await canvas.trigger('pointermove', { clientX: 100, clientY: 70 })
    await canvas.trigger('pointerup')
    // 20 px down on a 200 px wide image: r = 0.1 of the width.
    expect(regions(w)).toEqual([[0, { shape: 'circle', coords: [0.5, 0.5, 0.1] }]])
  })

  it('clicks a polygon point by point and closes it with a double click or "finish"', async () => {
    const { w, canvas } = mountEditor()
    await useTool(w, 'polygon')
    for (const [x, y] of [
      [20, 10],
      [180, 10],
      [100, 90],
    ])
      await canvas.trigger('pointerdown', { clientX: x, clientY: y })
    // The double click's own clicks repeat the last point; they are dropped.
    await canvas.trigger('pointerdown', { clientX: 100, clientY: 90 })
    expect(w.find('[data-testid="designer-hotspot-draft"]').exists()).toBe(true)
    await canvas.trigger('dblclick')
    expect(regions(w)).toEqual([[0, { shape: 'polygon', coords: [0.1, 0.1, 0.9, 0.1, 0.5, 0.9] }]])
    expect(w.find('[data-testid="designer-hotspot-draft"]').exists()).toBe(false)

    // Next option (the editor moves on): finish with the button.
    for (const [x, y] of [
      [0, 0],
      [200, 0],
      [200, 100],
      [0, 100],
    ])
      await canvas.trigger('pointerdown', { clientX: x, clientY: y })
    await w.find('[data-testid="designer-hotspot-finish"]').trigger('click')
    expect(regions(w)[1]).toEqual([1, { shape: 'polygon', coords: [0, 0, 1, 0, 1, 1, 0, 1] }])

    // And for the next: a click back on the first corner closes it.
    for (const [x, y] of [
      [40, 20],
      [160, 20],
      [100, 80],
      [41, 20],
    ])
      await canvas.trigger('pointerdown', { clientX: x, clientY: y })
    expect(regions(w)[2]).toEqual([2, { shape: 'polygon', coords: [0.2, 0.2, 0.8, 0.2, 0.5, 0.8] }])
    expect(w.find('[data-testid="designer-hotspot-draft"]').exists()).toBe(false)

    // Escape drops a polygon half drawn.
    await canvas.trigger('pointerdown', { clientX: 10, clientY: 10 })
    await canvas.trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-testid="designer-hotspot-draft"]').exists()).toBe(false)
    expect(regions(w)).toHaveLength(3)
  })

  it('selects any region by clicking it and removes it with the button or Delete', async () => {
    const { w, canvas } = mountEditor()
    await useTool(w, 'select')
    await w.find('[data-testid="designer-hotspot-shape-2"]').trigger('click')
    expect(w.find('[data-testid="designer-hotspot-selected"]').text()).toBe('Area of option C: polygon')
    await w.find('[data-testid="designer-hotspot-delete"]').trigger('click')
    expect(regions(w)).toEqual([[2, undefined]])
    await w.find('[data-testid="designer-hotspot-shape-1"]').trigger('click')
    await canvas.trigger('keydown', { key: 'Delete' })
    expect(regions(w)[1]).toEqual([1, undefined])
    // Selecting draws nothing.
    await canvas.trigger('pointerdown', { clientX: 20, clientY: 10 })
    await canvas.trigger('pointerup')
    expect(regions(w)).toHaveLength(2)
  })
})
