import { describe, expect, it, vi } from 'vitest'
import type { SurveyDefinition, SurveyDetail } from '../../api/surveyTypes'
import { useDesigner, type DesignerBackend } from './useDesigner'
import { useDesignerActions } from './useDesignerActions'

// Issue #6 items 2 and 7: structural edits are single undo steps and keep the selection.

async function setup(draft: SurveyDefinition) {
  const backend: DesignerBackend = {
    load: vi.fn().mockResolvedValue({ id: 's1', draft_rev: 1, draft, check: { errors: [], warnings: [], estimated_seconds: 0, question_seconds: {} } } as unknown as SurveyDetail),
    save: vi.fn(),
  }
  const d = useDesigner('s1', { backend, delay: 1e9 })
  await d.load()
  return { d, a: useDesignerActions(d) }
}

const ids = (doc: SurveyDefinition) => doc.pages!.map((p) => p.questions.map((q) => q.id))

describe('useDesignerActions', () => {
  it('starts an empty survey with a page when the first question is added', async () => {
    const { d, a } = await setup({ pages: [] })
    a.addQuestion('single')
    expect(ids(d.doc.value)).toEqual([['q1']])
    expect(d.selected.value).toBe('pages[0].questions[0]')
    d.undo()
    expect(d.doc.value.pages).toEqual([])
  })

  it('inserts after the selected question and selects the new one', async () => {
    const { d, a } = await setup({ pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'text' }, { id: 'q2', type: 'text' }] }] })
    d.selected.value = 'pages[0].questions[0]'
    a.addQuestion('rating')
    expect(ids(d.doc.value)).toEqual([['q1', 'q3', 'q2']])
    expect(d.selected.value).toBe('pages[0].questions[1]')
  })

  it('drops a question at the indicator position, also below itself', async () => {
    const { d, a } = await setup({
      pages: [
        { id: 'p1', questions: [{ id: 'a', type: 'text' }, { id: 'b', type: 'text' }, { id: 'c', type: 'text' }] },
        { id: 'p2', questions: [] },
      ],
    })
    a.moveQuestionTo({ page: 0, index: 0 }, { page: 0, index: 2 }) // between b and c
    expect(ids(d.doc.value)).toEqual([['b', 'a', 'c'], []])
    expect(d.selected.value).toBe('pages[0].questions[1]')
    a.moveQuestionTo({ page: 0, index: 2 }, { page: 1, index: 0 })
    expect(ids(d.doc.value)).toEqual([['b', 'a'], ['c']])
    d.undo()
    expect(ids(d.doc.value)).toEqual([['b', 'a', 'c'], []])
  })

  it('deletes the selected question with undo, and moves pages', async () => {
    const { d, a } = await setup({ pages: [{ id: 'p1', questions: [{ id: 'a', type: 'text' }] }, { id: 'p2', questions: [] }] })
    d.selected.value = 'pages[0].questions[0]'
    expect(a.removeQuestion()).toBe(true)
    expect(ids(d.doc.value)).toEqual([[], []])
    expect(d.selected.value).toBe('pages[0]')
    d.undo()
    expect(ids(d.doc.value)).toEqual([['a'], []])
    a.movePage(1, 0)
    expect(d.doc.value.pages!.map((p) => p.id)).toEqual(['p2', 'p1'])
    a.step('pages[0]', 1)
    expect(d.doc.value.pages!.map((p) => p.id)).toEqual(['p1', 'p2'])
  })
})
