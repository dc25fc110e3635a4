// Templates (docs/logic.md §9): display text with references piped in.
import { MAX_TEMPLATE_LEN, badUnicode, fail, utf8Len } from './errors'
import { EMPTY_ENV, type Env } from './eval'
import { type Ref, scanRef } from './ref'
import { text } from './value'

/**
 * A parsed template: literal text and references. In the source "{" always
 * starts a reference written as in expressions, "{{" is a literal "{", "}}"
 * a literal "}" and a lone "}" is itself.
 */
export class Template {
  constructor(
    /** The text the template was parsed from. */
    readonly src: string,
    /** Literal strings and references, in order. */
    readonly parts: readonly (string | Ref)[],
  ) {}

  /**
   * Replaces each reference by the text form of its value (null is empty,
   * lists are joined by ", "). Nothing is escaped: escape for HTML after.
   */
  render(env: Env = EMPTY_ENV): string {
    return this.parts.map((p) => (typeof p === 'string' ? p : text(env.lookup(p) ?? null))).join('')
  }
}

/**
 * Parses display text; throws a LogicError with code too_long, or syntax
 * when a "{" does not start a valid reference (write "{{" for a brace).
 */
export function parseTemplate(src: string): Template {
  if (utf8Len(src) > MAX_TEMPLATE_LEN) fail('too_long', `longer than ${MAX_TEMPLATE_LEN} bytes`)
  if (badUnicode(src) >= 0) fail('syntax', 'not valid Unicode')
  const parts: (string | Ref)[] = []
  let lit = ''
  for (let i = 0; i < src.length; ) {
    const c = src[i]
    if ((c === '{' || c === '}') && src[i + 1] === c) {
      lit += c
      i += 2
    } else if (c === '{') {
      const [ref, end] = scanRef(src, i)
      if (lit) parts.push(lit)
      lit = ''
      parts.push(ref)
      i = end
    } else {
      lit += c
      i++
    }
  }
  if (lit) parts.push(lit)
  return new Template(src, parts)
}

/** Parses and renders text in one go; parse once when rendering often. */
export function interpolate(src: string, env?: Env): string {
  return parseTemplate(src).render(env)
}
