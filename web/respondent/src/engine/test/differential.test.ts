// The differential test: the Go program internal/survey/surveytest/gen
// evaluates random responses to every conformance definition (and
// variants) with Go's survey.Evaluate; the twin must give the same result
// field by field. Set SURVEY_DIFF_SEED and SURVEY_DIFF_N to explore.
import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { type JSONValue, fromJSON, identical, toJSON } from '../../logic'
import { parseDefinition } from '../definition'
import { evaluate } from '../evaluate'
import type { Definition, Result } from '../types'
import { jsonEqual, repoRoot, stepInput } from './runner'

const seed = process.env.SURVEY_DIFF_SEED ?? '20260131'
const n = process.env.SURVEY_DIFF_N ?? '3000'

interface GoResult extends Omit<Result, 'values' | 'designs' | 'rule_errors' | 'missing_regions'> {
  values: Record<string, JSONValue>
  designs?: Result['designs']
  rule_errors?: Result['rule_errors']
}

interface GenCase {
  def: number
  canonical: boolean
  input: { answers?: Record<string, unknown>; params?: Record<string, string>; contact?: Record<string, JSONValue>; current_page?: string; now?: string; seed?: string }
  result: GoResult
  panicked?: boolean
}

interface GenOutput {
  definitions: { name: string; raw: unknown; canonical: unknown }[]
  cases: GenCase[]
}

const show = (v: unknown) => JSON.stringify(v)

/** The differences between the twin's result and Go's, one line each. */
function diff(got: Result, want: GoResult): string[] {
  const bad: string[] = []
  const eq = (what: string, g: unknown, w: unknown) => {
    if (!jsonEqual(g, w)) bad.push(`${what}: got ${show(g)}, want ${show(w)}`)
  }
  for (const f of ['visible_pages', 'visible_questions', 'page_questions', 'visible_options', 'visible_rows', 'visible_columns'] as const) {
    eq(f, got[f], want[f])
  }
  for (const k of new Set([...Object.keys(got.texts), ...Object.keys(want.texts)])) eq(`texts[${k}]`, got.texts[k], want.texts[k])
  for (const k of new Set([...Object.keys(got.values), ...Object.keys(want.values)])) {
    const g = got.values[k] ?? null
    const w = fromJSON(want.values[k] ?? null)
    if (!identical(g, w)) bad.push(`values[${k}]: got ${show(toJSON(g))}, want ${show(toJSON(w))}`)
  }
  for (const k of new Set([...Object.keys(got.answers), ...Object.keys(want.answers)])) eq(`answers[${k}]`, got.answers[k], want.answers[k])
  eq('designs', got.designs, want.designs ?? {})
  for (const f of ['next_page', 'prev_page', 'complete', 'outcome', 'ending'] as const) eq(f, got[f], want[f])
  for (const k of new Set([...Object.keys(got.errors), ...Object.keys(want.errors)])) {
    const g = got.errors[k]
    const w = want.errors[k]
    const key = (e?: { code: string; item?: string; rule?: number; message: string }) =>
      e && { code: e.code, item: e.item ?? '', rule: e.rule ?? null, message: /^(custom|pattern)$/.test(e.code) ? e.message : '' }
    eq(`errors[${k}]`, key(g), key(w))
  }
  eq('rule_errors (names)', got.rule_errors.map((e) => e.name), (want.rule_errors ?? []).map((e) => e.name))
  return bad
}

it(`agrees with Go's survey.Evaluate on ${n} generated responses (seed ${seed})`, () => {
  const r = spawnSync('go', ['run', './internal/survey/surveytest/gen', '-seed', seed, '-n', n], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 29,
  })
  if (r.error) throw new Error(`cannot run go (is it on PATH?): ${r.error.message}`)
  if (r.status !== 0) throw new Error(`go run gen failed:\n${r.stderr}`)
  const out = JSON.parse(r.stdout) as GenOutput
  expect(out.cases.length).toBe(Number(n))
  const defs = new Map<string, Definition>()
  const reports: string[] = []
  let panicked = 0
  out.cases.forEach((c, i) => {
    const form = c.canonical ? 'canonical' : 'raw'
    const key = c.def + form
    let def = defs.get(key)
    if (!def) defs.set(key, (def = parseDefinition(out.definitions[c.def][form])))
    const got = evaluate(def, stepInput(c.input))
    if (c.panicked) {
      panicked++ // Go recovered from a panic: its result is not the specified one.
      return
    }
    const bad = diff(got, c.result)
    if (bad.length) {
      reports.push(
        [`case ${i}: ${out.definitions[c.def].name} (${form})`, `  input: ${show(c.input)}`, ...bad.slice(0, 6).map((b) => '  ' + b)].join('\n'),
      )
    }
  })
  if (panicked) console.warn(`${panicked} generated responses made Go's Evaluate panic; skipped`)
  if (reports.length) {
    expect.fail(`${reports.length} of ${out.cases.length} results differ from Go (seed ${seed}); the first ones:\n\n${reports.slice(0, 6).join('\n\n')}`)
  }
})
