import { describe, expect, it } from 'vitest'
import type { DefinitionQuestion, SurveyDefinition } from '../../api/surveyTypes'
import {
  changeType,
  COMMON_FIELDS,
  defaultQuestion,
  issuesForField,
  issuesUnder,
  lengthLimit,
  moveItem,
  moveQuestion,
  nextCode,
  nextId,
  optionsFromText,
  PALETTE_KINDS,
  parsePath,
  pathOfId,
  QUESTION_TYPES,
  setField,
  splitIssuePath,
  stepQuestion,
  TYPE_FIELDS,
  validId,
  valueAt,
  withText,
  type QuestionType,
} from './model'

const doc = (): SurveyDefinition => ({
  default_locale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  pages: [
    { id: 'p1', questions: [{ id: 'q1', type: 'text' }, { id: 'q2', type: 'text' }, { id: 'q3', type: 'text' }] },
    { id: 'p2', questions: [{ id: 'q4', type: 'text' }] },
  ],
})

const ids = (d: SurveyDefinition) => d.pages!.map((p) => p.questions.map((q) => q.id))

/** The shape rules of docs/survey-format.md §1, §4 and the checks of internal/survey/check_struct.go a default must pass. */
function shapeProblems(q: DefinitionQuestion): string[] {
  const out: string[] = []
  const type = q.type as QuestionType
  const allowed = new Set([...COMMON_FIELDS, ...TYPE_FIELDS[type]])
  for (const key of Object.keys(q)) if (!allowed.has(key)) out.push(`field ${key} not allowed`)
  if (!validId(q.id)) out.push('bad id')
  const itemIds: string[] = []
  for (const o of q.options ?? []) itemIds.push(o.code)
  for (const r of q.rows ?? []) itemIds.push(r.id)
  for (const c of q.columns ?? []) itemIds.push(c.code)
  for (const b of q.blanks ?? []) itemIds.push(b.id)
  for (const l of q.levels ?? []) itemIds.push(l.id)
  for (const a of q.attributes ?? []) itemIds.push(a.id)
  if (new Set(itemIds).size !== itemIds.length) out.push('duplicate item ids')
  if (itemIds.some((id) => !validId(id))) out.push('bad item id')
  switch (type) {
    case 'single':
    case 'multiple':
    case 'ranking':
    case 'dropdown':
      if ((q.options ?? []).length < 1) out.push('needs options')
      break
    case 'maxdiff': {
      const n = q.options?.length ?? 0
      if (n < 3 || !q.items_per_task || q.items_per_task < 2 || q.items_per_task > 7 || q.items_per_task >= n) out.push('maxdiff design')
      if (!q.tasks || q.tasks < 1 || q.tasks > 30) out.push('maxdiff tasks')
      break
    }
    case 'cbc': {
      const attrs = q.attributes ?? []
      if (attrs.length < 1 || attrs.some((a) => (a.levels?.length ?? 0) < 2)) out.push('cbc levels')
      const combos = attrs.reduce((n, a) => n * (a.levels?.length ?? 0), 1)
      if (!q.concepts || q.concepts < 2 || q.concepts > 5 || q.concepts > combos) out.push('cbc concepts')
      break
    }
    case 'matrix':
      if (!q.rows?.length || !q.columns?.length) out.push('matrix rows/columns')
      break
    case 'blanks':
      for (const b of q.blanks ?? []) {
        for (const text of Object.values(q.title as Record<string, string>))
          if (text.split(`[[${b.id}]]`).length !== 2) out.push(`blank ${b.id} marker`)
      }
      if (!q.blanks?.length) out.push('needs blanks')
      break
    case 'rating':
      if (!q.points || q.points < 2 || q.points > 11) out.push('points')
      break
    case 'hotspot':
      if (!(q.options ?? []).every((o) => o.region?.shape === 'rect' && o.region.coords.length === 4)) out.push('regions')
      break
  }
  return out
}

describe('defaultQuestion', () => {
  it('the palette offers every engine type plus the cascade', () => {
    expect(new Set(PALETTE_KINDS)).toEqual(new Set([...QUESTION_TYPES, 'cascade']))
    expect(QUESTION_TYPES).toHaveLength(16)
  })

  it.each(PALETTE_KINDS)('%s passes the basic shape rules', (kind) => {
    const q = defaultQuestion(kind, doc())
    expect(shapeProblems(q)).toEqual([])
    expect(q.title).toBeTruthy()
  })

  it('choice questions get three options and both locales', () => {
    const q = defaultQuestion('single', doc())
    expect(q.options!.map((o) => o.code)).toEqual(['A', 'B', 'C'])
    expect(q.options![0].label).toEqual({ 'zh-CN': '选项1', en: 'Option 1' })
  })

  it('a cascade is a dropdown with levels and nested options', () => {
    const q = defaultQuestion('cascade', doc())
    expect(q.type).toBe('dropdown')
    expect(q.levels).toHaveLength(2)
    expect(q.options![0].children!.length).toBeGreaterThan(0)
  })

  it('ids are unique: q5 after q1…q4, and the next free number is reused', () => {
    const d = doc()
    expect(defaultQuestion('text', d).id).toBe('q5')
    d.pages![0].questions.splice(1, 1)
    expect(nextId(d, 'q')).toBe('q2')
    expect(nextId(d, 'p')).toBe('p3')
    expect(nextId(d, 'q', ['q2'])).toBe('q5')
  })

  it('changing the type keeps the id, title and options and drops fields the new type refuses', () => {
    const d = doc()
    const q = defaultQuestion('single', d)
    q.title = 'keep'
    const r = changeType(q, 'ranking', d)
    expect(r).toMatchObject({ id: q.id, type: 'ranking', title: 'keep' })
    expect(r.options).toEqual(q.options)
    const t = changeType(q, 'text', d)
    expect(t.options).toBeUndefined()
    expect(shapeProblems(t)).toEqual([])
    const m = changeType(q, 'matrix', d)
    expect(shapeProblems(m)).toEqual([])
    expect(m.options).toBeUndefined() // only a dropdown matrix has options
  })
})

describe('moves', () => {
  it('moveItem moves to the final index and clamps', () => {
    const list = ['a', 'b', 'c', 'd']
    expect(moveItem(list, 0, 2)).toBe(true)
    expect(list).toEqual(['b', 'c', 'a', 'd'])
    expect(moveItem(list, 3, -5)).toBe(true)
    expect(list).toEqual(['d', 'b', 'c', 'a'])
    expect(moveItem(list, 1, 1)).toBe(false)
    expect(moveItem(list, 9, 0)).toBe(false)
  })

  it('moves a question within a page and across pages', () => {
    const d = doc()
    expect(moveQuestion(d, { page: 0, index: 0 }, { page: 0, index: 2 })).toEqual({ page: 0, index: 2 })
    expect(ids(d)).toEqual([['q2', 'q3', 'q1'], ['q4']])
    expect(moveQuestion(d, { page: 0, index: 1 }, { page: 1, index: 1 })).toEqual({ page: 1, index: 1 })
    expect(ids(d)).toEqual([['q2', 'q1'], ['q4', 'q3']])
    expect(moveQuestion(d, { page: 1, index: 0 }, { page: 0, index: 99 })).toEqual({ page: 0, index: 2 })
    expect(ids(d)).toEqual([['q2', 'q1', 'q4'], ['q3']])
    expect(moveQuestion(d, { page: 5, index: 0 }, { page: 0, index: 0 })).toBeNull()
  })

  it('steps a question up and down, crossing page boundaries (Alt+↑/↓)', () => {
    const d = doc()
    expect(stepQuestion(d, { page: 0, index: 2 }, 1)).toEqual({ page: 1, index: 0 })
    expect(ids(d)).toEqual([['q1', 'q2'], ['q3', 'q4']])
    expect(stepQuestion(d, { page: 1, index: 0 }, -1)).toEqual({ page: 0, index: 2 })
    expect(ids(d)).toEqual([['q1', 'q2', 'q3'], ['q4']])
    expect(stepQuestion(d, { page: 0, index: 0 }, -1)).toBeNull()
    expect(stepQuestion(d, { page: 1, index: 0 }, 1)).toBeNull()
  })
})

describe('paths', () => {
  it('parses and follows engine paths', () => {
    expect(parsePath('pages[0].questions[2].options[1].code')).toEqual([
      { key: 'pages', index: 0 },
      { key: 'questions', index: 2 },
      { key: 'options', index: 1 },
      { key: 'code' },
    ])
    expect(valueAt(doc(), 'pages[1].questions[0].id')).toBe('q4')
    expect(valueAt(doc(), 'pages[3].id')).toBeUndefined()
    expect(pathOfId(doc(), 'q4')).toBe('pages[1].questions[0]')
    expect(pathOfId(doc(), 'p2')).toBe('pages[1]')
  })

  it('splits an issue path into element and field', () => {
    expect(splitIssuePath('pages[0].questions[2].options[1].code')).toEqual({ element: 'pages[0].questions[2].options[1]', field: 'code' })
    expect(splitIssuePath('pages[0].questions[2].jumps[0].target')).toEqual({ element: 'pages[0].questions[2]', field: 'jumps[0].target' })
    expect(splitIssuePath('pages[1].display')).toEqual({ element: 'pages[1]', field: 'display' })
    expect(splitIssuePath('')).toEqual({ element: '', field: '' })
  })

  it('finds the issues of an element and of a field', () => {
    const issues = [
      { code: 'missing', path: 'pages[0].questions[1].options', reason: '', severity: 'error' as const },
      { code: 'x', path: 'pages[0].questions[10].display', reason: '', severity: 'error' as const },
      { code: 'y', path: 'pages[0].questions[1].options[0].jump.target', reason: '', severity: 'error' as const },
    ]
    expect(issuesUnder(issues, 'pages[0].questions[1]').map((i) => i.code)).toEqual(['missing', 'y'])
    expect(issuesForField(issues, 'pages[0].questions[1]', 'options').map((i) => i.code)).toEqual(['missing'])
    expect(issuesForField(issues, 'pages[0].questions[1].options[0]', 'jump').map((i) => i.code)).toEqual(['y'])
  })

  it('reads the channel budget from the long_survey warning', () => {
    expect(lengthLimit([{ code: 'long_survey', path: '', reason: 'the survey takes about 900 seconds, more than the limit of 600', severity: 'warning' }])).toBe(600)
    expect(lengthLimit([])).toBe(0)
  })
})

describe('texts and options', () => {
  it('writes one locale of a text', () => {
    expect(withText('满意', 'en', 'Satisfied', 'zh-CN')).toEqual({ 'zh-CN': '满意', en: 'Satisfied' })
    expect(withText({ 'zh-CN': 'a', en: 'b' }, 'en', '', 'zh-CN')).toEqual({ 'zh-CN': 'a' })
    expect(withText({ en: 'b' }, 'en', '', 'zh-CN')).toBeUndefined()
  })

  it('bulk paste makes one option per line with fresh codes', () => {
    const out = optionsFromText('A. 价格\n\n  B、服务 \n- 环境\n其他', ['A', 'B'], 'zh-CN')
    expect(out.map((o) => o.label)).toEqual([{ 'zh-CN': '价格' }, { 'zh-CN': '服务' }, { 'zh-CN': '环境' }, { 'zh-CN': '其他' }])
    expect(out.map((o) => o.code)).toEqual(['C', 'D', 'E', 'F'])
  })

  it('codes run A…Z then AA', () => {
    const taken = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i))
    expect(nextCode(taken)).toBe('AA')
  })
})

describe('setField', () => {
  it('removes empty values and, unless kept, empty lists', () => {
    const target: Record<string, unknown> = { a: 1, b: 'x', c: true, d: [1], e: {} }
    setField(target, 'a', undefined)
    setField(target, 'b', '')
    setField(target, 'c', false)
    setField(target, 'd', [])
    setField(target, 'e', null)
    expect(target).toEqual({})
    setField(target, 'list', [], { keepEmptyList: true })
    setField(target, 'n', 0)
    expect(target).toEqual({ list: [], n: 0 })
  })

  it('makes booleans and numbers an undo step of their own', () => {
    let steps = 0
    const checkpoint = () => steps++
    const target: Record<string, unknown> = {}
    setField(target, 'title', { en: 'Hi' }, { checkpoint })
    expect(steps).toBe(0)
    setField(target, 'required', true, { checkpoint })
    setField(target, 'points', 7, { checkpoint })
    expect(steps).toBe(4)
    expect(target).toEqual({ title: { en: 'Hi' }, required: true, points: 7 })
  })
})
