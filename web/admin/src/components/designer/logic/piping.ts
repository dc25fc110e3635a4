// The piping tokens a text at a given place may insert (docs/logic.md §9,
// survey-format §2 and §5.3): answers and chosen labels of earlier questions,
// "other" texts, matrix rows and blanks, parameters and variables.
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { optionsOf, paramsOf, plain, questionsBefore, subjectsOf, textOf, variablesOf } from './model'

export interface PipeToken {
  token: string
  /** Message key under designerLogic and its parameters, for the menu. */
  key: string
  params: Record<string, string>
  /** The question it belongs to ('' for parameters and variables). */
  question: string
}

const CHOICE = ['single', 'multiple', 'dropdown', 'hotspot', 'ranking']

/** Tokens for a text at `at`: a title sees the questions before it (§5.3). */
export function pipeTokens(def: SurveyDefinition, at: string, locale: string): PipeToken[] {
  const out: PipeToken[] = []
  for (const x of questionsBefore(def, { at })) {
    const q = x.q
    const id = q.id
    if (CHOICE.includes(q.type)) {
      out.push({ token: `{${id}.text}`, key: 'piping.label', params: { id }, question: id })
      out.push({ token: `{${id}}`, key: 'piping.answer', params: { id }, question: id })
      if (optionsOf(def, q).some((o) => o.other)) out.push({ token: `{${id}.other}`, key: 'piping.other', params: { id }, question: id })
    } else {
      out.push({ token: `{${id}}`, key: 'piping.answer', params: { id }, question: id })
    }
    for (const s of subjectsOf(def, q)) {
      if (s.key === id) continue
      // Matrix rows pipe the chosen column's label; city levels already end in .text.
      const token = q.type === 'matrix' && q.matrix !== 'rating' ? `{${s.key}.text}` : `{${s.key}}`
      out.push({ token, key: 'piping.item', params: { id, item: plain(textOf(s.item, locale, def)) }, question: id })
    }
  }
  for (const p of paramsOf(def)) out.push({ token: `{$param.${p.id}}`, key: 'param', params: { id: p.id }, question: '' })
  for (const v of variablesOf(def)) out.push({ token: `{$var.${v.id}}`, key: 'variable', params: { id: v.id }, question: '' })
  return out
}
