// Runs steps of the definition-level conformance format (docs/survey-format.md
// §13) and compares results as Go's surveytest.compareStep does.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type JSONValue, fromJSON, identical, parseDate, toJSON } from '../../logic'
import { repoRoot } from '../../logic/test/runner'
import { evaluate } from '../evaluate'
import { parseDefinition } from '../definition'
import { regionsFromText } from '../region'
import type { Definition, Input, Result } from '../types'

export { repoRoot }

/** All divisions, from the Go package's embedded data file. */
export const regions = regionsFromText(readFileSync(join(repoRoot, 'internal/survey/region/gbt2260.txt'), 'utf8'))

/** The expectation of a step; only the fields present are compared. */
export interface Expect {
  visible_pages?: string[]
  visible_questions?: string[]
  page_questions?: Record<string, string[]>
  visible_options?: Record<string, string[]>
  visible_rows?: Record<string, string[]>
  visible_columns?: Record<string, string[]>
  texts?: Record<string, string | null>
  values?: Record<string, JSONValue>
  answers?: Record<string, unknown>
  next_page?: string | null
  prev_page?: string | null
  errors?: Record<string, string>
  complete?: boolean
  outcome?: string | null
  ending?: string | null
}

/** One step of a case. */
export interface Step {
  answers?: Record<string, unknown>
  params?: Record<string, string>
  contact?: Record<string, JSONValue>
  current_page?: string
  now?: string
  seed?: string
  locale?: string
  expect: Expect
}

/** A conformance case. */
export interface Case {
  name: string
  definition: unknown
  steps: Step[]
}

/** The engine input of a step (contact and now decoded as Go's runner does). */
export function stepInput(s: Omit<Step, 'expect'>): Input {
  const contact: Record<string, ReturnType<typeof fromJSON>> = {}
  for (const [k, v] of Object.entries(s.contact ?? {})) contact[k] = fromJSON(v)
  const now = s.now ? parseDate(s.now) : undefined
  if (now === null) throw new Error('bad now ' + s.now)
  return { answers: s.answers, params: s.params, contact, current_page: s.current_page, now, seed: s.seed, regions }
}

/** The definition's default locale. */
export const defaultLocale = (d: Definition): string => d.default_locale || 'zh-CN'

/** Deep equality of JSON data (numbers by value, objects by keys). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const ka = Object.keys(a)
    const o = b as Record<string, unknown>
    return ka.length === Object.keys(o).length && ka.every((k) => k in o && jsonEqual((a as Record<string, unknown>)[k], o[k]))
  }
  return a === b
}

const show = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (x === undefined ? null : x))

// The expectations where null is meaningful (it means "").
const NULLABLE = new Set(['next_page', 'prev_page', 'outcome', 'ending'])

/** The differences between a result and an expectation, as Go words them. */
export function compareStep(res: Result, e: Expect, locale: string): string[] {
  const bad: string[] = []
  const check = (what: string, got: unknown, want: unknown) => {
    if (!jsonEqual(got, want)) bad.push(`${what} = ${show(got)}, want ${show(want)}`)
  }
  // As Go's runner refuses it: null would silently test nothing here.
  for (const [k, v] of Object.entries(e)) if (v === null && !NULLABLE.has(k)) bad.push(`expect.${k}: null is not an expectation`)
  if (e.visible_pages) check('visible_pages', res.visible_pages, e.visible_pages)
  if (e.visible_questions) check('visible_questions', res.visible_questions, e.visible_questions)
  const lists = (what: string, got: Record<string, string[]>, want?: Record<string, string[]>) => {
    for (const [k, w] of Object.entries(want ?? {})) {
      const g = got[k] ?? []
      if (g.length || w.length) check(`${what}[${k}]`, g, w)
    }
  }
  lists('page_questions', res.page_questions, e.page_questions)
  lists('visible_options', res.visible_options, e.visible_options)
  lists('visible_rows', res.visible_rows, e.visible_rows)
  lists('visible_columns', res.visible_columns, e.visible_columns)
  for (const [k, w] of Object.entries(e.texts ?? {})) {
    const g = res.texts[k]
    if (w === null && g) bad.push(`texts[${k}] = ${show(g[locale])}, want none`)
    if (w !== null && (!g || (g[locale] ?? '') !== w)) bad.push(`texts[${k}] = ${show(g?.[locale])}, want ${show(w)}`)
  }
  for (const [k, w] of Object.entries(e.values ?? {})) {
    const g = res.values[k] ?? null
    if (!identical(g, fromJSON(w))) bad.push(`values[${k}] = ${show(toJSON(g))}, want ${show(w)}`)
  }
  if (e.answers) check('answers', res.answers, e.answers)
  for (const f of ['next_page', 'prev_page', 'outcome', 'ending'] as const) {
    // Every field a case states is compared; an explicit null means "" (§13).
    if (f in e && res[f] !== (e[f] ?? '')) bad.push(`${f} = ${show(res[f])}, want ${show(e[f] ?? '')}`)
  }
  if (e.errors) check('errors', Object.fromEntries(Object.entries(res.errors).map(([q, x]) => [q, x.code])), e.errors)
  if (e.complete != null) check('complete', res.complete, e.complete)
  return bad
}

/** Runs every step of a case; returns a report of the first failing step, or undefined. */
export function runCase(c: Case): string | undefined {
  const def = parseDefinition(c.definition)
  for (const [i, s] of c.steps.entries()) {
    const res = evaluate(def, stepInput(s))
    const bad = compareStep(res, s.expect, s.locale || defaultLocale(def))
    if (bad.length) return `step ${i}:\n  ${bad.join('\n  ')}\nresult: ${show({ ...res, values: Object.fromEntries(Object.entries(res.values).map(([k, v]) => [k, toJSON(v)])) })}`
  }
  return undefined
}
