// Error codes, positions and the limits of the logic language. The codes
// and limits are part of the contract with the Go implementation
// (internal/survey/logic) and the conformance files; see docs/logic.md §11
// and §12.

/** A stable error code; identical to the Go package's Code* constants. */
export type ErrorCode =
  | 'syntax'
  | 'too_long'
  | 'too_deep'
  | 'too_many_items'
  | 'unknown_ref'
  | 'unknown_function'
  | 'arity'
  | 'type_mismatch'
  | 'bad_argument'
  | 'bad_regex'

/** Longest expression source, in UTF-8 bytes. */
export const MAX_SOURCE_LEN = 4096
/** Deepest nesting of ( [ call argument lists and prefix not ! -. */
export const MAX_DEPTH = 64
/** Most items of one list literal, or arguments of one call. */
export const MAX_LIST_LEN = 256
/** Longest reference segment, in characters. */
export const MAX_SEGMENT_LEN = 64
/** Longest matches() pattern, in UTF-8 bytes. */
export const MAX_PATTERN_LEN = 256
/** Longest template, in UTF-8 bytes. */
export const MAX_TEMPLATE_LEN = 65536

/**
 * A position in source text, as Go reports it: offset in UTF-8 bytes from 0,
 * line and column from 1, the column counting Unicode code points.
 */
export interface Pos {
  offset: number
  line: number
  col: number
}

/**
 * The error thrown by parse, evaluate, evalBool and the template functions.
 * Match on `code`; messages are short English phrases that may change (the
 * Go implementation, which designers see, words them more fully).
 */
export class LogicError extends Error {
  override name = 'LogicError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly pos: Pos,
  ) {
    super(message)
  }
}

/** Throws a LogicError at index `at` (UTF-16 units) of `src`. */
export function fail(code: ErrorCode, msg: string, src = '', at = 0): never {
  const before = src.slice(0, at)
  const lines = before.split('\n')
  throw new LogicError(code, msg, {
    offset: utf8Len(before),
    line: lines.length,
    col: [...lines[lines.length - 1]].length + 1,
  })
}

/** Length of s in UTF-8 bytes (a lone surrogate counts 3). */
export const utf8Len = (s: string): number => new TextEncoder().encode(s).length

/**
 * Index of the first lone surrogate in s, or -1. A lone surrogate is the
 * JavaScript counterpart of the invalid UTF-8 that Go rejects.
 */
export const badUnicode = (s: string): number => s.search(/\p{Cs}/u)
