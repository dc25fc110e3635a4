// CBC and MaxDiff answers (Go's answer_design.go). Go decodes them into
// typed structs with encoding/json (unknown fields refused, field names
// matched case-insensitively); decodeFields reproduces that.
import type { Value } from '../../logic'
import { designCBC, designMaxDiff } from '../design'
import type { Evaluator } from '../evaluate'
import { type Handler, type QState, fail } from '../qstate'
import type { CBCDesign, JSONData, MaxDiffDesign } from '../types'
import { isObj, isZero } from '../util'

const taskItem = (t: number) => 't' + (t + 1)

// fold is the simple case folding encoding/json applies to field names
// (ſ and the Kelvin sign fold to s and k).
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/ſ/g, 's').replace(/\u212a/g, 'k')

/**
 * Decodes a JSON object into the named fields, each checked by its
 * decoder (which returns undefined for a type error): null gives no
 * fields, another non-object or an unknown field gives undefined.
 */
function decodeFields(raw: unknown, fields: Record<string, (v: unknown) => unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {}
  if (raw === null) return out
  if (!isObj(raw)) return undefined
  for (const k of Object.keys(raw)) {
    const name = Object.keys(fields).find((f) => f === fold(k))
    const v = raw[k]
    if (!name) return undefined
    if (v === null) {
      delete out[name]
      continue
    }
    const d = fields[name](v)
    if (d === undefined) return undefined
    out[name] = d
  }
  return out
}

// list decodes a JSON list of elements (null elements kept as null).
const list =
  (elem: (v: unknown) => unknown) =>
  (v: unknown): unknown[] | undefined => {
    if (!Array.isArray(v)) return undefined
    const out = v.map((e) => (e === null ? null : elem(e)))
    return out.includes(undefined) ? undefined : out
  }
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const strMap = (v: unknown) => (isObj(v) && Object.values(v).every((x) => x === null || typeof x === 'string') ? v : undefined)
const any = (v: unknown) => v

// same is reflect.DeepEqual on decoded JSON: objects compare by keys.
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (!isObj(a) || !isObj(b)) return a === b
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]))
}

function record(ev: Evaluator, st: QState, d: CBCDesign | MaxDiffDesign | undefined): void {
  if (d) ev.res.designs[st.qf.q.id] = d
}

/** CBC: {"tasks": CBCDesign, "choices": [0, 2, "none", …]}. */
export class CBCAnswer implements Handler {
  tasks: CBCDesign = []
  choices: Value[] = []

  decode(ev: Evaluator, st: QState, raw: unknown): void {
    const q = st.qf.q
    const seed = ev.input.seed
    const gen = seed && st.visible ? designCBC(q, seed + '/' + q.id) : undefined
    record(ev, st, gen)
    if (raw === undefined) return
    const inp = decodeFields(raw, { tasks: list(list(strMap)), choices: list(any) })
    if (!inp) return fail(st, 'invalid')
    let tasks = inp.tasks as CBCDesign | undefined
    const choices = (inp.choices ?? []) as unknown[]
    // null (or {}) stores no design and no choice: unanswered, seed or not (§6).
    if (!tasks && !gen && !choices.length) return
    if (!tasks && !gen) return fail(st, 'invalid')
    if (!tasks) tasks = gen
    else if (gen && !same(tasks, gen)) return fail(st, 'design_mismatch')
    const attrs = q.attributes ?? []
    const valid =
      !!tasks && tasks.length === q.tasks &&
      tasks.every(
        (task) =>
          task?.length === q.concepts &&
          task.every((c) => c && Object.keys(c).length === attrs.length && attrs.every((a) => a.levels.some((l) => l.id === c[a.id]))),
      )
    if (!valid) return fail(st, 'invalid')
    this.tasks = tasks!
    if (choices.length > this.tasks.length) return fail(st, 'invalid')
    for (let t = 0; t < choices.length; t++) {
      const x = choices[t]
      if (x === null) this.choices.push(null)
      else if (typeof x === 'string') {
        if (x !== 'none' || isZero(q.none_label)) return fail(st, 'invalid', taskItem(t))
        this.choices.push(x)
      } else {
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= this.tasks[t].length) {
          return fail(st, 'invalid', taskItem(t))
        }
        this.choices.push(x + 0)
      }
    }
  }

  assign(): void {}

  finish(_: Evaluator, st: QState): void {
    const q = st.qf.q
    if (!this.choices.some((c) => c !== null)) {
      if (q.required) fail(st, 'required')
      return
    }
    const t = this.tasks.findIndex((_, t) => t >= this.choices.length || this.choices[t] === null)
    if (t >= 0) fail(st, 'incomplete', taskItem(t))
    st.values.set('', this.choices)
    st.clean = { tasks: this.tasks, choices: this.choices as JSONData[] }
  }
}

/** MaxDiff: {"tasks": [["a","b","c"], …], "best": [codes], "worst": [codes]}. */
export class MaxDiffAnswer implements Handler {
  tasks: MaxDiffDesign = []
  best: Value[] = []
  worst: Value[] = []

  decode(ev: Evaluator, st: QState, raw: unknown): void {
    const q = st.qf.q
    const seed = ev.input.seed
    const gen = seed && st.visible ? designMaxDiff(q, seed + '/' + q.id) : undefined
    record(ev, st, gen)
    if (raw === undefined) return
    const inp = decodeFields(raw, { tasks: list(list(str)), best: list(str), worst: list(str) })
    if (!inp) return fail(st, 'invalid')
    let tasks = inp.tasks as (string | null)[][] | undefined
    const best = (inp.best ?? []) as (string | null)[]
    const worst = (inp.worst ?? []) as (string | null)[]
    if (!tasks && !gen && !best.length && !worst.length) return // unanswered, as for CBC
    if (!tasks && !gen) return fail(st, 'invalid')
    if (!tasks) tasks = gen
    else if (gen && !same(tasks, gen)) return fail(st, 'design_mismatch')
    const valid =
      !!tasks && tasks.length === q.tasks &&
      tasks.every((task) => task?.length === q.items_per_task && new Set(task).size === task.length && task.every((c) => st.optIdx.has(c ?? '')))
    if (!valid) return fail(st, 'invalid')
    // Go sets the tasks before this check and then panics in finish
    // (index out of range); the twin reports the intended error.
    if (best.length > tasks!.length || worst.length > tasks!.length) return fail(st, 'invalid')
    this.tasks = tasks as MaxDiffDesign
    const pick = (l: (string | null)[]) => this.tasks.map((_, t) => l[t] || null)
    this.best = pick(best)
    this.worst = pick(worst)
  }

  assign(): void {}

  finish(_: Evaluator, st: QState): void {
    const q = st.qf.q
    const best = this.best.filter((b) => b) as string[]
    const worst = this.worst.filter((w) => w) as string[]
    if (!best.length && !worst.length) {
      if (q.required) fail(st, 'required')
      return
    }
    this.tasks.forEach((task, t) => {
      const b = this.best[t] as string | null
      const w = this.worst[t] as string | null
      if (!b || !w) fail(st, 'incomplete', taskItem(t))
      else if (b === w || !task.includes(b) || !task.includes(w)) fail(st, 'best_worst', taskItem(t))
    })
    st.values.set('', best)
    st.values.set('best', best)
    st.values.set('worst', worst)
    st.clean = { tasks: this.tasks, best: this.best as JSONData[], worst: this.worst as JSONData[] }
  }
}
