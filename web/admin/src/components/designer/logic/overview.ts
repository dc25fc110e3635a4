// Every rule of a survey in one list (issue #6 item 3, "a logic overview
// lists every rule in the survey and where it points"): display conditions,
// jumps, option jumps, option sources, assignments and quotas, each with the
// element path it lives on (the engine's check paths) and the place its
// references are judged from.
import type { Quota, SurveyDefinition } from '../../../api/surveyTypes'
import { pagesOf, surveyAssignOf, type AssignRule, type JumpTarget, type LogicOption, type LogicQuestion, type Place } from './model'

export type RuleKind = 'display' | 'jump' | 'optionJump' | 'optionSource' | 'rowSource' | 'assign' | 'quota'

export interface RuleEntry {
  kind: RuleKind
  /** Path of the rule itself, e.g. pages[0].questions[1].jumps[0]. */
  path: string
  /** Path of the element that owns it (what the designer selects). */
  owner: string
  /** Page, question and item ids of the owner, for labels. */
  page?: string
  question?: string
  item?: string
  /** The item's role when it is an option, row or column. */
  itemKind?: 'option' | 'row' | 'column'
  /** The condition (display, jump if, assignment if, quota). */
  condition?: string
  /** Where a jump goes. */
  jump?: JumpTarget
  /** Assignment target and value or tick. */
  assign?: AssignRule
  /** Source question and mode of an option source. */
  source?: { question: string; mode?: string }
  /** Quota id and name. */
  quota?: { id: string; name: string }
  /** From where its references are judged. */
  place: Place
}

/** Lists every rule of the definition (and quotas) in document order. */
export function listRules(def: SurveyDefinition, quotas: Quota[] = []): RuleEntry[] {
  const out: RuleEntry[] = []
  // Survey-level assignments run before the first page: they read no answer.
  const first = pagesOf(def)[0]?.id
  const start: Place = first ? { at: `page:${first}` } : { at: '' }
  surveyAssignOf(def).forEach((a, i) => out.push({ kind: 'assign', path: `assign[${i}]`, owner: '', condition: a.if, assign: a, place: start }))
  pagesOf(def).forEach((page, pi) => {
    const pp = `pages[${pi}]`
    const pagePlace = { at: `page:${page.id}` }
    if (page.display) out.push({ kind: 'display', path: `${pp}.display`, owner: pp, page: page.id, condition: page.display, place: pagePlace })
    ;(page.questions ?? []).forEach((raw, qi) => {
      const q = raw as LogicQuestion
      const qp = `${pp}.questions[${qi}]`
      const base = { owner: qp, page: page.id, question: q.id }
      if (q.display) out.push({ ...base, kind: 'display', path: `${qp}.display`, condition: q.display, place: { at: q.id } })
      if (q.options_from) out.push({ ...base, kind: 'optionSource', path: `${qp}.options_from`, source: q.options_from, place: { at: q.id } })
      if (q.rows_from) out.push({ ...base, kind: 'rowSource', path: `${qp}.rows_from`, source: q.rows_from, place: { at: q.id } })
      const items: [string, 'option' | 'row' | 'column', LogicOption[]][] = [
        ['options', 'option', (q.options ?? []) as LogicOption[]],
        ['rows', 'row', (q.rows ?? []) as unknown as LogicOption[]],
        ['columns', 'column', (q.columns ?? []) as LogicOption[]],
      ]
      for (const [field, itemKind, list] of items)
        list.forEach((o, oi) => {
          const op = `${qp}.${field}[${oi}]`
          const item = { ...base, owner: op, item: o.code ?? (o as { id?: string }).id, itemKind }
          if (o.display) out.push({ ...item, kind: 'display', path: `${op}.display`, condition: o.display, place: { at: q.id } })
          if (o.jump) out.push({ ...item, kind: 'optionJump', path: `${op}.jump`, jump: o.jump, place: { at: q.id, inclusive: true } })
        })
      ;(q.jumps ?? []).forEach((j, i) =>
        out.push({ ...base, kind: 'jump', path: `${qp}.jumps[${i}]`, condition: j.if, jump: { to: j.to, target: j.target }, place: { at: q.id, inclusive: true } }),
      )
      ;(q.assign ?? []).forEach((a, i) => out.push({ ...base, kind: 'assign', path: `${qp}.assign[${i}]`, condition: a.if, assign: a, place: { at: q.id, inclusive: true } }))
    })
    const inclusive = { ...pagePlace, inclusive: true }
    ;(page.jumps ?? []).forEach((j, i) =>
      out.push({ kind: 'jump', path: `${pp}.jumps[${i}]`, owner: pp, page: page.id, condition: j.if, jump: { to: j.to, target: j.target }, place: inclusive }),
    )
    ;(page.assign ?? []).forEach((a, i) => out.push({ kind: 'assign', path: `${pp}.assign[${i}]`, owner: pp, page: page.id, condition: a.if, assign: a, place: inclusive }))
  })
  quotas.forEach((qt, i) =>
    out.push({ kind: 'quota', path: `quotas[${i}].condition`, owner: `quotas[${i}]`, condition: qt.condition, quota: { id: qt.id, name: qt.name }, place: { at: '' } }),
  )
  return out
}
