import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import type { SurveyDefinition } from '../api/surveyTypes'
import { describePath, publishProblems, splitReason } from './usePublishErrors'

const draft: SurveyDefinition = {
  pages: [
    {
      id: 'p_score',
      questions: [
        { id: 'nps', type: 'rating' },
        { id: 'areas', type: 'multiple', options: [{ code: 'price' }, { code: 'service' }] },
      ],
    },
  ],
  endings: [{ id: 'thanks' }],
}

describe('publishProblems', () => {
  it('lists each refused element with its path, ids, reason and check code', () => {
    const error = new ApiError(400, 'validation_failed', 'The survey definition has errors.', [
      { name: 'pages[0].questions[1].options[1].jump.target', reason: 'there is no page "nowhere" [unknown_target]' },
      { name: 'pages[0].questions[0].display', reason: '{areas} refers to question areas, which comes later [forward_ref]' },
      { name: 'title', reason: 'is required' },
    ])
    expect(publishProblems(error, draft)).toEqual([
      {
        path: 'pages[0].questions[1].options[1].jump.target',
        element: 'p_score › areas › service › jump › target',
        reason: 'there is no page "nowhere"',
        code: 'unknown_target',
      },
      {
        path: 'pages[0].questions[0].display',
        element: 'p_score › nps › display',
        reason: '{areas} refers to question areas, which comes later',
        code: 'forward_ref',
      },
      { path: 'title', element: 'title', reason: 'is required', code: '' },
    ])
  })

  it('has nothing for other errors, which are shown as a message', () => {
    expect(publishProblems(new ApiError(409, 'survey_unchanged', 'Nothing changed.'), draft)).toEqual([])
    expect(publishProblems(new Error('boom'), draft)).toEqual([])
  })
})

describe('describePath', () => {
  it('keeps indexes it cannot follow and names the whole survey with nothing', () => {
    expect(describePath('pages[3].questions[0]', draft)).toBe('pages[3] › questions[0]')
    expect(describePath('endings[0].text', draft)).toBe('thanks › text')
    expect(describePath('', draft)).toBe('')
    expect(describePath('pages[0]', null)).toBe('pages[0]')
  })

  it('splits the check code off a reason', () => {
    expect(splitReason('bad [syntax]')).toEqual({ reason: 'bad', code: 'syntax' })
    expect(splitReason('plain reason')).toEqual({ reason: 'plain reason', code: '' })
  })
})
