// matches() patterns: RE2 syntax, validated as Go validates it, matched by
// the NFA of nfa.ts. See web/respondent/README.md for the supported syntax.
import { MAX_PATTERN_LEN, badUnicode, utf8Len } from '../errors'
import { type Prog, compile, matchProg } from './nfa'
import { RegexSyntaxError, parseRegex } from './syntax'

export type { Prog }

// The same few validation patterns are matched for every answer; the cache
// is dropped whole when full, as in Go.
const cache = new Map<string, Prog | string>()

/**
 * Compiles a pattern, or returns the reason it is a bad_regex: longer than
 * MAX_PATTERN_LEN bytes, not valid Unicode, or not valid RE2 syntax.
 */
export function compileRegex(pattern: string): Prog | string {
  if (utf8Len(pattern) > MAX_PATTERN_LEN) return `longer than ${MAX_PATTERN_LEN} bytes`
  let r = cache.get(pattern)
  if (r === undefined) {
    try {
      if (badUnicode(pattern) >= 0) throw new RegexSyntaxError('not valid Unicode')
      r = compile(parseRegex(pattern))
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e
      r = e.message
    }
    if (cache.size >= 512) cache.clear()
    cache.set(pattern, r)
  }
  return r
}

/** Reports whether the compiled pattern matches somewhere in s. */
export { matchProg }
