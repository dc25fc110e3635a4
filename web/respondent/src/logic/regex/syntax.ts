// A parser for RE2 syntax that accepts exactly what Go's regexp.Compile
// (regexp/syntax with the Perl flags) accepts, ported from Go's parse.go:
// same escapes, classes, flags, repetition rules and repeat-count limit.
// The tree it builds only needs to answer "does it match somewhere", so
// capture groups, names and greediness are parsed and then forgotten.
import { type Item, PERL, POSIX, classPred, range, unicodeGroup } from './classes'

/** Zero-width assertions: \A, \z, (?m)^, (?m)$, \b, \B. */
export type Assert = 'A' | 'z' | '^' | '$' | 'b' | 'B'

/** A node of the regular expression tree. */
export type Re =
  | { k: 'ch'; m: (c: number) => boolean }
  | { k: 'as'; a: Assert }
  | { k: 'cat' | 'alt'; subs: Re[] }
  | { k: 'rep'; sub: Re; min: number; max: number; counted: boolean }

/** A pattern Go rejects; the message names the problem. */
export class RegexSyntaxError extends Error {}

const FOLD = 1 // (?i)
const MULTI = 2 // (?m)
const DOTNL = 4 // (?s)

// bad reports a pattern Go would reject. Go's checker tells the survey
// designer exactly why; here the code bad_regex is what matters.
const bad = (): never => {
  throw new RegexSyntaxError('not a valid RE2 pattern')
}

// ESCAPE is Go's parseEscape: octal (\0, \012, \123 — a lone \1–\7 would
// be a back-reference), \x{10FFFF}, \xFF, C escapes, and any ASCII
// punctuation (which stands for itself).
const ESCAPE = /\\(?:(0[0-7]{0,2}|[1-7][0-7]{1,2})|x\{([\dA-Fa-f]+)\}|x([\dA-Fa-f]{2})|([afnrtv])|([\0-/:-@[-`{-\x7f]))/y
const REPEAT = /\{(0|[1-9]\d*)(,(0|[1-9]\d*)?)?\}/y
const NAMED = /\(\?P?<(\w+)>/y

interface Frame {
  saved: number // flags to restore at the closing parenthesis
  alts: Re[]
  cur: Re[]
}

const cat = (subs: Re[]): Re => (subs.length === 1 ? subs[0] : { k: 'cat', subs })
// close turns a finished group into its alternation.
const close = (f: Frame): Re => (f.alts.length ? { k: 'alt', subs: [...f.alts, cat(f.cur)] } : cat(f.cur))
const size = (cp: number) => (cp > 0xffff ? 2 : 1)

// repeatOK is Go's repeatIsValid: nested counted repetitions may not make
// more than n copies of anything.
function repeatOK(re: Re, n: number): boolean {
  if (re.k === 'rep' && re.counted) {
    const m = re.max < 0 ? re.min : re.max
    if (re.max === 0) return true
    if (m > n) return false
    if (m > 0) n = Math.floor(n / m)
  }
  return (re.k === 'rep' ? [re.sub] : re.k === 'cat' || re.k === 'alt' ? re.subs : []).every((s) => repeatOK(s, n))
}

/** Parses a pattern; throws RegexSyntaxError where Go's parser fails. */
export function parseRegex(pat: string): Re {
  const n = pat.length
  const frames: Frame[] = []
  let flags = 0
  let i = 0

  const open = () => frames.push({ saved: flags, alts: [], cur: [] })
  const top = () => frames[frames.length - 1]
  const push = (re: Re) => top().cur.push(re)
  const fold = () => !!(flags & FOLD)
  const literal = (c: number) => push({ k: 'ch', m: fold() ? classPred([{ src: range(c, c), neg: false }], true, false) : (x) => x === c })
  const sticky = (re: RegExp, j: number) => {
    re.lastIndex = j
    return re.exec(pat)
  }

  // escape parses the single-character escape at pat[j] === '\' and
  // returns the character and the index after it.
  const escape = (j: number): [number, number] => {
    const m = sticky(ESCAPE, j) || bad()
    const [s, oct, hex, hex2, c, punct] = m
    const r = oct ? parseInt(oct, 8) : c ? [7, 12, 10, 13, 9, 11]['afnrtv'.indexOf(c)] : punct ? punct.charCodeAt(0) : parseInt(hex || hex2, 16)
    return r > 0x10ffff ? bad() : [r, j + s.length]
  }

  // unicodeClass parses \pN, \p{Name}, \PN or \P{^Name} at pat[j] === '\'.
  const unicodeClass = (j: number): [Item, number] => {
    const brace = pat[j + 2] === '{'
    const end = brace ? pat.indexOf('}', j) + 1 || bad() : j + 3
    let name = pat.slice(brace ? j + 3 : j + 2, brace ? end - 1 : end)
    let neg = pat[j + 1] === 'P'
    if (name[0] === '^') {
      neg = !neg
      name = name.slice(1)
    }
    const g = unicodeGroup(name) || bad()
    return [{ ...g, neg: g.neg !== neg }, end]
  }
  const isUnicodeClass = (j: number) => pat[j] === '\\' && /^[pP]$/.test(pat[j + 1] || '')
  const perlItem = (j: number): Item | undefined => {
    const c = pat[j] === '\\' ? pat[j + 1] || '' : ''
    const r = PERL[c.toLowerCase()]
    return r ? { src: r, neg: c !== c.toLowerCase() } : undefined
  }
  const classChar = (j: number): [number, number] => {
    if (j >= n) bad()
    if (pat[j] === '\\') return escape(j)
    const c = pat.codePointAt(j)!
    return [c, j + size(c)]
  }

  // parseClass parses a bracketed class at pat[j] === '[' (Go's parseClass).
  const parseClass = (j: number): number => {
    const neg = pat[++j] === '^'
    if (neg) j++
    const items: Item[] = []
    for (let first = true; j >= n || pat[j] !== ']' || first; first = false) {
      const posix = n - j > 2 && pat.startsWith('[:', j) ? pat.indexOf(':]', j + 2) : -1
      if (posix >= 0) {
        const name = pat.slice(j + 2, posix)
        items.push({ src: POSIX.get(name.replace(/^\^/, '')) || bad(), neg: name[0] === '^' })
        j = posix + 2
      } else if (isUnicodeClass(j)) {
        let it: Item
        ;[it, j] = unicodeClass(j)
        items.push(it)
      } else if (perlItem(j)) {
        items.push(perlItem(j)!)
        j += 2
      } else {
        let lo: number
        let hi: number
        ;[lo, j] = classChar(j)
        hi = lo
        if (n - j >= 2 && pat[j] === '-' && pat[j + 1] !== ']') {
          ;[hi, j] = classChar(j + 1)
          if (hi < lo) bad()
        }
        items.push({ src: range(lo, hi), neg: false })
      }
    }
    push({ k: 'ch', m: classPred(items, fold(), neg) })
    return j + 1
  }

  // perlGroup parses (?flags), (?flags:, (?P<name> and (?<name> at pat[j].
  const perlGroup = (j: number): number => {
    if (/^\(\?P?<[^]/.test(pat.slice(j))) {
      const m = sticky(NAMED, j) || bad()
      open()
      return j + m[0].length
    }
    let f = flags
    let sign = 1
    let saw = false
    for (j += 2; j < n; j++) {
      const c = pat[j]
      const k = 'imsU'.indexOf(c) // FOLD, MULTI, DOTNL; U (non-greedy) changes nothing here
      if (k >= 0) {
        f = sign > 0 ? f | ((1 << k) & 7) : f & ~(1 << k)
        saw = true
      } else if (c === '-' && sign > 0) {
        sign = -1
        saw = false
      } else if ((c === ':' || c === ')') && (sign > 0 || saw)) {
        if (c === ':') open()
        flags = f
        return j + 1
      } else break
    }
    return bad()
  }

  // repeat applies a repetition operator to the last item.
  const repeat = (min: number, max: number, counted: boolean, after: number, last: boolean): number => {
    if (pat[after] === '?') after++ // non-greedy: the same language
    const cur = top().cur
    if (last || !cur.length) bad()
    const re: Re = { k: 'rep', sub: cur.pop()!, min, max, counted }
    if (counted && (min >= 2 || max >= 2) && !repeatOK(re, 1000)) bad()
    cur.push(re)
    return after
  }

  open()
  for (let lastRepeat = false; i < n; ) {
    const c = pat[i]
    let isRepeat = false
    const rep = c === '{' ? sticky(REPEAT, i) : null
    if (c === '(') {
      if (pat[i + 1] === '?') i = perlGroup(i)
      else {
        open()
        i++
      }
    } else if (c === '|') {
      top().alts.push(cat(top().cur))
      top().cur = []
      i++
    } else if (c === ')') {
      if (frames.length < 2) bad()
      const f = frames.pop()!
      push(close(f))
      flags = f.saved
      i++
    } else if (c === '^' || c === '$') {
      push({ k: 'as', a: flags & MULTI ? c : c === '^' ? 'A' : 'z' })
      i++
    } else if (c === '.') {
      push({ k: 'ch', m: flags & DOTNL ? () => true : (x) => x !== 10 })
      i++
    } else if (c === '[') {
      i = parseClass(i)
    } else if (c === '*' || c === '+' || c === '?') {
      i = repeat(+(c === '+'), c === '?' ? 1 : -1, false, i + 1, lastRepeat)
      isRepeat = true
    } else if (rep) {
      const min = +rep[1]
      const max = rep[2] ? (rep[3] ? +rep[3] : -1) : min
      if (min > 1000 || max > 1000 || (max >= 0 && min > max)) bad()
      i = repeat(min, max, true, i + rep[0].length, lastRepeat)
      isRepeat = true
    } else if (c === '\\' && /^[AbBz]$/.test(pat[i + 1] || '')) {
      push({ k: 'as', a: pat[i + 1] as Assert })
      i += 2
    } else if (c === '\\' && pat[i + 1] === 'Q') {
      // \Q…\E: all literal, to \E or the end.
      const end = pat.indexOf('\\E', i + 2)
      for (const ch of pat.slice(i + 2, end < 0 ? n : end)) literal(ch.codePointAt(0)!)
      i = end < 0 ? n : end + 2
    } else if (isUnicodeClass(i) || perlItem(i)) {
      let it = perlItem(i)
      i += 2
      if (!it) [it, i] = unicodeClass(i - 2)
      push({ k: 'ch', m: classPred([it], fold(), false) })
    } else if (c === '\\') {
      // \C (any byte) is not supported, like any other unknown escape.
      let r: number
      ;[r, i] = escape(i)
      literal(r)
    } else {
      const cp = pat.codePointAt(i)!
      literal(cp)
      i += size(cp)
    }
    lastRepeat = isRepeat
  }
  if (frames.length > 1) bad()
  return close(frames[0])
}
