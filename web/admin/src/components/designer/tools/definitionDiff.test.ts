// Issue #6 item 6: a readable diff between versions (clause 6.3.1: editing a
// published survey creates a new version).
import { describe, expect, it } from 'vitest'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { diffDefinitions, movedIds, summarise, type Change } from './definitionDiff'

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

const base: SurveyDefinition = {
  format_version: 1,
  default_locale: 'zh-CN',
  title: { 'zh-CN': '门店满意度', en: 'Store satisfaction' },
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'rating', scale: 'nps', title: { 'zh-CN': '推荐吗？', en: 'Recommend?' } },
        {
          id: 'like',
          type: 'multiple',
          title: '喜欢什么？',
          options: [
            { code: 'A', label: { 'zh-CN': '价格', en: 'Price' } },
            { code: 'B', label: { 'zh-CN': '服务', en: 'Service' } },
            { code: 'C', label: '环境' },
          ],
        },
      ],
    },
    { id: 'p2', questions: [{ id: 'fix', type: 'text', title: '改进什么？' }] },
  ],
  endings: [{ id: 'thanks', text: '谢谢！' }],
}

const only = (changes: Change[], kind: Change['kind']) => changes.filter((c) => c.kind === kind)

describe('diffDefinitions', () => {
  it('finds nothing between equal definitions, whatever the key order', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]))
          : v
    const reordered = reverseKeys(base) as SurveyDefinition
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(base))
    expect(diffDefinitions(base, clone(base))).toEqual([])
    expect(diffDefinitions(base, reordered)).toEqual([])
  })

  it('ignores the format version and anything that is not part of the definition', () => {
    // Collection settings (quotas, privacy) live outside the definition and are never compared.
    const after = { ...clone(base), format_version: 2 }
    expect(diffDefinitions(base, after)).toEqual([])
  })

  it('reports added and removed questions with their page and title', () => {
    const after = clone(base)
    after.pages![1].questions.push({ id: 'age', type: 'single', title: '年龄？', options: [{ code: '1' }] })
    after.pages![0].questions.splice(0, 1)
    const changes = diffDefinitions(base, after)
    expect(only(changes, 'added')).toEqual([{ kind: 'added', element: 'question', id: 'age', parent: 'p2', after: '年龄？' }])
    expect(only(changes, 'removed')).toEqual([
      { kind: 'removed', element: 'question', id: 'nps', parent: 'p1', before: '推荐吗？' },
    ])
    // The added question's options are part of the addition, not separate lines.
    expect(changes.filter((c) => c.element === 'option')).toEqual([])
  })

  it('reports a question moved within its page once, and a move to another page with both pages', () => {
    const within = clone(base)
    within.pages![0].questions.reverse()
    expect(diffDefinitions(base, within)).toEqual([{ kind: 'moved', element: 'question', id: 'nps', parent: 'p1', before: 'p1', after: 'p1' }])

    const across = clone(base)
    across.pages![1].questions.unshift(across.pages![0].questions.pop()!)
    expect(diffDefinitions(base, across)).toEqual([{ kind: 'moved', element: 'question', id: 'like', parent: 'p2', before: 'p1', after: 'p2' }])
  })

  it('reports a moved page without reporting every question on it', () => {
    const after = clone(base)
    after.pages!.reverse()
    const changes = diffDefinitions(base, after)
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ kind: 'moved', element: 'page' })
  })

  it('compares titles locale by locale', () => {
    const after = clone(base)
    after.pages![0].questions[0].title = { 'zh-CN': '推荐吗？', en: 'Would you recommend us?' }
    after.title = { 'zh-CN': '门店满意度调查', en: 'Store satisfaction' }
    expect(diffDefinitions(base, after)).toEqual([
      { kind: 'changed', element: 'survey', id: '', field: 'title', locale: 'zh-CN', before: '门店满意度', after: '门店满意度调查' },
      { kind: 'changed', element: 'question', id: 'nps', parent: 'p1', field: 'title', locale: 'en', before: 'Recommend?', after: 'Would you recommend us?' },
    ])
  })

  it('reports options added, removed, relabelled and reordered', () => {
    const after = clone(base)
    const like = after.pages![0].questions[1]
    like.options = [
      { code: 'B', label: { 'zh-CN': '服务态度', en: 'Service' } },
      { code: 'A', label: { 'zh-CN': '价格', en: 'Price' } },
      { code: 'D', label: '其他', other: true },
    ]
    const changes = diffDefinitions(base, after)
    expect(changes).toEqual([
      { kind: 'removed', element: 'option', id: 'C', parent: 'like', before: '环境' },
      { kind: 'changed', element: 'option', id: 'B', parent: 'like', field: 'label', locale: 'zh-CN', before: '服务', after: '服务态度' },
      { kind: 'moved', element: 'option', id: 'A', parent: 'like' },
      { kind: 'added', element: 'option', id: 'D', parent: 'like', after: '其他' },
    ])
  })

  it('marks logic changes: display, jumps, option jumps and option sources', () => {
    const after = clone(base)
    const [nps, like] = after.pages![0].questions as unknown as Record<string, unknown>[]
    nps.jumps = [{ if: '{nps} <= 6', to: 'page', target: 'p2' }]
    like.display = '{nps} >= 7'
    ;(like.options as Record<string, unknown>[])[0].jump = { to: 'end' }
    after.pages![1].questions[0].required = true
    const changes = diffDefinitions(base, after)
    expect(changes.map((c) => [c.id, c.field, !!c.logic])).toEqual([
      ['nps', 'jumps', true],
      ['like', 'display', true],
      ['A', 'jump', true],
      ['fix', 'required', false],
    ])
    expect(changes[0].after).toBe('[{"if":"{nps} <= 6","target":"p2","to":"page"}]')
    expect(changes[1]).toMatchObject({ before: '', after: '{nps} >= 7' })
    expect(summarise(changes)).toEqual({ added: 0, removed: 0, moved: 0, changed: 4, logic: 3 })
  })

  it('reports endings and plain field changes with old and new values', () => {
    const after = clone(base)
    after.endings = [{ id: 'thanks', text: '非常感谢！' }, { id: 'out', kind: 'screen_out', text: '感谢关注' }]
    after.pages![0].questions[0].scale = 'star'
    const changes = diffDefinitions(base, after)
    expect(changes).toEqual([
      { kind: 'changed', element: 'question', id: 'nps', parent: 'p1', field: 'scale', before: 'nps', after: 'star' },
      { kind: 'changed', element: 'ending', id: 'thanks', field: 'text', locale: '', before: '谢谢！', after: '非常感谢！' },
      { kind: 'added', element: 'ending', id: 'out', after: '感谢关注' },
    ])
  })
})

describe('movedIds', () => {
  it('keeps the longest ordered run in place', () => {
    expect([...movedIds(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b'])]).toEqual(['b'])
    expect([...movedIds(['a', 'b', 'c'], ['a', 'b', 'c'])]).toEqual([])
    expect([...movedIds(['a', 'x', 'b'], ['b', 'y', 'a'])]).toHaveLength(1)
  })
})
