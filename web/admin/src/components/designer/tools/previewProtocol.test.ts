// Issue #6 item 5: the preview protocol of docs/preview.md.
import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { fromPreviewFrame, gotoMessage, loadMessage, onPage, pathLabel, readFrameMessage, resetMessage } from './previewProtocol'

const definition: SurveyDefinition = { pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'text' }] }] }

describe('parent messages', () => {
  it('builds a load message that survives structured cloning of a reactive definition', () => {
    const live = reactive(JSON.parse(JSON.stringify(definition)) as SurveyDefinition)
    const msg = loadMessage(live, { locale: 'en', page: 'p1', keepAnswers: true })
    expect(msg).toEqual({ type: 'opencem:preview-load', definition, locale: 'en', page: 'p1', keepAnswers: true })
    // postMessage clones its data; a Vue proxy would throw DataCloneError.
    expect(() => structuredClone(msg)).not.toThrow()
    expect(msg.definition).not.toBe(live)
  })

  it('leaves out options not given', () => {
    expect(loadMessage(definition)).toEqual({ type: 'opencem:preview-load', definition })
    expect(loadMessage(definition, { keepAnswers: false, page: '' })).toEqual({ type: 'opencem:preview-load', definition })
  })

  it('builds goto and reset', () => {
    expect(gotoMessage('p2')).toEqual({ type: 'opencem:preview-goto', page: 'p2' })
    expect(resetMessage()).toEqual({ type: 'opencem:preview-reset' })
  })
})

describe('readFrameMessage', () => {
  it('reads ready and a full state', () => {
    expect(readFrameMessage({ type: 'opencem:preview-ready' })).toEqual({ type: 'opencem:preview-ready' })
    const state = {
      type: 'opencem:preview-state',
      page: 'p2',
      pages: ['p1', 'p2', 'p3'],
      visible_pages: ['p1', 'p2'],
      visible_questions: ['q1'],
      hidden_questions: ['q2'],
      rules: [{ kind: 'display', element: 'q2', holds: false, detail: '{q1} = 1' }],
      outcome: '',
      ending: '',
      error: 'boom',
    }
    expect(readFrameMessage(state)).toEqual(state)
  })

  it('reads a partial state leniently and drops malformed rules', () => {
    const out = readFrameMessage({ type: 'opencem:preview-state', page: 'p1', rules: [{ kind: 'jump' }, null, { kind: 'jump', element: 'q1', holds: 'yes' }], pages: [1] })
    expect(out).toEqual({
      type: 'opencem:preview-state',
      page: 'p1',
      pages: [],
      visible_pages: [],
      visible_questions: [],
      hidden_questions: [],
      rules: [{ kind: 'jump', element: 'q1', holds: false }],
      outcome: '',
      ending: '',
    })
  })

  it('refuses anything else', () => {
    for (const data of [null, 'opencem:preview-ready', 42, {}, { type: 'opencem:preview-load' }, { type: 'opencem:preview-state' }, { type: 'other' }]) {
      expect(readFrameMessage(data), JSON.stringify(data)).toBeNull()
    }
  })
})

describe('fromPreviewFrame', () => {
  const frame = {} as Window
  it('accepts only the frame window on our origin', () => {
    expect(fromPreviewFrame({ origin: 'https://cem.example', source: frame }, frame, 'https://cem.example')).toBe(true)
    expect(fromPreviewFrame({ origin: 'https://evil.example', source: frame }, frame, 'https://cem.example')).toBe(false)
    expect(fromPreviewFrame({ origin: 'https://cem.example', source: {} }, frame, 'https://cem.example')).toBe(false)
    expect(fromPreviewFrame({ origin: 'https://cem.example', source: null }, null, 'https://cem.example')).toBe(false)
  })
})

describe('rule paths', () => {
  const def = {
    pages: [
      { id: 'p1', questions: [{ id: 'q1', type: 'single', options: [{ code: 'A' }, { code: 'B' }] }] },
      { id: 'p2', questions: [{ id: 'q2', type: 'text' }] },
    ],
  } as SurveyDefinition

  it('names elements by id', () => {
    expect(pathLabel(def, 'pages[0].questions[0].options[1]')).toBe('p1 › q1 › B')
    expect(pathLabel(def, 'pages[1].questions[0].jumps[1]')).toBe('p2 › q2 › jumps 2')
    expect(pathLabel(def, 'pages[1]')).toBe('p2')
    expect(pathLabel(def, 'assign[0]')).toBe('assign 1')
    expect(pathLabel(def, 'pages[7].questions[0]')).toBe('pages 8 › questions 1')
  })

  it('tells which page a rule is on', () => {
    expect(onPage('pages[1].questions[0].jumps[0]', 1)).toBe(true)
    expect(onPage('pages[1]', 1)).toBe(true)
    expect(onPage('pages[10].questions[0]', 1)).toBe(false)
    expect(onPage('assign[0]', 0)).toBe(false)
  })
})
