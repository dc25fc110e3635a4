// Character classes of RE2 as Go's regexp/syntax defines them — the Perl
// escapes \d \s \w, the POSIX [:name:] classes and the Unicode groups
// \p{Name} — held as the inside of a JavaScript character class and tested
// with the engine's RegExp, one character at a time (never a whole
// subject, so backtracking cannot blow up).

/**
 * A set of characters: the inside of a JavaScript character class (u flag)
 * and whether it is negated. Under (?i) the set also holds the characters
 * that fold with one of its members — as a RegExp with the i flag does,
 * by Unicode simple case folding like Go — unless exact is set. The
 * negation comes after the folding, as in Go.
 */
export interface Item {
  src: string
  neg: boolean
  exact?: boolean
}

/** The class source for the range lo–hi. */
export const range = (lo: number, hi: number) => `\\u{${lo.toString(16)}}-\\u{${hi.toString(16)}}`

const WORD = '0-9A-Z_a-z'

/** Perl class escapes by their letter (lower case; upper case negates). */
export const PERL: Record<string, string> = { d: '0-9', s: '\\t\\n\\f\\r ', w: WORD }

/** POSIX classes by name, as in [[:alpha:]] (a leading ^ negates). */
export const POSIX = new Map(
  Object.entries({
    alnum: '0-9A-Za-z',
    alpha: 'A-Za-z',
    ascii: '\\0-\\x7f',
    blank: '\\t ',
    cntrl: '\\0-\\x1f\\x7f',
    digit: '0-9',
    graph: '!-~',
    lower: 'a-z',
    print: ' -~',
    punct: '!-\\/:-@\\[-`{-~',
    space: '\\t-\\r ',
    upper: 'A-Z',
    word: WORD,
    xdigit: '0-9A-Fa-f',
  }),
)

/** Go's syntax.IsWordChar: the ASCII word characters that \b looks at. */
export const isWord = (c: number | undefined) => c !== undefined && /\w/.test(String.fromCodePoint(c))

/** The predicate of a bracketed class (or an escape): some item holds, XOR neg. */
export function classPred(items: Item[], fold: boolean, neg: boolean): (c: number) => boolean {
  const tests = items.map((it) => [new RegExp(`^[${it.src}]$`, fold && !it.exact ? 'iu' : 'u'), it.neg] as const)
  const memo = new Map<number, boolean>() // x{1000} shares one predicate 1000 times
  return (c) => {
    let r = memo.get(c)
    if (r === undefined) {
      const s = String.fromCodePoint(c)
      r = tests.some(([re, n]) => re.test(s) !== n) !== neg
      if (memo.size > 4096) memo.clear()
      memo.set(c, r)
    }
    return r
  }
}

// Go's only four-letter script names; other four-letter names are ISO
// 15924 codes, which JavaScript accepts as aliases and Go does not.
const FOUR = /^(Ahom|Cham|Kawi|Lisu|Miao|Modi|Newa|Thai|Toto)$/
// Scripts that JavaScript may know (Unknown, or added in Unicode 16) and
// Go 1.26, on Unicode 15.0, does not.
const NOT_IN_GO = /^(Unknown|Garay|Sunuwar|Todhri)$/

// property returns the class source \p{prop} if the engine knows prop.
function property(prop: string): string | undefined {
  try {
    return RegExp(`\\p{${prop}}`, 'u') && `\\p{${prop}}`
  } catch {
    return undefined
  }
}

/**
 * The Unicode group named in \p{name}, as Go's regexp/syntax resolves it
 * (name matching ignores case, spaces, _ and -): Any, Assigned, ASCII,
 * a general category or its long alias, or a script. Undefined if unknown.
 * Membership comes from the engine's \p{…}, so it follows the engine's
 * Unicode version.
 */
export function unicodeGroup(name: string): Item | undefined {
  const s = name.replace(/[-_ ]/g, '')
  if (!/^[A-Za-z]+$/.test(s)) return undefined
  const canon = s[0].toUpperCase() + s.slice(1).toLowerCase()
  if (canon === 'Any') return { src: '\\0-\\u{10ffff}', neg: false }
  if (canon === 'Ascii') return { src: '\\0-\\x7f', neg: false }
  if (canon === 'Assigned') return { src: '\\p{gc=Cn}', neg: true }
  // A general category by code (Lu), or by a long name that Go matched
  // ignoring case and underscores (uppercaseletter); JavaScript wants it
  // exactly (Uppercase_Letter), so the word break is searched for.
  const exact = canon === 'Lc' || canon === 'Casedletter'
  const names = [exact ? 'LC' : canon, canon.toLowerCase()]
  for (let i = 1; i < canon.length; i++) names.push(canon.slice(0, i) + '_' + canon[i].toUpperCase() + canon.slice(i + 1))
  let src: string | undefined
  for (const n of names) src ||= property('gc=' + n)
  src ||= (canon.length !== 4 || FOUR.test(canon)) && !NOT_IN_GO.test(canon) ? property('sc=' + canon) : undefined
  // Go has no fold table for LC (cased letters), so (?i) does not extend
  // it to U+0345, the one mark that folds with a letter (ι).
  return src ? { src, neg: false, exact } : undefined
}
