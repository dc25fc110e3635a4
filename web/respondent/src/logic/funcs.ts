// The functions of the language (docs/logic.md §7). One table gives each
// function's arity and argument classes, checked by the evaluator before
// the implementation runs, exactly as in Go's funcs.go.
import { type DateUnit, DateValue, dateDiff, startOfDay } from './dates'
import { mapCase } from './fold'
import { type Fail, anyOf, contains, numberOf, toDate } from './ops'
import { compileRegex, matchProg } from './regex/index'
import { type Value, isEmpty, kindOf, num, text } from './value'

/**
 * What an argument may be: a any; n number or string; N like n or a list;
 * t string; d date or string; c bool. Null is always accepted.
 */
export type ArgClass = 'a' | 'n' | 'N' | 't' | 'd' | 'c'

const ACCEPTS: Record<ArgClass, string> = {
  a: 'null number string bool date list',
  n: 'null number string',
  N: 'null number string list',
  t: 'null string',
  d: 'null string date',
  c: 'null bool',
}

/** Reports whether an argument of class cl may be v. */
export const accepts = (cl: ArgClass, v: Value) => ACCEPTS[cl].includes(kindOf(v))

/** What a function implementation gets besides its arguments. */
export interface CallContext {
  /** The current moment from the environment. */
  now(): DateValue | null
  /** Fails at the call, or at argument i. */
  fail(code: Parameters<Fail>[0], msg: string, arg?: number): never
}

/** A function: canonical name, arity (max -1: variadic), argument classes. */
export interface FuncDef {
  name: string
  min: number
  max: number
  /** One class per argument; the last repeats. */
  args: ArgClass[]
  fn: (a: Value[], cx: CallContext) => Value
}

const today = (cx: CallContext) => {
  const now = cx.now()
  return now && startOfDay(now)
}

// roundHalfAway is Go's math.Round: halves round away from zero.
const roundHalfAway = (x: number) => (x < 0 ? -Math.round(-x) : Math.round(x))

// aggregate implements sum, min, max and avg: lists are flattened one
// level, empty values and non-numeric text skipped.
function aggregate(name: string, a: Value[], cx: CallContext): Value {
  const nums: number[] = []
  a.forEach((v, i) => {
    for (const e of Array.isArray(v) ? v : [v]) {
      if (typeof e === 'number' || typeof e === 'string') {
        const f = numberOf(e)
        if (f !== undefined) nums.push(f)
      } else if (e !== null) cx.fail('type_mismatch', `${name}() on a ${kindOf(e)}`, i)
    }
  })
  if (!nums.length) return name === 'sum' ? 0 : null
  const acc = nums.reduce((x, y) => (name === 'min' ? Math.min(x, y) : name === 'max' ? Math.max(x, y) : x + y))
  return num(name === 'avg' ? acc / nums.length : acc)
}

const def = (name: string, min: number, max: number, args: string, fn: FuncDef['fn']): FuncDef => ({
  name,
  min,
  max,
  args: [...(args || 'a')] as ArgClass[],
  fn,
})
const agg = (name: string) => def(name, 1, -1, 'N', (a, cx) => aggregate(name, a, cx))
const numFn = (name: string, f: (x: number) => number) =>
  def(name, 1, 1, 'n', ([x]) => {
    const v = numberOf(x)
    return v === undefined ? null : num(f(v))
  })

/** The functions by lower-case name (names ignore case). */
export const FUNCS = new Map<string, FuncDef>(
  [
    numFn('abs', Math.abs),
    def('age', 1, 1, 'd', ([x], cx) => {
      const t = today(cx)
      const d = toDate(x)
      return d && t ? num(dateDiff(d.secs, t.secs, 'year')) : null
    }),
    agg('avg'),
    def('concat', 1, -1, '', (a) => a.map(text).join('')),
    def('contains', 2, 2, '', ([h, n], cx) => contains(h, n, 'contains()', (c, m) => cx.fail(c, m))),
    def('count', 1, 1, '', ([x]) => (Array.isArray(x) ? x.length : isEmpty(x) ? 0 : 1)),
    def('date', 1, 1, 'd', ([x]) => toDate(x)),
    def('datediff', 3, 3, 'ddt', ([x, y, unit], cx) => {
      if (typeof unit !== 'string' || !/^(day|month|year)$/.test(unit)) {
        cx.fail('bad_argument', 'datediff() unit: day, month or year', 2)
      }
      const a = toDate(x)
      const b = toDate(y)
      return a && b ? num(dateDiff(a.secs, b.secs, unit as DateUnit)) : null
    }),
    // iif is evaluated lazily by the evaluator; this entry gives its arity.
    def('iif', 3, 3, 'caa', () => null),
    def('isEmpty', 1, 1, '', ([x]) => isEmpty(x)),
    def('len', 1, 1, 't', ([s]) => (s === null ? 0 : [...(s as string)].length)),
    def('lower', 1, 1, 't', ([s]) => (s === null ? null : mapCase(s as string, false))),
    def('matches', 2, 2, 'tt', ([s, pattern], cx) => {
      if (typeof pattern !== 'string') return cx.fail('bad_regex', 'no pattern', 1)
      const re = compileRegex(pattern)
      if (typeof re === 'string') return cx.fail('bad_regex', re, 1)
      return typeof s === 'string' && matchProg(re, s)
    }),
    agg('max'),
    agg('min'),
    def('notEmpty', 1, 1, '', ([x]) => !isEmpty(x)),
    def('now', 0, 0, '', (_, cx) => cx.now()),
    numFn('number', (x) => x),
    def('round', 1, 2, 'n', ([x, digits], cx) => {
      const d = digits === undefined ? 0 : numberOf(digits)
      if (d === undefined || d !== Math.trunc(d) || d < 0 || d > 10) {
        return cx.fail('bad_argument', 'round() digits: 0 to 10', 1)
      }
      const f = numberOf(x)
      if (f === undefined) return null
      const p = Number('1e' + d)
      return isFinite(f * p) ? num(roundHalfAway(f * p) / p) : f
    }),
    def('selected', 2, 2, '', ([x, code]) => anyOf(x, code)),
    agg('sum'),
    def('today', 0, 0, '', (_, cx) => today(cx)),
    def('upper', 1, 1, 't', ([s]) => (s === null ? null : mapCase(s as string, true))),
  ].map((f): [string, FuncDef] => [f.name.toLowerCase(), f]),
)
