// Which questions a rule may reference or jump to (survey-format §5.2 forward-only jumps, §10 forward_ref).
import { describe, expect, it } from 'vitest'
import { fixture } from './fixture'
import { questionsBefore, targetsAfter } from './model'
import { checkExpression, checkTemplate, completionAt, completions, applyCompletion } from './check'
import { listRules } from './overview'

const def = fixture()
const ids = (xs: { q: { id: string } }[]) => xs.map((x) => x.q.id)

describe('questions before and after a place', () => {
  it('display rules see earlier questions only; jumps and assignments also the question itself', () => {
    expect(ids(questionsBefore(def, { at: 'nps' }))).toEqual(['sat', 'like'])
    expect(ids(questionsBefore(def, { at: 'nps', inclusive: true }))).toEqual(['sat', 'like', 'nps'])
    expect(ids(questionsBefore(def, { at: 'sat' }))).toEqual([])
  })

  it('page display sees earlier pages; page jumps also the page’s own questions; survey level sees everything', () => {
    expect(ids(questionsBefore(def, { at: 'page:p2' }))).toEqual(['sat', 'like', 'nps'])
    expect(ids(questionsBefore(def, { at: 'page:p2', inclusive: true }))).toEqual(['sat', 'like', 'nps', 'why', 'born', 'grid', 'where', 'pick'])
    expect(ids(questionsBefore(def, { at: '' }))).toHaveLength(9) // every question but the description
  })

  it('jumps go forward only', () => {
    const fromNps = targetsAfter(def, 'nps')
    expect(fromNps.pages.map((p) => p.id)).toEqual(['p2', 'p3'])
    expect(ids(fromNps.questions)).toEqual(['why', 'born', 'grid', 'where', 'info', 'pick', 'fix'])
    const fromWhy = targetsAfter(def, 'why')
    expect(fromWhy.pages.map((p) => p.id)).toEqual(['p3'])
    expect(ids(fromWhy.questions)[0]).toBe('born')
    const fromPage = targetsAfter(def, 'page:p2')
    expect(fromPage.pages.map((p) => p.id)).toEqual(['p3'])
    expect(ids(fromPage.questions)).toEqual(['fix'])
  })
})

describe('text mode checks', () => {
  it('reports the parser’s error with its position', () => {
    const r = checkExpression("{sat} = 'A' and", def, { at: '' })
    expect(r.error).toMatchObject({ code: 'syntax', line: 1, col: 16, index: 15 })
    expect(checkExpression("{sat} =\n  'A", def, { at: '' }).error).toMatchObject({ line: 2, col: 3, index: 10 })
    expect(checkExpression("满意 = 'A'", def, { at: '' }).error?.code).toBe('syntax')
  })

  it('flags references the engine would refuse: later questions and unknown names', () => {
    expect(checkExpression("{sat} = 'A' and {nps} > 3 and {like} anyof ['x']", def, { at: 'nps' }).refs).toEqual([{ key: 'nps', reason: 'later' }])
    expect(checkExpression('{nope} = 1 or {$param.zz} = 1 or {$var.score} > 1 or {$contact.city} = 1', def, { at: '' }).refs).toEqual([
      { key: 'nope', reason: 'unknown' },
      { key: '$param.zz', reason: 'unknown' },
    ])
    expect(checkTemplate('您给了 {nps} 分，{{ok}}', def, { at: 'fix' }).refs).toEqual([])
    expect(checkTemplate('您给了 {fix} 分', def, { at: 'fix' }).refs).toEqual([{ key: 'fix', reason: 'later' }])
  })

  it('completes { with the references allowed at the place', () => {
    expect(completionAt('{sat} = 1 and {n', 16)).toEqual({ start: 14, prefix: 'n' })
    expect(completionAt("{sat} = '{", 10)).toBeUndefined()
    expect(completionAt('{sat} ', 6)).toBeUndefined()
    const keys = completions(def, { at: 'why' }, '', 'en').map((c) => c.key)
    expect(keys).toEqual(['sat', 'like', 'nps', '$param.ch', '$param.store', '$param.age', '$var.score', '$var.seg'])
    const c = completions(def, { at: '' }, 'grid', 'zh-CN')
    expect(c).toEqual([
      { key: 'grid', label: '评价' },
      { key: 'grid.r1', label: '评价 › 速度' },
      { key: 'grid.r2', label: '评价 › 价格' },
    ])
    expect(completions(def, { at: '' }, 'satis', 'en').map((x) => x.key)).toEqual(['sat'])
    expect(applyCompletion('{s} = 1', 0, 2, 'sat')).toEqual({ text: '{sat} = 1', caret: 5 })
  })
})

describe('rule listing', () => {
  it('lists every rule with its path, in document order', () => {
    const rules = listRules(def, [{ id: 'q1', name: 'Detractors', condition: '{nps} <= 6', limit: 5, action: 'end' }])
    expect(rules.map((r) => [r.kind, r.path])).toEqual([
      ['assign', 'assign[0]'],
      ['jump', 'pages[0].questions[2].jumps[0]'],
      ['display', 'pages[1].display'],
      ['display', 'pages[1].questions[0].display'],
      ['optionSource', 'pages[1].questions[5].options_from'],
      ['display', 'pages[1].questions[5].options[0].display'],
      ['optionJump', 'pages[1].questions[5].options[0].jump'],
      ['assign', 'pages[2].questions[0].assign[0]'],
      ['quota', 'quotas[0].condition'],
    ])
    expect(rules[1]).toMatchObject({ owner: 'pages[0].questions[2]', condition: '{nps} <= 6', jump: { to: 'page', target: 'p3' }, place: { at: 'nps', inclusive: true } })
    expect(rules[6]).toMatchObject({ owner: 'pages[1].questions[5].options[0]', item: 'none', itemKind: 'option' })
  })
})
