// Matrix and date answers (Go's answer_matrix.go and answer_date.go).
import { DateValue, type Value, dateFromParts, formatDate, parseDate, text } from '../../logic'
import type { Evaluator } from '../evaluate'
import { type Handler, type OptView, type Pending, type QState, fail, inOptionOrder, labelOf, setText, viewIndex } from '../qstate'
import type { JSONData } from '../types'
import { cmp, dict, isObj, own, sortedKeys } from '../util'
import { scaleValue } from './scalar'

/** The separator of a dropdown matrix cell item: {q5.r1__c2}. */
export const CELL_SEP = '__'

type Cell = string | string[] | Value | Record<string, string>

/** A matrix: an object keyed by row id (§6). */
export class MatrixAnswer implements Handler {
  cells = new Map<string, Cell>()

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined || raw === null) return
    if (!isObj(raw)) return fail(st, 'invalid')
    const q = st.qf.q
    const rows = viewIndex(st.rows)
    const cols = viewIndex(st.cols)
    const kind = q.matrix || 'single'
    for (const r of st.rows) {
      const x = own(raw, r.code)
      if (x === undefined || x === null) continue
      if (kind === 'single') {
        if (typeof x !== 'string') {
          fail(st, 'invalid', r.code)
          continue
        }
        const c = cols.get(x)
        if (!c) fail(st, 'invalid_option', r.code)
        else if (c.visible && r.visible) this.cells.set(r.code, x)
      } else if (kind === 'multiple') {
        if (!Array.isArray(x)) {
          fail(st, 'invalid', r.code)
          continue
        }
        const codes: string[] = []
        for (const e of x) {
          const s = typeof e === 'string' ? e : ''
          const c = cols.get(s)
          if (!c) fail(st, 'invalid_option', r.code)
          else if (c.visible && r.visible && !codes.includes(s)) codes.push(s)
        }
        if (codes.length) this.cells.set(r.code, inOptionOrder(st.cols, codes))
      } else if (kind === 'rating') {
        const v = scaleValue(st, r.code, q, x)
        if (v !== null && r.visible) this.cells.set(r.code, v)
      } else if (kind === 'dropdown') {
        if (!isObj(x)) {
          fail(st, 'invalid', r.code)
          continue
        }
        const cells = dict<string>()
        let any = false
        for (const c of st.cols) {
          const y = own(x, c.code)
          if (y === undefined || y === null) continue
          const s = typeof y === 'string' ? y : ''
          const o = st.optIdx.get(s)
          if (!o) fail(st, 'invalid_option', r.code + CELL_SEP + c.code)
          else if (o.visible && c.visible && r.visible) (cells[c.code] = s), (any = true)
        }
        for (const k of sortedKeys(x)) if (!cols.has(k)) fail(st, 'invalid_option', r.code)
        if (any) this.cells.set(r.code, cells)
      }
    }
    for (const k of sortedKeys(raw)) if (!rows.has(k)) fail(st, 'invalid_option', k)
  }

  assign(): void {}

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    const kind = q.matrix || 'single'
    const cols = viewIndex(st.cols)
    const val = q.validation
    const clean = dict<JSONData>()
    const answered: string[] = []
    const label = (o: OptView | undefined) => (loc: string) => (o ? labelOf(ev, o, loc) : '')
    for (const r of st.rows) {
      if (!r.visible) continue
      const cell = this.cells.get(r.code)
      if (cell === undefined) {
        if (q.required) fail(st, 'required', r.code)
        continue
      }
      answered.push(r.code)
      clean[r.code] = cell as JSONData
      if (kind === 'single') {
        st.values.set(r.code, cell as string)
        setText(ev, st, r.code, label(cols.get(cell as string)))
      } else if (kind === 'multiple') {
        const codes = cell as string[]
        st.values.set(r.code, codes)
        setText(ev, st, r.code, (loc) => codes.map((c) => label(cols.get(c))(loc)))
        if (val?.min_select != null && codes.length < val.min_select) fail(st, 'too_few', r.code)
        if (val?.max_select != null && codes.length > val.max_select) fail(st, 'too_many', r.code)
        for (const c of codes) if (cols.get(c)!.exclusive && codes.length > 1) fail(st, 'exclusive', r.code)
      } else if (kind === 'rating') {
        st.values.set(r.code, cell as Value)
      } else {
        const cells = cell as Record<string, string>
        const row: Value[] = []
        for (const c of st.cols) {
          if (!c.visible) continue
          const code = cells[c.code]
          if (code === undefined) {
            if (q.required) fail(st, 'required', r.code + CELL_SEP + c.code)
            continue
          }
          const item = r.code + CELL_SEP + c.code
          st.values.set(item, code)
          setText(ev, st, item, label(st.optIdx.get(code)))
          row.push(code)
        }
        st.values.set(r.code, row)
      }
    }
    if (answered.length) {
      st.values.set('', answered)
      st.clean = clean
    }
  }
}

const ZERO = dateFromParts(1, 1, 1)!

/** Parses a date answer in a mode: times become "HH:MM:SS", the rest dates. */
export function parseDateIn(mode: string | undefined, s: string): Value | undefined {
  const n = s.length
  if (mode === 'time') {
    const d = n === 5 || n === 8 ? parseDate('2000-01-01T' + s) : null
    return d ? formatDate(d.secs).slice(11) || '00:00:00' : undefined
  }
  return (mode === 'datetime' ? n === 16 || n === 19 : n === 10) ? (parseDate(s) ?? undefined) : undefined
}

// dateLess compares two date answers of one mode.
function dateLess(a: Value, b: Value): boolean {
  if (a instanceof DateValue) return a.secs < (b instanceof DateValue ? b : ZERO).secs
  return cmp(text(a), text(b)) < 0
}

/** A date, date-time or time; a range is {"from": …, "to": …}. */
export class DateAnswer implements Handler {
  from: Value = null
  to: Value = null

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined) return
    const q = st.qf.q
    const one = (item: string, x: unknown): Value => {
      if (x === null || x === undefined || x === '') return null
      if (typeof x !== 'string') return fail(st, 'invalid', item), null
      const d = parseDateIn(q.date_mode, x)
      if (d === undefined) fail(st, 'invalid', item)
      return d ?? null
    }
    if (!q.range) {
      this.from = one('', raw)
      return
    }
    if (raw !== null && !isObj(raw)) return fail(st, 'invalid')
    this.from = one('from', own(raw, 'from'))
    this.to = one('to', own(raw, 'to'))
  }

  assign(_: Evaluator, st: QState, ps: Pending[]): void {
    const mode = st.qf.q.date_mode
    if (st.qf.q.range) return
    for (const p of ps) {
      if (p.value === null) {
        this.from = null
        continue
      }
      const d = parseDateIn(mode, text(p.value))
      if (d !== undefined) this.from = d
      else if (p.value instanceof DateValue && mode === 'datetime') this.from = p.value
    }
  }

  finish(_: Evaluator, st: QState): void {
    const q = st.qf.q
    const { from, to } = this
    if (from === null && to === null) {
      if (q.required) fail(st, 'required')
      return
    }
    const val = q.validation
    const check = (item: string, v: Value) => {
      if (v === null || !val) return
      const lo = parseDateIn(q.date_mode, val.min_date ?? '')
      if (lo !== undefined && dateLess(v, lo)) fail(st, 'too_early', item)
      const hi = parseDateIn(q.date_mode, val.max_date ?? '')
      if (hi !== undefined && dateLess(hi, v)) fail(st, 'too_late', item)
    }
    if (!q.range) {
      check('', from)
      st.values.set('', from)
      st.clean = text(from)
      return
    }
    if (from === null) fail(st, 'incomplete', 'from')
    else if (to === null) fail(st, 'incomplete', 'to')
    else if (dateLess(to, from)) fail(st, 'range_order', 'to')
    check('from', from)
    check('to', to)
    const clean = dict<JSONData>()
    if (from !== null) st.values.set('from', from), (clean.from = text(from))
    if (to !== null) st.values.set('to', to), (clean.to = text(to))
    st.values.set('', [from, to])
    st.clean = clean
  }
}
