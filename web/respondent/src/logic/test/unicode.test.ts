// The twin's case mapping (fold.ts: JavaScript's mapping plus a few
// exceptions) and its (?i) case folding (regex/classes.ts: JavaScript's
// RegExp with the i and u flags), checked against Go's unicode package for
// every code point that Go's Unicode version assigns.
import { beforeAll, expect, it } from 'vitest'
import { caseOf } from '../fold'
import { classPred, range } from '../regex/classes'
import { runGoGen } from './go'

interface Tables {
  version: string
  upper: [number, number][]
  lower: [number, number][]
  orbits: number[][]
  unassigned: [number, number][]
}

let t: Tables
// A newer JavaScript engine also knows characters that Go's Unicode
// version does not have yet; those are not compared.
const unassigned = new Set<number>()
beforeAll(() => {
  t = runGoGen<Tables>('-unicode')
  for (const [lo, hi] of t.unassigned) for (let c = lo; c <= hi && c <= 0x1ffff; c++) unassigned.add(c)
})
const known = (c: number) => !unassigned.has(c) && !(c >= 0xd800 && c <= 0xdfff)
const hex = (c: number) => c.toString(16)

it("maps case as Go's unicode.ToUpper and ToLower do", () => {
  const upper = new Map(t.upper)
  const lower = new Map(t.lower)
  const bad: string[] = []
  for (let c = 0; c <= 0x1ffff; c++) {
    if (!known(c)) continue
    for (const [up, want] of [[true, upper.get(c) ?? c], [false, lower.get(c) ?? c]] as const) {
      const got = caseOf(c, up)
      if (got !== want && known(got)) bad.push(`${up ? 'upper' : 'lower'}(${hex(c)}) = ${hex(got)}, Go ${hex(want)}`)
    }
  }
  expect(bad.slice(0, 20), `Go Unicode ${t.version}`).toEqual([])
})

it("folds case as Go's unicode.SimpleFold orbits do", () => {
  const orbitOf = new Map<number, number[]>()
  for (const o of t.orbits) for (const c of o) orbitOf.set(c, o)
  const folds = (a: number, b: number) => classPred([{ src: range(a, a), neg: false }], true, false)(b)
  const bad: string[] = []
  for (let c = 0; c <= 0x1e943; c++) {
    if (!known(c)) continue
    const orbit = orbitOf.get(c) ?? [c]
    // Every member of c's orbit folds with c…
    for (const x of orbit) if (!folds(c, x)) bad.push(`${hex(c)} does not fold with ${hex(x)}`)
    // …and nothing near it (its case mappings and their orbits) does.
    const near = [caseOf(c, true), caseOf(c, false), String.fromCodePoint(c).toUpperCase().codePointAt(0)!]
    for (const x of near.flatMap((y) => orbitOf.get(y) ?? [y])) {
      if (known(x) && !orbit.includes(x) && folds(c, x)) bad.push(`${hex(c)} folds with ${hex(x)}, not in Go`)
    }
  }
  expect(bad.slice(0, 20), `Go Unicode ${t.version}`).toEqual([])
})
