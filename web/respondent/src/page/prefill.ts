// Prefill from typed hidden fields (issue #5 item 3, clause 6.3.2a;
// docs/survey-format.md §1): a declared parameter with `prefill: "<question
// id>"` gives that question its initial answer. The URL text is converted by
// the parameter's type exactly as the logic sees it ({$param.id}), then
// shaped as the question's answer; an answer the respondent already has
// (resumed) wins, and a value the engine finds invalid is ignored.
import { convertParam } from '../engine/evaluate'
import type { Param } from '../engine/types'
import { DateValue } from '../logic'
import { question } from './q/ctx'
import type { Answers, Definition, Result } from './types'

const LISTS = new Set(['multiple', 'ranking'])

/** The answer a parameter's typed value gives a question of type t; undefined when none. */
export function prefillValue(t: string, levels: boolean, v: unknown): unknown {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'boolean') return t === 'single' || (t === 'dropdown' && !levels) ? (v ? '1' : '0') : undefined
  const s = v instanceof DateValue ? v.toString() : String(v)
  if (LISTS.has(t) || (t === 'dropdown' && levels)) {
    const codes = s.split(',').map((x) => x.trim()).filter(Boolean)
    return codes.length ? codes : undefined
  }
  if (t === 'rating' || t === 'slider') return typeof v === 'number' ? v : s
  if (t === 'text' || t === 'single' || t === 'dropdown' || t === 'date') return typeof v === 'number' ? v : s
  return undefined
}

/**
 * Returns the answers with the prefills applied and the ids prefilled.
 * check evaluates a candidate answer set: a prefill stays only when the
 * engine reports no error for its question and keeps it in the cleaned
 * answers (or the question is not shown yet, e.g. behind display logic).
 */
export function prefill(def: Definition, params: Record<string, string>, answers: Answers, check: (a: Answers) => Result): { answers: Answers; filled: string[] } {
  const out: Answers = { ...answers }
  const filled: string[] = []
  for (const p of def.params || []) {
    const qid = p.prefill
    if (!qid || params[p.id] == null || out[qid] != null) continue
    const q = question(def, qid)
    if (!q) continue
    const v = prefillValue(q.type, !!q.levels?.length, convertParam(p as Param, params[p.id]))
    if (v === undefined) continue
    const r = check({ ...out, [qid]: v })
    const shown = r.visible_questions.includes(qid)
    if (r.errors[qid] || (shown && r.answers[qid] == null)) continue
    out[qid] = v
    filled.push(qid)
  }
  return { answers: out, filled }
}
