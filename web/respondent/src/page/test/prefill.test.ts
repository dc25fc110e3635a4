// Prefill from typed hidden fields (issue #5 item 3, clause 6.3.2a;
// docs/survey-format.md §1): the URL text, converted by the parameter's
// type, becomes the question's first answer unless one is already there,
// and a value the engine refuses is ignored.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../engine'
import { prefill, prefillValue } from '../prefill'
import type { Answers, Definition } from '../types'

const DEF = {
  format_version: 1,
  title: 't',
  params: [
    { id: 'store', prefill: 'shop' },
    { id: 'score', type: 'number', prefill: 'nps' },
    { id: 'ch', values: ['wx', 'sms'], prefill: 'channel' },
    { id: 'likes', prefill: 'like' },
    { id: 'day', type: 'date', prefill: 'visit' },
    { id: 'member', type: 'bool', prefill: 'isMember' },
    { id: 'age', type: 'number', prefill: 'years' },
    { id: 'plain' },
  ],
  pages: [{ id: 'p1', questions: [
    { id: 'shop', type: 'text', title: '门店' },
    { id: 'nps', type: 'rating', scale: 'nps', title: '推荐' },
    { id: 'channel', type: 'single', title: '渠道', options: [{ code: 'wx', label: '微信' }, { code: 'sms', label: '短信' }] },
    { id: 'like', type: 'multiple', title: '喜欢', options: [{ code: 'A', label: '甲' }, { code: 'B', label: '乙' }] },
    { id: 'visit', type: 'date', title: '日期' },
    { id: 'isMember', type: 'single', title: '会员', options: [{ code: '1', label: '是' }, { code: '0', label: '否' }] },
    { id: 'years', type: 'text', input: 'number', title: '年龄', validation: { min: 1, max: 120 } },
  ] }],
} as unknown as Definition

const check = (params: Record<string, string>) => (a: Answers) => evaluate(DEF, { answers: a, params, current_page: '', seed: 's' })
const run = (params: Record<string, string>, answers: Answers = {}) => prefill(DEF, params, answers, check(params))

describe('prefill from hidden fields', () => {
  it('converts each value by the parameter type into the question answer', () => {
    const params = { store: 'S001', score: '9', ch: 'wx', likes: 'B, A', day: '2026-11-03', member: 'yes', age: '42', plain: 'x' }
    const { answers, filled } = run(params)
    expect(answers).toEqual({ shop: 'S001', nps: 9, channel: 'wx', like: ['B', 'A'], visit: '2026-11-03', isMember: '1', years: 42 })
    expect(filled.sort()).toEqual(['channel', 'isMember', 'like', 'nps', 'shop', 'visit', 'years'])
    // The engine accepts the prefilled answers as they are.
    const r = check(params)(answers)
    expect(r.errors).toEqual({})
    expect(r.answers.like).toEqual(['A', 'B'])
  })

  it('ignores values that do not convert or that the question refuses', () => {
    const { answers } = run({ score: '11', ch: 'email', likes: 'Z', day: 'soon', member: 'maybe', age: '300', store: '' })
    expect(answers).toEqual({})
  })

  it('keeps an answer the respondent already has (resume wins)', () => {
    const { answers, filled } = run({ store: 'S001', score: '3' }, { nps: 10 })
    expect(answers).toEqual({ nps: 10, shop: 'S001' })
    expect(filled).toEqual(['shop'])
  })

  it('shapes values per question type', () => {
    expect(prefillValue('ranking', false, 'c,a')).toEqual(['c', 'a'])
    expect(prefillValue('dropdown', true, 'toyota,camry')).toEqual(['toyota', 'camry'])
    expect(prefillValue('dropdown', false, 'a')).toBe('a')
    expect(prefillValue('slider', false, 3.5)).toBe(3.5)
    expect(prefillValue('matrix', false, 'x')).toBeUndefined()
    expect(prefillValue('text', false, true)).toBeUndefined()
    expect(prefillValue('text', false, null)).toBeUndefined()
  })
})
