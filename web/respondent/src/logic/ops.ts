// The semantics of the operators (docs/logic.md §6): equality, ordering,
// arithmetic operands, sets and contains, shared by the evaluator and the
// functions.
import { DateValue, parseDate } from './dates'
import type { ErrorCode } from './errors'
import { type Value, isEmpty, kindOf, parseNumeric } from './value'

/** Reports an error of the expression at the node being evaluated. */
export type Fail = (code: ErrorCode, msg: string) => never

/** A date stays, a date string converts; anything else gives null. */
export function toDate(v: Value): DateValue | null {
  return v instanceof DateValue ? v : typeof v === 'string' ? parseDate(v) : null
}

/** Numbers and numeric strings as numbers; undefined for anything else. */
export function numberOf(v: Value): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' ? parseNumeric(v) : undefined
}

/**
 * An arithmetic operand: a number, or undefined (the result will be null)
 * for null and non-numeric text. Bools, dates and lists are type_mismatch.
 */
export function numOperand(v: Value, what: string, fail: Fail): number | undefined {
  if (v === null || typeof v === 'number' || typeof v === 'string') return numberOf(v)
  return fail('type_mismatch', `${what} on a ${kindOf(v)}`)
}

/** The language's `=` (§6.1). */
export function equal(a: Value, b: Value): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b)
  if (typeof a === 'string' && typeof b !== 'string') [a, b] = [b, a]
  if (typeof a === 'number') return a === (typeof b === 'number' ? b : typeof b === 'string' ? parseNumeric(b) : NaN)
  if (a instanceof DateValue) return toDate(b)?.secs === a.secs
  if (Array.isArray(a)) return Array.isArray(b) && sameSet(a, b)
  return a === b
}

// sameSet: every element of a equals one of b and vice versa, comparing
// each pair at most once (nested lists must not make it exponential).
function sameSet(a: readonly Value[], b: readonly Value[]): boolean {
  const covered = b.map(() => false)
  for (const x of a) {
    let found = false
    b.forEach((y, j) => {
      if (!(found && covered[j]) && equal(x, y)) found = covered[j] = true
    })
    if (!found) return false
  }
  return covered.every(Boolean)
}

// Code point order of UTF-16 code units: surrogates sort above U+E000–FFFF.
const fixup = (c: number) => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c)

/** Compares two strings by Unicode code points, as Go compares UTF-8. */
export function compareText(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (i === a.length || i === b.length) return Math.sign(a.length - b.length)
  return fixup(a.charCodeAt(i)) < fixup(b.charCodeAt(i)) ? -1 : 1
}

const cmp = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0)

/**
 * Orders a and b for < <= > >= (§6.2); undefined when they cannot be
 * ordered (then the comparison is false).
 */
export function compare(a: Value, b: Value): number | undefined {
  if (isEmpty(a) || isEmpty(b)) return undefined
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b)
  if (typeof a === 'number' || typeof b === 'number') {
    const x = numberOf(a)
    const y = numberOf(b)
    return x === undefined || y === undefined ? undefined : cmp(x, y)
  }
  if (a instanceof DateValue || b instanceof DateValue) {
    const x = toDate(a)
    const y = toDate(b)
    return x && y ? cmp(x.secs, y.secs) : undefined
  }
  return undefined
}

// toSet views a value as a set: empty is {}, a list its elements, else {v}.
const toSet = (v: Value): readonly Value[] => (isEmpty(v) ? [] : Array.isArray(v) ? v : [v as Value])
const member = (x: Value, set: readonly Value[]) => set.some((y) => equal(x, y))

/** a anyof b (§6.5): some element of a equals some element of b. */
export function anyOf(a: Value, b: Value): boolean {
  const sb = toSet(b)
  return toSet(a).some((x) => member(x, sb))
}

/** a allof b (§6.5): a is not empty and holds every element of b. */
export function allOf(a: Value, b: Value): boolean {
  const sa = toSet(a)
  return sa.length > 0 && toSet(b).every((x) => member(x, sa))
}

/** hay contains needle (§6.6), also `needle in hay` and contains(). */
export function contains(hay: Value, needle: Value, what: string, fail: Fail): boolean {
  if (Array.isArray(needle)) fail('type_mismatch', `${what} a list; use anyof or allof`)
  if (Array.isArray(hay)) return !isEmpty(needle) && member(needle, hay)
  if (typeof hay === 'string') return typeof needle === 'string' && needle !== '' && hay.includes(needle)
  return hay === null ? false : fail('type_mismatch', `${what} in a ${kindOf(hay)}`)
}
