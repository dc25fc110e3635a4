import { beforeEach, describe, expect, it } from 'vitest'
import type { DefinitionQuestion, SurveyDefinition } from '../api/surveyTypes'
import { i18n } from '../i18n'
import { answerRows, formatAnswer, questionsOf, type AnswerContext } from './useAnswerFormat'
import { resolveText } from './useLocalText'

const q = (question: Partial<DefinitionQuestion> & { id: string; type: string }): DefinitionQuestion => question

const colour = q({
  id: 'colour',
  type: 'single',
  title: { 'zh-CN': '喜欢的颜色', en: 'Favourite colour' },
  options: [
    { code: 'r', label: { 'zh-CN': '红', en: 'Red' } },
    { code: 'o', label: { 'zh-CN': '其他', en: 'Other' }, other: true },
  ],
})
const likes = q({
  id: 'likes',
  type: 'multiple',
  options: [
    { code: 'price', label: { 'zh-CN': '价格', en: 'Price' } },
    { code: 'service', label: { 'zh-CN': '服务', en: 'Service' } },
    { code: 'o', label: { 'zh-CN': '其他', en: 'Other' }, other: true },
  ],
})
const carried = q({ id: 'best', type: 'single', options_from: { question: 'likes', mode: 'selected' } })
const nps = q({ id: 'nps', type: 'rating', scale: 'nps' })
const stars = q({ id: 'stars', type: 'rating', scale: 'star', points: 5, na: { code: 'na', label: { 'zh-CN': '不适用', en: 'N/A' } } })
const grid = q({
  id: 'grid',
  type: 'matrix',
  rows: [
    { id: 'r1', label: { 'zh-CN': '环境', en: 'Setting' } },
    { id: 'r2', label: { 'zh-CN': '服务', en: 'Staff' } },
  ],
  columns: [
    { code: 'c1', label: { 'zh-CN': '好', en: 'Good' } },
    { code: 'c2', label: { 'zh-CN': '差', en: 'Poor' } },
  ],
})
const cells = q({
  id: 'cells',
  type: 'matrix',
  matrix: 'dropdown',
  rows: [{ id: 'r1', label: 'Tea' }],
  columns: [{ code: 'size', label: 'Size' }],
  options: [{ code: 'l', label: 'Large' }],
})
const blanks = q({ id: 'me', type: 'blanks', blanks: [{ id: 'name', label: { 'zh-CN': '姓名', en: 'Name' } }, { id: 'age', label: 'Age' }] })
const car = q({
  id: 'car',
  type: 'dropdown',
  levels: [{ id: 'brand' }, { id: 'model' }],
  options: [{ code: 'toyota', label: '丰田', children: [{ code: 'camry', label: '凯美瑞' }] }],
})
const rank = q({ id: 'rank', type: 'ranking', options: likes.options })
const cbc = q({
  id: 'cbc',
  type: 'cbc',
  attributes: [{ id: 'price', label: { 'zh-CN': '价格', en: 'Price' }, levels: [{ id: 'p1', label: '¥9' }] }],
})
const maxdiff = q({ id: 'md', type: 'maxdiff', options: [{ code: 'a', label: 'Speed' }, { code: 'b', label: 'Price' }] })

const definition: SurveyDefinition = {
  default_locale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  pages: [{ id: 'p1', questions: [colour, likes, carried, nps, stars, grid, cells, blanks, car, rank, cbc, maxdiff] }],
}

let ctx: AnswerContext
const format = (question: DefinitionQuestion | undefined, value: unknown) => formatAnswer(question, value, ctx)

beforeEach(() => {
  i18n.global.locale.value = 'en'
  ctx = { locale: 'en', survey: definition, t: i18n.global.t as AnswerContext['t'] }
})

describe('formatAnswer', () => {
  it('shows option labels instead of codes, with the "other" text', () => {
    expect(format(colour, 'r')).toEqual(['Red'])
    expect(format(colour, { value: 'o', other: 'teal' })).toEqual(['Other (teal)'])
    expect(format(likes, ['price', 'service'])).toEqual(['Price, Service'])
    expect(format(likes, { value: ['price', 'o'], other: '包装' })).toEqual(['Price, Other (包装)'])
  })

  it('follows the language of the reader', () => {
    ctx = { ...ctx, locale: 'zh-CN', t: (key, named) => i18n.global.t(key, named ?? {}, { locale: 'zh-CN' }) }
    expect(format(likes, { value: ['price', 'o'], other: '包装' })).toEqual(['价格、其他（包装）'])
    expect(format(grid, { r1: 'c1' })).toEqual(['环境: 好'])
  })

  it('finds labels of options carried from an earlier question', () => {
    expect(format(carried, 'service')).toEqual(['Service'])
  })

  it('keeps codes the definition does not know', () => {
    expect(format(colour, 'zz')).toEqual(['zz'])
  })

  it('shows ratings on their scale and the not-applicable label', () => {
    expect(format(nps, 9)).toEqual(['9 / 10'])
    expect(format(stars, 4)).toEqual(['4 / 5'])
    expect(format(stars, 'na')).toEqual(['N/A'])
    expect(format(q({ id: 'r', type: 'rating', start: 0, points: 11 }), 3)).toEqual(['3 / 10'])
  })

  it('writes one line per matrix row, in row order', () => {
    expect(format(grid, { r2: 'c2', r1: 'c1' })).toEqual(['Setting: Good', 'Staff: Poor'])
    expect(format({ ...grid, matrix: 'multiple' }, { r1: ['c1', 'c2'] })).toEqual(['Setting: Good, Poor'])
    expect(format({ ...grid, matrix: 'rating', points: 5 }, { r1: 4 })).toEqual(['Setting: 4 / 5'])
    expect(format(cells, { r1: { size: 'l' } })).toEqual(['Tea: Size: Large'])
  })

  it('labels blanks, cascades, ranks, cities, dates and videos', () => {
    expect(format(blanks, { age: 30, name: '张三' })).toEqual(['Name: 张三', 'Age: 30'])
    expect(format(car, ['toyota', 'camry'])).toEqual(['丰田 / 凯美瑞'])
    expect(format(rank, ['service', 'price'])).toEqual(['1. Service', '2. Price'])
    expect(format(q({ id: 'c', type: 'city' }), { codes: ['330000', '330100'], names: ['浙江省', '杭州市'] })).toEqual(['浙江省 / 杭州市'])
    expect(format(q({ id: 'd', type: 'date' }), '2024-01-31')).toEqual(['2024-01-31'])
    expect(format(q({ id: 'd', type: 'date' }), { from: '2024-01-01', to: '2024-01-31' })).toEqual(['2024-01-01 to 2024-01-31'])
    expect(format(q({ id: 'v', type: 'video' }), { percent: 80, seconds: 42 })).toEqual(['Watched 80% (42 s)'])
    expect(format(q({ id: 't', type: 'text' }), 12)).toEqual(['12'])
    expect(format(q({ id: 's', type: 'slider' }), 55)).toEqual(['55'])
  })

  it('describes CBC choices and MaxDiff picks task by task', () => {
    expect(format(cbc, { tasks: [[{ price: 'p1' }, { price: 'p1' }], []], choices: [1, 'none'] })).toEqual([
      'Task 1: Concept 2 (Price ¥9)',
      'Task 2: None',
    ])
    expect(format(maxdiff, { tasks: [['a', 'b']], best: ['a'], worst: ['b'] })).toEqual(['Task 1: Best: Speed, Worst: Price'])
  })

  it('shows unexpected shapes and unknown questions as JSON, and nothing for no answer', () => {
    expect(format(grid, 'odd')).toEqual(['odd'])
    expect(format(undefined, { a: 1 })).toEqual(['{"a":1}'])
    expect(format(colour, null)).toEqual([])
  })
})

describe('answerRows', () => {
  it('lists answers in survey order with titles, then answers to unknown questions', () => {
    const rows = answerRows(definition, { nps: 3, extra: 'x', colour: 'r' }, ctx)
    expect(rows.map((r) => [r.id, r.title, r.lines])).toEqual([
      ['colour', 'Favourite colour', ['Red']],
      ['nps', 'nps', ['3 / 10']],
      ['extra', 'extra', ['x']],
    ])
  })

  it('indexes the questions of every page', () => {
    expect([...questionsOf(definition).keys()]).toContain('md')
    expect(questionsOf(null).size).toBe(0)
  })
})

describe('resolveText', () => {
  const survey = { default_locale: 'zh-CN', locales: ['zh-CN', 'en-US', 'en-GB'] }

  it('takes the locale, then its language, then the default locale, then the first key', () => {
    expect(resolveText({ 'zh-CN': '好', en: 'Good' }, 'en', survey)).toBe('Good')
    expect(resolveText({ 'zh-CN': '好', 'en-GB': 'Good (GB)', 'en-US': 'Good (US)' }, 'en', survey)).toBe('Good (US)')
    expect(resolveText({ 'zh-CN': '好', ja: '良い' }, 'en', survey)).toBe('好')
    expect(resolveText({ ja: '良い' }, 'en', survey)).toBe('良い')
    expect(resolveText('plain', 'en', survey)).toBe('plain')
    expect(resolveText({ en: '' }, 'en', survey)).toBe('')
  })
})
