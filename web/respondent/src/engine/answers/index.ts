// The answer handler of each question type (Go's answerFor).
import type { Handler } from '../qstate'
import type { Question } from '../types'
import { CascadeAnswer, ChoiceAnswer, CityAnswer } from './choice'
import { CBCAnswer, MaxDiffAnswer } from './design'
import { DateAnswer, MatrixAnswer } from './matrix'
import { BlanksAnswer, ScaleAnswer, TextAnswer, VideoAnswer } from './scalar'

const none: Handler = { decode() {}, assign() {}, finish() {} }

/** A fresh handler for one evaluation of q. */
export function handlerFor(q: Question): Handler {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'ranking':
    case 'hotspot':
      return new ChoiceAnswer(q.type !== 'single' && (q.type !== 'hotspot' || !!q.multiple), q.type === 'ranking')
    case 'dropdown':
      return q.levels?.length ? new CascadeAnswer() : new ChoiceAnswer()
    case 'city':
      return new CityAnswer()
    case 'text':
      return new TextAnswer()
    case 'blanks':
      return new BlanksAnswer()
    case 'rating':
    case 'slider':
      return new ScaleAnswer()
    case 'date':
      return new DateAnswer()
    case 'matrix':
      return new MatrixAnswer()
    case 'video':
      return new VideoAnswer()
    case 'cbc':
      return new CBCAnswer()
    case 'maxdiff':
      return new MaxDiffAnswer()
  }
  return none
}
