// Answer values in exactly the formats of docs/survey-format.md §6, built
// from what the widgets hold and read back when a response is resumed.
// Pure functions, unit-tested per type.
import type { Question } from './types'

export interface Choice { code: string | null; other: string }
export interface Multi { codes: string[]; other: string }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v)
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

/** single, flat dropdown, single hotspot: "A" or {"value": "O", "other": "text"}. */
export function choiceAnswer(code: string | null, other = '', isOther = false): unknown {
  if (code == null || code === '') return null
  return isOther && other.trim() ? { value: code, other } : code
}
export function readChoice(a: unknown): Choice {
  if (typeof a === 'string') return { code: a, other: '' }
  if (isObj(a) && typeof a.value === 'string') return { code: a.value, other: typeof a.other === 'string' ? a.other : '' }
  return { code: null, other: '' }
}

/** multiple, multiple hotspot: ["A", "B"] or {"value": [...], "other": "text"}. */
export function multiAnswer(codes: string[], other = '', otherCode?: string): unknown {
  if (!codes.length) return null
  return otherCode && codes.includes(otherCode) && other.trim() ? { value: codes, other } : codes
}
export function readMulti(a: unknown): Multi {
  if (Array.isArray(a)) return { codes: strs(a), other: '' }
  if (isObj(a)) return { codes: strs(a.value), other: typeof a.other === 'string' ? a.other : '' }
  return { codes: [], other: '' }
}

/**
 * Ticks or unticks a code. An exclusive option ("none of the above") clears
 * the others and is cleared by them, so the respondent never meets the
 * `exclusive` error by accident.
 */
export function toggle(codes: string[], code: string, on: boolean, exclusive: (c: string) => boolean): string[] {
  if (!on) return codes.filter((c) => c !== code)
  if (codes.includes(code)) return codes
  if (exclusive(code)) return [code]
  return [...codes.filter((c) => !exclusive(c)), code]
}

/** text: trimmed string, blank → unanswered; number inputs send a number when the text is one. */
export function textAnswer(input: string | undefined, raw: string): unknown {
  const s = raw.trim()
  if (!s) return null
  if (input === 'number') {
    const n = Number(s)
    return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? n : s
  }
  return s
}
export const readText = (a: unknown): string => (typeof a === 'string' ? a : typeof a === 'number' ? String(a) : '')

/** blanks: {"name": "张三", "age": 30}, filled blanks only. */
export function blanksAnswer(q: Question, values: Record<string, string>): unknown {
  const out: Record<string, unknown> = {}
  for (const b of q.blanks || []) {
    const v = textAnswer(b.input, values[b.id] || '')
    if (v != null) out[b.id] = v
  }
  return Object.keys(out).length ? out : null
}
export function readBlanks(a: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (isObj(a)) for (const k in a) out[k] = readText(a[k])
  return out
}

/** The points of a rating scale (nps is always 0–10). */
export function ratingPoints(q: Pick<Question, 'scale' | 'points' | 'start'>): number[] {
  const nps = q.scale === 'nps'
  const n = nps ? 11 : q.points || 5
  const start = nps ? 0 : q.start ?? 1
  return Array.from({ length: n }, (_, i) => start + i)
}

/** rating: an integer on the scale or the na code; slider: a number. */
export function ratingAnswer(v: number | string | null): unknown {
  return v == null || v === '' ? null : v
}

/** Snaps a slider value to its steps from min, within [min, max]. */
export function snap(v: number, min: number, max: number, step: number): number {
  const s = step > 0 ? step : 1
  const k = Math.round((v - min) / s)
  const x = Math.min(max, Math.max(min, min + k * s))
  return Number(x.toFixed(10))
}

/** matrix single / rating: {"r1": "c1"} / {"r1": 4}; dropping a row's value removes it. */
export function matrixSet(a: unknown, row: string, v: unknown): unknown {
  const m: Record<string, unknown> = isObj(a) ? { ...a } : {}
  if (v == null || (Array.isArray(v) && !v.length) || (isObj(v) && !Object.keys(v).length)) delete m[row]
  else m[row] = v
  return Object.keys(m).length ? m : null
}
export function readMatrix(a: unknown): Record<string, unknown> {
  return isObj(a) ? a : {}
}

/** matrix dropdown cell: {"r1": {"c1": "x"}}. */
export function matrixCell(a: unknown, row: string, col: string, code: string | null): unknown {
  const m = readMatrix(a)
  const cells: Record<string, unknown> = isObj(m[row]) ? { ...(m[row] as object) } : {}
  if (code) cells[col] = code
  else delete cells[col]
  return matrixSet(a, row, cells)
}

/** city and cascading dropdown: a list of codes; the city's cleaned form {"codes": [...]} reads back too. */
export function pathAnswer(codes: (string | null | undefined)[]): unknown {
  const out: string[] = []
  for (const c of codes) {
    if (!c) break
    out.push(c)
  }
  return out.length ? out : null
}
export function readPath(a: unknown): string[] {
  if (Array.isArray(a)) return strs(a)
  if (isObj(a)) return strs(a.codes)
  return []
}

/** date: "2024-01-31", "2024-01-31T08:30", "08:30"; range {"from", "to"}. */
export function dateAnswer(from: string, to?: string, range = false): unknown {
  if (!range) return from || null
  if (!from && !to) return null
  const out: Record<string, string> = {}
  if (from) out.from = from
  if (to) out.to = to
  return out
}
/** The value an <input type=date|time|datetime-local> takes for a stored date (seconds and zone-free). */
export function inputDate(mode: string | undefined, s: unknown): string {
  if (typeof s !== 'string') return ''
  if (mode === 'time') return s.slice(0, 5)
  if (mode === 'datetime') return s.slice(0, 16)
  return s.slice(0, 10)
}
export function readDate(a: unknown): { from: string; to: string } {
  if (typeof a === 'string') return { from: a, to: '' }
  if (isObj(a)) return { from: typeof a.from === 'string' ? a.from : '', to: typeof a.to === 'string' ? a.to : '' }
  return { from: '', to: '' }
}

/** video: {"percent": 0–100, "seconds": n}. */
export function videoAnswer(percent: number, seconds: number): unknown {
  return { percent: Math.min(100, Math.max(0, Math.round(percent))), seconds: Math.max(0, Math.round(seconds)) }
}

/** ranking: codes best first. */
export function move(list: string[], i: number, delta: number): string[] {
  const j = i + delta
  if (i < 0 || j < 0 || i >= list.length || j >= list.length) return list
  const out = list.slice()
  ;[out[i], out[j]] = [out[j], out[i]]
  return out
}
/** Moves the item at index from to index to (drag-to-rank); the same list when nothing moves. */
export function moveTo(list: string[], from: number, to: number): string[] {
  if (from === to || from < 0 || from >= list.length || to < 0 || to >= list.length) return list
  const out = list.slice()
  out.splice(to, 0, ...out.splice(from, 1))
  return out
}
/** The order to show a ranking in: the answer's codes that are still visible, then the rest. */
export function rankingOrder(answer: unknown, visible: string[]): string[] {
  const a = strs(answer).filter((c) => visible.includes(c))
  return [...a, ...visible.filter((c) => !a.includes(c))]
}

/** cbc: {"tasks": design, "choices": [0, 2, "none", null…]}. */
export function cbcAnswer(design: unknown, choices: (number | 'none' | null)[]): unknown {
  if (!choices.some((c) => c != null)) return null
  return { tasks: design, choices }
}
export function readCBC(a: unknown, tasks: number): (number | 'none' | null)[] {
  const c = isObj(a) && Array.isArray(a.choices) ? a.choices : []
  return Array.from({ length: tasks }, (_, i) => (typeof c[i] === 'number' || c[i] === 'none' ? (c[i] as number | 'none') : null))
}

/** maxdiff: {"tasks": [[…]], "best": [...], "worst": [...]}; unanswered tasks are null. */
export function maxdiffAnswer(design: string[][], best: (string | null)[], worst: (string | null)[]): unknown {
  if (!best.some(Boolean) && !worst.some(Boolean)) return null
  const pad = (l: (string | null)[]) => design.map((_, i) => l[i] || null)
  return { tasks: design, best: pad(best), worst: pad(worst) }
}
export function readMaxDiff(a: unknown, tasks: number): { best: (string | null)[]; worst: (string | null)[] } {
  const pick = (k: string) => {
    const l = isObj(a) && Array.isArray(a[k]) ? (a[k] as unknown[]) : []
    return Array.from({ length: tasks }, (_, i) => (typeof l[i] === 'string' && l[i] ? (l[i] as string) : null))
  }
  return { best: pick('best'), worst: pick('worst') }
}
