// Unicode simple case mapping as Go's unicode.ToUpper and ToLower do it,
// built on JavaScript's full case mapping plus the few code points where
// the two differ. Checked against Go 1.26 (Unicode 15.0) for every code
// point; a JavaScript engine with a newer Unicode version also maps the
// characters added since, which Go leaves alone.

// one returns the code point that JavaScript maps c to with f, or c itself
// when the full mapping is several characters (simple mappings keep those).
function one(c: number, up: boolean): number {
  const ch = String.fromCodePoint(c)
  const s = up ? ch.toUpperCase() : ch.toLowerCase()
  const m = s.codePointAt(0)!
  return s.length === (m > 0xffff ? 2 : 1) ? m : c
}

// greekUpper is Go's simple upper case of the Greek letters with
// ypogegrammeni, whose full upper case in JavaScript is two characters.
function greekUpper(c: number): number {
  if (c >= 0x1f80 && c <= 0x1faf && !(c & 8)) return c + 8
  return c === 0x1fb3 || c === 0x1fc3 || c === 0x1ff3 ? c + 9 : c
}

/** Go's unicode.ToUpper (up) or unicode.ToLower of one code point. */
export function caseOf(c: number, up: boolean): number {
  if (up) {
    const g = greekUpper(c)
    return g !== c ? g : one(c, true)
  }
  return c === 0x130 ? 0x69 : one(c, false)
}

/** Go's strings.ToUpper (up) or strings.ToLower: simple case mapping. */
export function mapCase(s: string, up: boolean): string {
  let out = ''
  for (const ch of s) out += String.fromCodePoint(caseOf(ch.codePointAt(0)!, up))
  return out
}
