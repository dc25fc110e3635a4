// Run-time values of the logic language (docs/logic.md §4) as plain
// JavaScript values: null, number, string, boolean, DateValue and arrays.
import { DateValue, parseDate } from './dates'

export { DateValue }

/** A value: null, a finite number (never -0), string, bool, date or list. */
export type Value = null | number | string | boolean | DateValue | readonly Value[]

/** The kinds of value, named as in Go's Kind.String(). */
export type Kind = 'null' | 'number' | 'string' | 'bool' | 'date' | 'list'

/** JSON encoding of a value (§4): a date is {"date": "…"}. */
export type JSONValue = null | number | string | boolean | { date: string } | JSONValue[]

/** Reports the kind of v. */
export function kindOf(v: Value): Kind {
  return v === null
    ? 'null'
    : typeof v === 'boolean'
      ? 'bool'
      : v instanceof DateValue
        ? 'date'
        : Array.isArray(v)
          ? 'list'
          : (typeof v as 'number' | 'string')
}

/** A number value: NaN and ±Infinity become null and -0 becomes 0. */
export function num(f: number): number | null {
  return isFinite(f) ? f + 0 : null
}

/** Reports whether v is empty: null, '' or []. 0 and false are not. */
export function isEmpty(v: Value): boolean {
  return v === null || v === '' || (Array.isArray(v) && !v.length)
}

/**
 * The text form of v (§4), as piping and concat() write it: null is empty,
 * numbers never use exponents, list elements are joined by ", ".
 */
export function text(v: Value): string {
  return v === null ? '' : typeof v === 'number' ? formatNumber(v) : Array.isArray(v) ? v.map(text).join(', ') : String(v)
}

/**
 * Reports whether a and b are the same value: same kind and content, lists
 * element by element in order, without the coercions of `=`.
 */
export function identical(a: Value, b: Value): boolean {
  if (a instanceof DateValue) return b instanceof DateValue && a.secs === b.secs
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => identical(x, b[i]))
  }
  return a === b
}

/** Encodes v as JSON data (a date becomes {"date": "…"}). */
export function toJSON(v: Value): JSONValue {
  return v instanceof DateValue ? { date: '' + v } : Array.isArray(v) ? v.map(toJSON) : (v as JSONValue)
}

/**
 * Decodes JSON data into a value. Throws an Error for an object other than
 * {"date": "<valid date>"}, a non-finite number or anything else that is
 * not JSON data.
 */
export function fromJSON(raw: unknown): Value {
  if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return raw
  if (Array.isArray(raw)) return raw.map(fromJSON)
  const v =
    typeof raw === 'number'
      ? num(raw)
      : raw && typeof raw === 'object' && Object.keys(raw).join() === 'date'
        ? parseDate((raw as { date: string }).date + '')
        : null
  if (v === null) throw new Error('logic: not a value: ' + JSON.stringify(raw))
  return v
}

/**
 * Formats a number as Go's strconv.FormatFloat(f, 'f', -1, 64) does: the
 * shortest decimal that reads back as f, never in exponent form.
 */
export function formatNumber(f: number): string {
  const m = /^(-?)(\d)\.?(\d*)e([-+]\d+)$/.exec('' + f)
  if (!m) return '' + f
  const digits = m[2] + m[3]
  const exp = +m[4]
  return m[1] + (exp < 0 ? '0.' + '0'.repeat(-exp - 1) + digits : digits.padEnd(exp + 1, '0'))
}

/**
 * Converts a numeric string (§6.1: -?[0-9]+(\.[0-9]+)?, nothing else) to a
 * number; returns undefined for other text or a value too large.
 */
export function parseNumeric(s: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(s) && isFinite(+s) ? +s : undefined
}
