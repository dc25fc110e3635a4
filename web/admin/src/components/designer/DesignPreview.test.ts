// The CBC / MaxDiff design preview shows the engine twin's design for a seed
// (issue #6 item 2; docs/survey-format.md §12).
import { designCBC, designMaxDiff } from '@engine/design'
import type { Question } from '@engine/types'
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { DefinitionQuestion } from '../../api/surveyTypes'
import { i18n } from '../../i18n'
import DesignPreview from './DesignPreview.vue'
import { cbcPreview, designSeed, maxdiffPreview } from './designSample'

beforeEach(() => {
  i18n.global.locale.value = 'en'
})

afterEach(() => {
  document.body.innerHTML = ''
})

function cbcQuestion(): DefinitionQuestion {
  return {
    id: 'conj',
    type: 'cbc',
    concepts: 3,
    tasks: 4,
    none_label: { en: 'None of these' },
    attributes: [
      { id: 'brand', label: { en: 'Brand' }, levels: [{ id: 'b1', label: { en: 'Acme' } }, { id: 'b2', label: { en: 'Globex' } }, { id: 'b3' }] },
      { id: 'price', label: { en: 'Price' }, levels: [{ id: 'p1', label: { en: '$1' } }, { id: 'p2', label: { en: '$2' } }] },
    ],
  }
}

const label = (q: DefinitionQuestion, a: string, l: string) => {
  const level = q.attributes!.find((x) => x.id === a)!.levels!.find((x) => x.id === l)!
  return (level.label as Record<string, string> | undefined)?.en ?? level.id
}

// Element Plus puts the test id on the <input> itself.
const seedInput = (w: ReturnType<typeof mount>) => {
  const el = w.find('[data-testid="designer-design-seed"]')
  return el.element.tagName === 'INPUT' ? el : el.find('input')
}

const cell = (w: ReturnType<typeof mount>, t: number, c: number, a: string) => w.find(`[data-testid="designer-design-cell-${t}-${c}-${a}"]`).text()

describe('designSample', () => {
  it('uses the seed the engine derives for the respondent page (seed/question id)', () => {
    const q = cbcQuestion()
    expect(cbcPreview(q, 'resp-1')!.tasks).toEqual(designCBC(q as unknown as Question, 'resp-1/conj'))
    expect(designSeed('resp-1', 'conj')).toBe('resp-1/conj')
  })

  it('counts level appearances over all concepts', () => {
    const q = cbcQuestion()
    const p = cbcPreview(q, 's')!
    const design = designCBC(q as unknown as Question, 's/conj')!
    const brands = design.flat().map((c) => c.brand)
    for (const id of ['b1', 'b2', 'b3']) expect(p.balance.brand.counts[id]).toBe(brands.filter((b) => b === id).length)
    const total = Object.values(p.balance.price.counts).reduce((a, b) => a + b, 0)
    expect(total).toBe(q.concepts! * q.tasks!)
    expect(p.balance.price.min).toBe(Math.min(...Object.values(p.balance.price.counts)))
    expect(p.balance.price.max).toBe(Math.max(...Object.values(p.balance.price.counts)))
  })

  it('is undefined for settings out of range or attributes without levels', () => {
    expect(cbcPreview({ ...cbcQuestion(), concepts: 9 }, 's')).toBeUndefined()
    expect(cbcPreview({ ...cbcQuestion(), attributes: [{ id: 'a' }] }, 's')).toBeUndefined()
    expect(maxdiffPreview({ id: 'm', type: 'maxdiff', options: [{ code: 'A' }, { code: 'B' }], items_per_task: 2, tasks: 2 }, 's')).toBeUndefined()
  })
})

describe('DesignPreview', () => {
  it('renders the twin design of a CBC question for the seed, with none and balance', async () => {
    const q = reactive(cbcQuestion())
    const w = mount(DesignPreview, { props: { question: q, locales: ['en'], initialSeed: 'known' }, global: { plugins: [i18n] }, attachTo: document.body })
    const design = designCBC(q as unknown as Question, 'known/conj')!
    expect(w.findAll('[data-testid^="designer-design-task-"]')).toHaveLength(design.length)
    design.forEach((task, t) =>
      task.forEach((concept, c) => {
        expect(cell(w, t, c, 'brand')).toBe(label(q, 'brand', concept.brand))
        expect(cell(w, t, c, 'price')).toBe(label(q, 'price', concept.price))
      }),
    )
    expect(w.find('[data-testid="designer-design-none-0"]').text()).toContain('None of these')
    const p1 = design.flat().filter((c) => c.price === 'p1').length
    expect(w.find('[data-testid="designer-design-count-price-p1"]').text()).toBe(`$1: ${p1}`)

    // A new level changes the design the twin generates, and the preview follows.
    q.attributes![1].levels!.push({ id: 'p3', label: { en: '$3' } })
    await nextTick()
    const next = designCBC(q as unknown as Question, 'known/conj')!
    next.forEach((task, t) => task.forEach((concept, c) => expect(cell(w, t, c, 'price')).toBe(label(q, 'price', concept.price))))
    expect(w.find('[data-testid="designer-design-count-price-p3"]').exists()).toBe(true)
    expect(next.flat().some((c) => c.price === 'p3')).toBe(true)

    // Another seed is another respondent.
    await seedInput(w).setValue('other')
    const other = designCBC(q as unknown as Question, 'other/conj')!
    other[0].forEach((concept, c) => expect(cell(w, 0, c, 'brand')).toBe(label(q, 'brand', concept.brand)))
  })

  it('"new sample" draws another seed', async () => {
    const w = mount(DesignPreview, { props: { question: cbcQuestion(), locales: ['en'], initialSeed: 'known' }, global: { plugins: [i18n] }, attachTo: document.body })
    await w.find('[data-testid="designer-design-new"]').trigger('click')
    const seed = (seedInput(w).element as HTMLInputElement).value
    expect(seed).not.toBe('known')
    const design = designCBC(cbcQuestion() as unknown as Question, `${seed}/conj`)!
    expect(cell(w, 0, 0, 'brand')).toBe(label(cbcQuestion(), 'brand', design[0][0].brand))
  })

  it('renders MaxDiff task sets and item counts from the twin', () => {
    const q: DefinitionQuestion = {
      id: 'md',
      type: 'maxdiff',
      items_per_task: 3,
      tasks: 5,
      options: ['A', 'B', 'C', 'D', 'E', 'F'].map((code) => ({ code, label: { en: `Item ${code}` } })),
    }
    const w = mount(DesignPreview, { props: { question: q, locales: ['en'], initialSeed: 'known' }, global: { plugins: [i18n] }, attachTo: document.body })
    const design = designMaxDiff(q as unknown as Question, 'known/md')!
    design.forEach((task, t) => task.forEach((code, i) => expect(w.find(`[data-testid="designer-design-item-${t}-${i}"]`).text()).toBe(`Item ${code}`)))
    const counts = design.flat().filter((c) => c === 'A').length
    expect(w.find('[data-testid="designer-design-count-A"]').text()).toBe(`Item A: ${counts}`)
  })

  it('says so when the design cannot be generated', () => {
    const w = mount(DesignPreview, { props: { question: { ...cbcQuestion(), tasks: 0 }, locales: ['en'] }, global: { plugins: [i18n] }, attachTo: document.body })
    expect(w.find('[data-testid="designer-design-invalid"]').exists()).toBe(true)
    expect(w.find('[data-testid="designer-design-task-0"]').exists()).toBe(false)
  })
})
