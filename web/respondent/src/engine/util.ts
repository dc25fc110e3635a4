// Small helpers that reproduce Go library behaviour the engine relies on:
// strings.TrimSpace, sort.Strings, html.EscapeString, strconv number
// parsing, and safe access to JSON objects.
import { parseNumeric } from '../logic/value'
import type { Text } from './types'

/** A record without a prototype: ids such as "__proto__" are plain keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** Reports whether v is a JSON object (not null, not an array). */
export function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** The own property k of o, or undefined; never an inherited one. */
export function own(o: unknown, k: string): unknown {
  return isObj(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined
}

// Go's unicode.IsSpace, which strings.TrimSpace uses; it differs from
// String.prototype.trim (U+0085 yes, U+FEFF no).
const SP = '[\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+'
const TRIM = new RegExp(`^${SP}|${SP}$`, 'g')

/** strings.TrimSpace. */
export const goTrim = (s: string): string => s.replace(TRIM, '')

/** Compares strings by code point, i.e. by UTF-8 bytes as Go does. */
export function cmp(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(j)!
    if (x !== y) return x - y
    i += x > 0xffff ? 2 : 1
    j += y > 0xffff ? 2 : 1
  }
  return [...a].length - [...b].length
}

/** The keys of a JSON object in Go's sort.Strings order. */
export const sortedKeys = (o: Record<string, unknown>): string[] => Object.keys(o).sort(cmp)

/** The number of code points (Go's utf8.RuneCountInString). */
export const runeLen = (s: string): number => [...s].length

/** html.EscapeString. */
export const escapeHTML = (s: string): string =>
  s.replace(/[&'<>"]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;' })[c]!)

/**
 * numberOf: a JSON number, or a string in the logic language's numeric
 * form (-?digits(.digits)?); undefined otherwise or when out of range.
 */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return isFinite(v) ? v : undefined
  return typeof v === 'string' ? parseNumeric(v) : undefined
}

/** Go's math.Round: halves away from zero. */
export const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x))

/** Reports whether a text is empty in every locale (Text.IsZero). */
export function isZero(t: Text | undefined): boolean {
  return t === undefined || t === null || (typeof t === 'string' ? !t : Object.values(t).every((s) => !s))
}

const primary = (l: string) => l.split('-')[0].toLowerCase()

/**
 * Resolves a text for a locale by the fallbacks of §2: the locale; the
 * same primary language (locales order, then alphabetical); the default
 * locale; the plain string; the first non-empty in locales order, then
 * alphabetical.
 */
export function resolve(t: Text | undefined, locale: string, def: string, locales: readonly string[]): string {
  if (t === undefined || t === null) return ''
  const m: Record<string, string> = typeof t === 'string' ? { '': t } : t
  const get = (k: string) => String(own(m, k) ?? '')
  if (get(locale)) return get(locale)
  const keys = [...locales, ...Object.keys(m).sort(cmp)]
  const lang = primary(locale)
  if (lang) for (const k of keys) if (k && primary(k) === lang && get(k)) return get(k)
  for (const k of [def, '', ...keys]) if (get(k)) return get(k)
  return ''
}
