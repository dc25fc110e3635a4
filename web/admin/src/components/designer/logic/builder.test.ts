// Clause 6.3.1c/d: conditions built visually write the logic language and read back unchanged.
import { MapEnv, evalBool, parse, type EnvJSON, type JSONValue } from '@logic'
import { describe, expect, it } from 'vitest'
import { OPERATORS, arity, kindsAt, normalise, serialise, serialiseRow, toBuilder, type Builder, type Row } from './builder'
import { fixture } from './fixture'

const def = fixture()
const kinds = kindsAt(def, { at: '' })

// mulberry32: a seeded generator so failures reproduce.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TEXTS = ['', 'a', "it's", 'say "hi"', 'back\\slash', 'line\nbreak\ttab\r', '满意度', '{q1}', '😀 emoji', "'; drop"]
const NUMBERS = [0, 1, 6, 10, -3, 2.5, -0.125, 0.1, 1e21, 123456.789]

function randomRow(r: () => number): Row {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
  const s = pick([...kinds.values()])
  const op = pick(OPERATORS[s.kind])
  const value = (): string | number => {
    if (s.kind === 'number') return pick(NUMBERS)
    if (s.kind === 'date') return pick(['2024-01-31', '2026-11-29T10:00'])
    if (s.kind === 'text') return pick(TEXTS)
    return s.choices.length && r() < 0.8 ? pick(s.choices).code : pick(TEXTS.filter(Boolean))
  }
  const n = arity(op)
  const count = n === 'list' ? 1 + Math.floor(r() * 3) : n
  return { key: s.key, op, values: Array.from({ length: count }, value) }
}

function randomBuilder(r: () => number): Builder {
  const groups = Array.from({ length: 1 + Math.floor(r() * 3) }, () => Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomRow(r)))
  return { join: r() < 0.5 ? 'and' : 'or', groups }
}

describe('builder ⇄ condition', () => {
  it('every builder state writes a condition the parser accepts and reads back to the same state', () => {
    const r = rng(20261129)
    for (let i = 0; i < 1500; i++) {
      const b = randomBuilder(r)
      const src = serialise(b, kinds)!
      expect(() => parse(src), src).not.toThrow()
      expect(toBuilder(src, kinds), src).toEqual(normalise(b))
      expect(normalise(normalise(b))).toEqual(normalise(b))
    }
  })

  it('writes each operator in the language of docs/logic.md', () => {
    const w = (key: string, op: Row['op'], ...values: (string | number)[]) => serialiseRow({ key, op, values }, kinds.get(key)!.kind)
    expect(w('sat', 'chosen', 'A')).toBe("{sat} = 'A'")
    expect(w('sat', 'notChosen', 'A')).toBe("{sat} != 'A'")
    expect(w('like', 'chosen', 'price')).toBe("{like} contains 'price'")
    expect(w('like', 'notChosen', 'price')).toBe("not {like} contains 'price'")
    expect(w('like', 'allof', 'price', 'svc')).toBe("{like} allof ['price', 'svc']")
    expect(w('sat', 'noneof', 'A', 'B')).toBe("{sat} noneof ['A', 'B']")
    expect(w('nps', 'between', 0, 6)).toBe('{nps} >= 0 and {nps} <= 6')
    expect(w('nps', 'le', -1.5)).toBe('{nps} <= -1.5')
    expect(w('why', 'matches', '^a\\d$')).toBe("matches({why}, '^a\\\\d$')")
    expect(w('why', 'answered')).toBe('notEmpty({why})')
    expect(w('born', 'before', '2024-01-31')).toBe("{born} < '2024-01-31'")
    expect(w('grid.r1', 'chosen', 'g')).toBe("{grid.r1} = 'g'")
    expect(w('where.city.text', 'eq', '杭州市')).toBe("{where.city.text} = '杭州市'")
    expect(w('$param.ch', 'anyof', 'wx')).toBe("{$param.ch} anyof ['wx']")
    expect(w('$var.score', 'gt', 3)).toBe('{$var.score} > 3')
  })

  it('offers operators by question type', () => {
    const ops = (key: string) => OPERATORS[kinds.get(key)!.kind]
    expect(ops('sat')).toEqual(['chosen', 'notChosen', 'anyof', 'noneof', 'answered', 'empty'])
    expect(ops('like')).toContain('allof')
    expect(ops('nps')).toEqual(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'answered', 'empty'])
    expect(ops('fix')).toContain('between') // number text
    expect(ops('why')).toEqual(['eq', 'ne', 'contains', 'matches', 'answered', 'empty'])
    expect(ops('born')).toEqual(['before', 'after', 'answered', 'empty'])
    expect(ops('grid.r1')).toContain('chosen')
    expect(ops('grid')).toEqual(['answered', 'empty'])
    expect(ops('where.city.text')).toContain('eq')
    expect(kinds.has('where.district.text')).toBe(false) // city_level: city
    expect(ops('$param.ch')).toContain('anyof')
    expect(ops('$param.store')).toContain('contains')
    expect(ops('$param.age')).toContain('between')
    expect(ops('$var.score')).toContain('ge')
    expect(kinds.has('info')).toBe(false) // description questions hold no answer
  })

  it('groups: or of and-rows, and of or-groups', () => {
    expect(serialise({ join: 'and', groups: [[{ key: 'sat', op: 'chosen', values: ['A'] }, { key: 'nps', op: 'gt', values: [8] }], [{ key: 'why', op: 'answered', values: [] }]] }, kinds)).toBe(
      "({sat} = 'A' or {nps} > 8) and notEmpty({why})",
    )
    expect(toBuilder("{sat} = 'A' and {nps} > 8 or isEmpty({why})", kinds)).toEqual({
      join: 'or',
      groups: [[{ key: 'sat', op: 'chosen', values: ['A'] }, { key: 'nps', op: 'gt', values: [8] }], [{ key: 'why', op: 'empty', values: [] }]],
    })
  })

  it('leaves incomplete rows out and writes nothing for an empty builder', () => {
    expect(serialise({ join: 'and', groups: [[{ key: 'born', op: 'before', values: ['2024-02-30'] }]] }, kinds)).toBeUndefined()
    expect(serialise({ join: 'and', groups: [] }, kinds)).toBeUndefined()
    expect(serialise({ join: 'and', groups: [[{ key: 'sat', op: 'chosen', values: [] }]] }, kinds)).toBeUndefined()
    expect(serialise({ join: 'and', groups: [[{ key: 'sat', op: 'chosen', values: [] }, { key: 'nps', op: 'answered', values: [] }]] }, kinds)).toBe('notEmpty({nps})')
  })

  it.each([
    "{sat} = 'A' +",
    "{sat} = 'A' + 1",
    'count({like}) > 1',
    "not ({sat} = 'A')",
    "{sat} anyof []",
    "{sat} contains 'A'",
    "{like} = 'price'",
    "{nps} > '6'",
    "{born} < '2024/01/31'",
    "iif({sat} = 'A', true, false)",
    '{nope} = 1',
    "{$contact.city} = 'x'",
    "({sat} = 'A' or {nps} > 1) and ({why} = 'x' or {nps} < 3) or {fix} = 2",
  ])('does not represent %s', (src) => {
    expect(toBuilder(src, kinds)).toBeUndefined()
  })

  it('does not represent references to questions that are not before the rule', () => {
    const atSat = kindsAt(def, { at: 'nps' })
    expect(toBuilder("{sat} = 'A'", atSat)).toBeDefined()
    expect(toBuilder('{nps} > 6', atSat)).toBeUndefined()
    expect(toBuilder('{nps} > 6', kindsAt(def, { at: 'nps', inclusive: true }))).toBeDefined()
  })

  it('reads codes written as numbers and other spellings of the same tree', () => {
    expect(toBuilder('{sat} == 1 && {nps}>=9', kinds)).toEqual({ join: 'and', groups: [[{ key: 'sat', op: 'chosen', values: ['1'] }], [{ key: 'nps', op: 'ge', values: [9] }]] })
    expect(toBuilder('ISEMPTY({why})', kinds)).toEqual({ join: 'and', groups: [[{ key: 'why', op: 'empty', values: [] }]] })
  })
})

describe('reading conditions written by hand (fuzz)', () => {
  const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

  // genExpr writes rows combined by and/or with arbitrary nesting, parentheses and spellings.
  function genExpr(r: () => number, depth: number): string {
    if (depth === 0 || r() < 0.35) {
      const row = randomRow(r)
      const src = serialiseRow(row, kinds.get(row.key)!.kind)
      return r() < 0.2 ? `(${src})` : src
    }
    const op = pick(r, [' and ', ' or ', ' AND ', ' || ', ' && ', '\n or '])
    const e = genExpr(r, depth - 1) + op + genExpr(r, depth - 1)
    return r() < 0.5 ? `(${e})` : e
  }

  function randomEnv(r: () => number): EnvJSON {
    const env: Required<Pick<EnvJSON, 'answers' | 'texts' | 'params' | 'vars'>> = { answers: {}, texts: {}, params: {}, vars: {} }
    for (const s of kinds.values()) {
      const codes = s.choices.map((c) => c.code)
      let v: JSONValue = null
      if (r() < 0.8) {
        if (s.kind === 'choice1') v = pick(r, [...codes, 'zz'])
        else if (s.kind === 'choiceN') v = codes.filter(() => r() < 0.5)
        else if (s.kind === 'number') v = pick(r, NUMBERS)
        else if (s.kind === 'text') v = pick(r, TEXTS)
        else if (s.kind === 'date') v = { date: pick(r, ['2023-12-31', '2024-01-31', '2026-11-29T10:00:00', '2027-01-01']) }
        else v = pick(r, ['x', ['a']])
      }
      const [scope, name, ...rest] = s.key.split('.')
      if (s.key.startsWith('$param.')) env.params[name] = v
      else if (s.key.startsWith('$var.')) env.vars[name] = v
      else if (rest.at(-1) === 'text') env.texts[[scope, name].join('.')] = v
      else env.answers[s.key] = v
    }
    return env
  }

  const outcome = (src: string, env: MapEnv) => {
    try {
      return String(evalBool(parse(src), env))
    } catch (e) {
      return 'error ' + (e as { code?: string }).code
    }
  }

  it('never throws; whatever it reads writes back to the same builder and means the same', () => {
    const r = rng(6031)
    let read = 0
    for (let i = 0; i < 1500; i++) {
      const src = genExpr(r, 3)
      const b = toBuilder(src, kinds)
      if (!b) continue
      read++
      const back = serialise(b, kinds)!
      expect(toBuilder(back, kinds), src).toEqual(b)
      for (let k = 0; k < 8; k++) {
        const env = new MapEnv(randomEnv(r))
        expect(outcome(back, env), `${src}\n⇒ ${back}`).toBe(outcome(src, env))
      }
    }
    expect(read).toBeGreaterThan(300) // the generator mostly writes shapes the builder can show
  })

  it('never throws on arbitrary text', () => {
    const r = rng(77)
    const bits = ['{sat}', '{nps}', '{like}', "'A'", '1', '-', '=', '!=', 'and', 'or', 'not', '(', ')', '[', ']', ',', 'contains', 'anyof', 'isEmpty(', '{', '}', '"', ' ']
    for (let i = 0; i < 3000; i++) {
      const src = Array.from({ length: 1 + Math.floor(r() * 12) }, () => pick(r, bits)).join(' ')
      expect(() => toBuilder(src, kinds)).not.toThrow()
    }
  })
})
