// Text, blanks, rating, slider and video answers (Go's answer_scalar.go).
import { type Value, text } from '../../logic'
import { compileRegex, matchProg } from '../../logic/regex'
import type { Evaluator } from '../evaluate'
import { type Handler, type Pending, type QState, fail, setText } from '../qstate'
import type { JSONData, Question, Validation } from '../types'
import { dict, goRound, goTrim, isObj, numberOf, own, runeLen, sortedKeys } from '../util'

// Go's \s is [\t\n\f\r ].
const EMAIL = /^[^\t\n\f\r @]+@[^\t\n\f\r @]+\.[^\t\n\f\r @.]+$/u
const PHONE = /^\+?[0-9]{6,15}$/

/** A number, or a numeric string, as a number; else null. */
const toNumber = (v: Value): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? (numberOf(v) ?? null) : null)

// scalarText converts a text or number answer for an input kind.
function scalarText(st: QState, item: string, input: string | undefined, v: unknown): Value {
  if (v === null || v === undefined) return null
  if (input === 'number') {
    if (typeof v === 'string' && !goTrim(v)) return null
    const f = numberOf(v)
    if (f === undefined) return fail(st, 'invalid', item), null
    return f + 0
  }
  if (typeof v !== 'string') return fail(st, 'invalid', item), null
  return goTrim(v) || null
}

// checkScalar applies the text or number rules of a validation.
function checkScalar(ev: Evaluator, st: QState, item: string, input: string | undefined, v: Value, val: Validation | undefined): void {
  if (typeof v === 'number') {
    if (!val) return
    if (val.integer && v !== Math.trunc(v)) fail(st, 'not_integer', item)
    if (val.min != null && v < val.min) fail(st, 'too_small', item)
    if (val.max != null && v > val.max) fail(st, 'too_large', item)
    return
  }
  const s = text(v)
  if (input === 'email' && !EMAIL.test(s)) fail(st, 'email', item)
  if (input === 'phone' && !PHONE.test(s.replace(/[ -]/g, ''))) fail(st, 'phone', item)
  if (!val) return
  const n = runeLen(s)
  if (val.min_length != null && n < val.min_length) fail(st, 'too_short', item)
  if (val.max_length != null && n > val.max_length) fail(st, 'too_long', item)
  if (val.pattern) {
    const re = compileRegex(val.pattern)
    if (typeof re !== 'string' && !matchProg(re, s)) {
      fail(st, 'pattern', item, ev.resolve(val.pattern_message, ev.c.locale) || 'the answer does not have the expected form')
    }
  }
}

/** Fill-in: a string, or a number for input "number". */
export class TextAnswer implements Handler {
  v: Value = null

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw !== undefined) this.v = scalarText(st, '', st.qf.q.input, raw)
  }

  assign(_: Evaluator, st: QState, ps: Pending[]): void {
    for (const p of ps) {
      if (p.tick) continue
      this.v = p.value === null ? null : st.qf.q.input === 'number' ? toNumber(p.value) : text(p.value)
    }
  }

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    if (this.v === null) {
      if (q.required) fail(st, 'required')
      return
    }
    checkScalar(ev, st, '', q.input, this.v, q.validation)
    st.values.set('', this.v)
    st.clean = this.v as JSONData
  }
}

/** Several blanks in one sentence: {"b1": "…", "b2": 3}. */
export class BlanksAnswer implements Handler {
  vals = new Map<string, Value>()

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined || raw === null) return
    if (!isObj(raw)) return fail(st, 'invalid')
    const blanks = st.qf.q.blanks ?? []
    for (const b of blanks) {
      const x = own(raw, b.id)
      if (x !== undefined) this.vals.set(b.id, scalarText(st, b.id, b.input, x))
    }
    for (const k of sortedKeys(raw)) if (!blanks.some((b) => b.id === k)) fail(st, 'invalid_option', k)
  }

  assign(): void {}

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    const clean = dict<JSONData>()
    const filled: Value[] = []
    for (const b of q.blanks ?? []) {
      const v = this.vals.get(b.id) ?? null
      if (v === null) {
        if (q.required) fail(st, 'required', b.id)
        continue
      }
      checkScalar(ev, st, b.id, b.input, v, b.validation)
      st.values.set(b.id, v)
      clean[b.id] = v as JSONData
      filled.push(v)
    }
    if (filled.length) {
      st.values.set('', filled)
      st.clean = clean
    }
  }
}

// ratingRange: the first and last point of a rating scale.
function ratingRange(q: Question): [number, number] {
  if (q.scale === 'nps') return [0, 10]
  const start = q.start ?? 1
  return [start, start + (q.points || 5) - 1]
}

/**
 * A rating or slider answer: a number, or a rating's "not applicable"
 * code. Off-scale ratings are invalid; sliders are checked against min,
 * max and step.
 */
export function scaleValue(st: QState, item: string, q: Question, v: unknown): Value {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' && q.na && v === q.na.code) return v
  const f = numberOf(v)
  if (f === undefined) return fail(st, 'invalid', item), null
  if (q.type === 'slider') {
    const lo = q.min ?? 0
    const hi = q.max ?? 100
    const step = q.step ?? 1
    if (f < lo) fail(st, 'too_small', item)
    else if (f > hi) fail(st, 'too_large', item)
    else if (step > 0 && Math.abs(goRound((f - lo) / step) * step + lo - f) > 1e-9 * Math.max(1, Math.abs(f))) {
      fail(st, 'step', item)
    }
    return f + 0
  }
  const [lo, hi] = ratingRange(q)
  if (f !== Math.trunc(f) || f < lo || f > hi) return fail(st, 'invalid', item), null
  return f + 0
}

/** Rating and slider questions. */
export class ScaleAnswer implements Handler {
  v: Value = null

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw !== undefined) this.v = scaleValue(st, '', st.qf.q, raw)
  }

  // Checks the assigned value against the scale as an answer (Go's
  // scaleAnswer.assign, §5.5): a visible target reports the problem, a
  // hidden one drops the value; the last assignment decides.
  assign(_: Evaluator, st: QState, ps: Pending[]): void {
    const q = st.qf.q
    let bad: QState['err'] = null
    for (const p of ps) {
      if (p.tick) continue
      const x = typeof p.value === 'string' && q.na && p.value === q.na.code ? p.value : toNumber(p.value)
      const chk = { err: null } as QState
      this.v = scaleValue(chk, '', q, x)
      bad = chk.err
    }
    if (bad && st.visible) st.err ??= bad
    else if (bad) this.v = null
  }

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    if (this.v === null) {
      if (q.required) fail(st, 'required')
      return
    }
    st.values.set('', this.v)
    st.clean = this.v as JSONData
    const na = q.na
    if (typeof this.v === 'string' && na) setText(ev, st, '', (loc) => ev.resolve(na.label, loc))
  }
}

/** A video: {"percent": 0–100, "seconds": n}. */
export class VideoAnswer implements Handler {
  percent: number | null = null
  seconds: number | null = null

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined || raw === null) return
    if (!isObj(raw)) return fail(st, 'invalid')
    const p = own(raw, 'percent')
    if (p !== undefined && p !== null) {
      const f = numberOf(p)
      if (f === undefined || f < 0 || f > 100) fail(st, 'invalid', 'percent')
      else this.percent = f + 0
    }
    const s = own(raw, 'seconds')
    if (s !== undefined && s !== null) {
      const f = numberOf(s)
      if (f === undefined || f < 0) fail(st, 'invalid', 'seconds')
      else this.seconds = f + 0
    }
  }

  assign(): void {}

  finish(_: Evaluator, st: QState): void {
    const q = st.qf.q
    const pct = this.percent
    const min = q.min_watch_percent
    if (min != null && min > 0 && (pct === null || pct < min)) fail(st, 'watch')
    if (pct === null) {
      if (q.required) fail(st, 'required')
      return
    }
    st.values.set('', pct)
    st.values.set('percent', pct)
    const clean: Record<string, JSONData> = { percent: pct }
    if (this.seconds !== null) {
      st.values.set('seconds', this.seconds)
      clean.seconds = this.seconds
    }
    st.clean = clean
  }
}
