import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import type { SurveyDefinition, SurveyDetail } from '../../api/surveyTypes'
import { defaultQuestion, moveQuestion } from '../../components/designer/model'
import { useDesigner, type DesignerBackend } from './useDesigner'

// Issue #6 item 7: undo/redo, autosave of drafts with conflict detection.

function detail(draft: SurveyDefinition, rev: number, errors: SurveyDetail['check']['errors'] = []): SurveyDetail {
  return {
    id: 's1',
    draft_rev: rev,
    draft,
    check: { errors, warnings: [], estimated_seconds: 10, question_seconds: {} },
  } as unknown as SurveyDetail
}

const start: SurveyDefinition = {
  title: { 'zh-CN': '调查' },
  pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'text', title: 'a' }] }, { id: 'p2', questions: [] }],
}

let clock = 0
let backend: { load: ReturnType<typeof vi.fn>; save: ReturnType<typeof vi.fn> }

function designer() {
  return useDesigner('s1', { backend: backend as unknown as DesignerBackend, now: () => clock, delay: 1000, coalesce: 500 })
}

beforeEach(() => {
  vi.useFakeTimers()
  clock = 0
  backend = {
    load: vi.fn().mockResolvedValue(detail(structuredClone(start), 3)),
    save: vi.fn().mockImplementation((_id: string, def: SurveyDefinition, base: number) => Promise.resolve(detail(def, base + 1))),
  }
})

afterEach(() => {
  vi.useRealTimers()
})

describe('useDesigner history', () => {
  it('coalesces quick typing into one undo step and separates pauses', async () => {
    const d = designer()
    await d.load()
    const q = () => d.doc.value.pages![0].questions[0]
    q().title = 'ab'
    clock = 100
    q().title = 'abc'
    clock = 300
    q().title = 'abcd'
    clock = 2000
    q().title = 'abcd!'
    expect(d.canUndo.value).toBe(true)
    d.undo()
    expect(q().title).toBe('abcd')
    d.undo()
    expect(q().title).toBe('a')
    expect(d.canUndo.value).toBe(false)
    d.redo()
    expect(q().title).toBe('abcd')
    d.redo()
    expect(q().title).toBe('abcd!')
    expect(d.canRedo.value).toBe(false)
  })

  it('makes a structural edit its own step even while typing', async () => {
    const d = designer()
    await d.load()
    d.doc.value.pages![0].questions[0].title = 'typed'
    clock = 10
    d.transact((doc) => {
      doc.pages![0].questions.push(defaultQuestion('single', doc))
      moveQuestion(doc, { page: 0, index: 1 }, { page: 1, index: 0 })
    })
    expect(d.doc.value.pages![1].questions.map((q) => q.id)).toEqual(['q2'])
    d.undo()
    expect(d.doc.value.pages![1].questions).toEqual([])
    expect(d.doc.value.pages![0].questions[0].title).toBe('typed')
  })

  it('a new edit clears the redo stack', async () => {
    const d = designer()
    await d.load()
    d.transact((doc) => (doc.title = 'x'))
    d.undo()
    expect(d.canRedo.value).toBe(true)
    d.transact((doc) => (doc.title = 'y'))
    expect(d.canRedo.value).toBe(false)
  })
})

describe('useDesigner autosave', () => {
  it('saves after a quiet period with the loaded revision as base_rev, then with the new one', async () => {
    const d = designer()
    await d.load()
    expect(d.status.value).toBe('saved')
    d.doc.value.title = 'one'
    expect(d.status.value).toBe('dirty')
    await vi.advanceTimersByTimeAsync(999)
    expect(backend.save).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(backend.save).toHaveBeenCalledTimes(1)
    expect(backend.save.mock.calls[0][1].title).toBe('one')
    expect(backend.save.mock.calls[0][2]).toBe(3)
    expect(d.status.value).toBe('saved')
    expect(d.baseRev.value).toBe(4)
    d.doc.value.title = 'two'
    await d.save()
    expect(backend.save.mock.calls[1][2]).toBe(4)
    expect(backend.save).toHaveBeenCalledTimes(2)
  })

  it('never sends two saves with the same base_rev when saves overlap', async () => {
    let release: (v: SurveyDetail) => void = () => {}
    backend.save.mockImplementationOnce(
      (_id: string, def: SurveyDefinition, base: number) => new Promise<SurveyDetail>((r) => (release = () => r(detail(def, base + 1)))),
    )
    const d = designer()
    await d.load()
    d.doc.value.title = 'a'
    const first = d.save()
    d.doc.value.title = 'b'
    const second = d.save()
    const third = d.save()
    release(detail(start, 0))
    await Promise.all([first, second, third])
    expect(backend.save.mock.calls.map((c) => [c[1].title, c[2]])).toEqual([
      ['a', 3],
      ['b', 4],
    ])
    expect(d.status.value).toBe('saved')
  })

  it('takes the check report of the save', async () => {
    backend.save.mockResolvedValueOnce(
      detail(start, 4, [{ code: 'missing', path: 'pages[0].questions[0].options', reason: 'needs options', severity: 'error' }]),
    )
    const d = designer()
    await d.load()
    d.doc.value.title = 'x'
    await d.save()
    expect(d.errors.value.map((e) => e.code)).toEqual(['missing'])
  })

  it('undoing back to the saved state is clean again', async () => {
    const d = designer()
    await d.load()
    d.doc.value.title = 'x'
    expect(d.dirty.value).toBe(true)
    d.undo()
    expect(d.dirty.value).toBe(false)
    await vi.runAllTimersAsync()
    expect(backend.save).not.toHaveBeenCalled()
  })

  it('on a conflict stops autosaving and keeps the local work; overwrite sends base_rev 0', async () => {
    backend.save.mockRejectedValueOnce(new ApiError(409, 'survey_edit_conflict', 'someone else saved'))
    const d = designer()
    await d.load()
    d.doc.value.title = 'mine'
    await d.save()
    expect(d.status.value).toBe('conflict')
    expect(d.doc.value.title).toBe('mine')
    d.doc.value.title = 'mine, more'
    await vi.runAllTimersAsync()
    expect(backend.save).toHaveBeenCalledTimes(1)
    expect(JSON.parse(d.exportJSON()).title).toBe('mine, more')
    await d.overwriteMine()
    expect(backend.save).toHaveBeenCalledTimes(2)
    expect(backend.save.mock.calls[1][2]).toBe(0)
    expect(backend.save.mock.calls[1][1].title).toBe('mine, more')
    expect(d.status.value).toBe('saved')
  })

  it('reloading theirs after a conflict can be undone to get mine back', async () => {
    backend.save.mockRejectedValueOnce(new ApiError(409, 'survey_edit_conflict', 'someone else saved'))
    const d = designer()
    await d.load()
    d.doc.value.title = 'mine'
    await d.save()
    backend.load.mockResolvedValueOnce(detail({ ...structuredClone(start), title: 'theirs' }, 7))
    await d.reloadTheirs()
    expect(d.doc.value.title).toBe('theirs')
    expect(d.status.value).toBe('saved')
    expect(d.baseRev.value).toBe(7)
    d.undo()
    expect(d.doc.value.title).toBe('mine')
    await d.save()
    expect(backend.save.mock.calls.at(-1)![2]).toBe(7)
  })

  it('a save the schema refuses reports its fields as errors and keeps the work', async () => {
    backend.save.mockRejectedValueOnce(
      new ApiError(400, 'validation_failed', 'bad', [{ name: 'pages[0].questions[0].id', reason: 'bad id' }]),
    )
    const d = designer()
    await d.load()
    d.doc.value.pages![0].questions[0].id = 'text'
    await d.save()
    expect(d.status.value).toBe('error')
    expect(d.errors.value[0]).toMatchObject({ path: 'pages[0].questions[0].id', severity: 'error' })
    d.doc.value.pages![0].questions[0].id = 'q9'
    await d.save()
    expect(d.status.value).toBe('saved')
    expect(d.errors.value).toEqual([])
  })

  it('reloading the server draft drops a refusal about the draft it replaces', async () => {
    backend.save.mockRejectedValueOnce(
      new ApiError(400, 'validation_failed', 'bad', [{ name: 'pages[0].questions[0].id', reason: 'bad id' }]),
    )
    const d = designer()
    await d.load()
    d.doc.value.pages![0].questions[0].id = 'text'
    await d.save()
    expect(d.errors.value).toHaveLength(1)
    backend.load.mockResolvedValueOnce(detail(structuredClone(start), 8))
    await d.reloadTheirs()
    expect(d.status.value).toBe('saved')
    expect(d.errors.value).toEqual([])
  })
})
