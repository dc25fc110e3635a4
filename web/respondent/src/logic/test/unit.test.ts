// Unit tests for what JavaScript makes easy to get wrong, and for the API
// the respondent page uses. Behaviour shared with Go is covered by the
// conformance and differential tests.
import { describe, expect, it } from 'vitest'
import {
  DateValue,
  EMPTY_ENV,
  type Env,
  LogicError,
  MapEnv,
  type Value,
  dateFromEpochMs,
  evalBool,
  evaluate,
  formatNumber,
  fromJSON,
  interpolate,
  parse,
  parseDate,
  parseRef,
  parseTemplate,
  refKey,
  text,
  toJSON,
} from '../index'

const ev = (src: string, env?: Env) => evaluate(parse(src), env)
// code returns the error code src gives, or 'ok'.
const code = (f: () => unknown) => {
  try {
    f()
    return 'ok'
  } catch (e) {
    if (e instanceof LogicError) return e.code
    throw e
  }
}
const json = (v: Value) => JSON.stringify(toJSON(v))

describe('numbers', () => {
  it('never print in exponent form', () => {
    expect(formatNumber(1e21)).toBe('1000000000000000000000')
    expect(formatNumber(1.5e22)).toBe('15000000000000000000000')
    expect(formatNumber(1e-7)).toBe('0.0000001')
    expect(formatNumber(-1.25e-8)).toBe('-0.0000000125')
    expect(formatNumber(5e-324)).toBe('0.' + '0'.repeat(323) + '5')
    expect(formatNumber(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(text(ev('-0'))).toBe('0')
  })
  it('round half away from zero, in doubles', () => {
    expect(ev('round(-2.5)')).toBe(-3)
    expect(ev('round(2.5)')).toBe(3)
    expect(ev('round(-0.4)')).toBe(0)
    expect(Object.is(ev('round(-0.4)'), -0)).toBe(false)
    expect(ev('round(1.005, 2)')).toBe(1) // 100.49999999999999 in doubles
  })
  it('give null, not NaN or Infinity', () => {
    expect(ev('1 / 0')).toBe(null)
    expect(ev('1' + '0'.repeat(308) + ' * 10')).toBe(null)
    expect(ev('0 % 0')).toBe(null)
  })
})

describe('strings', () => {
  it('order by code point, not UTF-16 unit', () => {
    expect(ev("'\\uffff' < '😀'")).toBe(true) // U+FFFF < U+1F600; JS < says otherwise
    expect(ev("'😀' > '\\ue000'")).toBe(true)
  })
  it('count code points', () => {
    expect(ev("len('😀满意')")).toBe(3)
  })
  it('map case simply, as Go does', () => {
    expect(ev("upper('straße')")).toBe('STRAßE') // JS: STRASSE
    expect(ev("lower('İ')")).toBe('i') // JS: i + combining dot
    expect(ev("lower('ΑΣ')")).toBe('ασ') // JS: final sigma ς
    expect(ev("upper('ᾳ')")).toBe('ᾼ') // JS: ΑΙ
  })
  it('reject lone surrogates as Go rejects invalid UTF-8', () => {
    expect(code(() => parse("'\ud800'"))).toBe('syntax')
    expect(code(() => parseTemplate('a\udc00'))).toBe('syntax')
    expect(code(() => ev("matches('a', {$param.p})", new MapEnv({ params: { p: '\ud800' } })))).toBe('bad_regex')
  })
  it('count bytes for the limits', () => {
    expect(code(() => parse(`'${'中'.repeat(1363)}'`))).toBe('ok') // 4091 bytes
    expect(code(() => parse(`'${'中'.repeat(1365)}'`))).toBe('too_long') // 4097 bytes
    expect(code(() => ev(`matches('', '${'é'.repeat(128)}')`))).toBe('ok')
    expect(code(() => ev(`matches('', '${'é'.repeat(129)}')`))).toBe('bad_regex')
  })
})

describe('names', () => {
  it('are not looked up on Object.prototype', () => {
    for (const f of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(code(() => ev(`${f}(1)`))).toBe('unknown_function')
    }
    const env = new MapEnv({ answers: { constructor: 1 } })
    expect(ev('{constructor}', env)).toBe(1)
    expect(ev('{toString}', env)).toBe(null)
    expect(ev('{__proto__}', new MapEnv())).toBe(null)
  })
  it('parse and key references', () => {
    expect(refKey(parseRef('{q5.r1.text}'))).toBe('q5.r1.text')
    expect(refKey(parseRef('{$param.ch}'))).toBe('$param.ch')
    expect(parseRef('{q1.other}')).toEqual({ scope: 'answer', name: 'q1', item: '', attr: 'other' })
    for (const bad of ['{q1.text.x}', '{text}', '{q1.r1.text.other}', '{$foo.x}', '{a$b}', '{q1', `{${'x'.repeat(65)}}`]) {
      expect(code(() => parseRef(bad)), bad).toBe('syntax')
    }
  })
})

describe('regex', () => {
  const m = (s: string, p: string) => ev(`matches(${JSON.stringify(s)}, ${JSON.stringify(p)})`)
  it('rejects what RE2 rejects', () => {
    for (const p of ['(a)\\1', '(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b', 'a*+', 'a**', '\\Z', 'a{1001}', '(a{100}){100}', '[z-a]', '[[:foo:]]', '\\p{Grek}', '\\C', "(?'n'a)", '(?P=n)', '\\8', 'x{2}{3}', '(', ')', '[a', '\\']) {
      expect(code(() => m('a', p)), p).toBe('bad_regex')
    }
  })
  it('accepts RE2 syntax that JavaScript lacks', () => {
    expect(m('Straße', '^\\pL+$')).toBe(true)
    expect(m('中文', '^\\p{Han}{2}$')).toBe(true)
    expect(m('abc', '^[[:alpha:]]+$')).toBe(true)
    expect(m('a.*b', '\\Q.*\\E')).toBe(true)
    expect(m('ab', '(?P<x>a)(?<y>b)')).toBe(true)
    expect(m('AB', '(?i)ab')).toBe(true)
    expect(m('aB', 'a(?i:b)')).toBe(true)
    expect(m('AB', 'a(?i:b)')).toBe(false)
    expect(m('A', '\\101')).toBe(true)
    expect(m('{,5}', 'x?{,5}')).toBe(true)
    expect(m('a', '^*a')).toBe(true)
  })
  it('matches as Go does where JavaScript differs', () => {
    expect(m('\u212a', '(?i)k')).toBe(true) // Kelvin sign folds with k
    expect(m('\r', '^.$')).toBe(true) // JS . excludes \r
    expect(m('\n', '^.$')).toBe(false)
    expect(m('\n', '(?s)^.$')).toBe(true)
    expect(m('\v', '\\s')).toBe(false) // RE2 \s is [\t\n\f\r ]
    expect(m('\u00a0', '\\s')).toBe(false)
    expect(m('١', '\\d')).toBe(false)
    expect(m('é', '\\b')).toBe(false) // \b is ASCII
    expect(m('a\nb', '^b')).toBe(false)
    expect(m('a\nb', '(?m)^b$')).toBe(true)
    expect(m('a\n', 'a$')).toBe(false) // $ is the end of text only
    expect(m('\u0345', '(?i)\\p{LC}')).toBe(false) // Go has no fold table for LC
    expect(m('A', '(?i)[^a]')).toBe(false)
  })
  it('runs in linear time', () => {
    const start = Date.now()
    expect(m('a'.repeat(2000) + '!', '(a*)*b')).toBe(false)
    expect(m('a'.repeat(2000), '^(a|aa)+$')).toBe(true)
    expect(Date.now() - start).toBeLessThan(2000)
  })
})

describe('dates', () => {
  it('come from the environment', () => {
    expect(json(ev('today()'))).toBe('{"date":"0001-01-01"}')
    const env = { lookup: () => null, now: () => dateFromEpochMs(Date.UTC(2026, 0, 31, 20, 30), 8 * 60) }
    expect(json(ev('now()', env))).toBe('{"date":"2026-02-01T04:30:00"}') // Shanghai wall clock
    expect(json(ev('today()', env))).toBe('{"date":"2026-02-01"}')
    expect(dateFromEpochMs(Date.UTC(9999, 11, 31, 23), 120)).toBe(null)
  })
  it('parse only the three formats', () => {
    expect(parseDate('0001-01-01')?.toString()).toBe('0001-01-01')
    expect(parseDate('2024-02-29 23:59')?.toString()).toBe('2024-02-29T23:59:00')
    for (const s of ['2023-02-29', '2024-1-5', '2024-01-31Z', '2024-01-31T24:00', '0000-12-31', '2024-04-31', '+02024-01-01']) {
      expect(parseDate(s), s).toBe(null)
    }
  })
  it('count calendar months and years', () => {
    expect(ev("datediff('2024-01-31', '2024-02-29', 'month')")).toBe(0)
    expect(ev("datediff('2024-03-31', '2024-01-31', 'month')")).toBe(-2)
    expect(ev("datediff('0001-01-01', '9999-12-31T23:59:59', 'year')")).toBe(9998)
    expect(ev("datediff('1969-12-31T23:59:59', '1970-01-01', 'day')")).toBe(0)
    const env = new MapEnv({ today: '2001-03-01' })
    expect(ev("age('2000-02-29')", env)).toBe(1)
  })
})

describe('API', () => {
  it('reports positions as Go does: bytes, lines, code point columns', () => {
    try {
      parse("'中' +\n  1 #")
      expect.fail('no error')
    } catch (e) {
      expect(e).toBeInstanceOf(LogicError)
      expect((e as LogicError).pos).toEqual({ offset: 12, line: 2, col: 5 })
    }
  })
  it('evaluates conditions with null as false', () => {
    expect(evalBool(parse('{q1} > 3'))).toBe(false)
    expect(code(() => evalBool(parse("'yes'")))).toBe('type_mismatch')
    expect(evalBool(parse('{q1} = null'), EMPTY_ENV)).toBe(true)
  })
  it('renders templates', () => {
    const env = new MapEnv({ texts: { q2: ['Price', 'Service'] }, answers: { nps: 1e21 } })
    expect(interpolate('{{ {q2.text} }} {nps}}', env)).toBe('{ Price, Service } 1000000000000000000000}')
    expect(code(() => interpolate('{ q1}'))).toBe('syntax')
    expect(parseTemplate('a {q1} b').render({ lookup: () => new DateValue(0), now: () => null })).toBe('a 1970-01-01 b')
  })
  it('decodes JSON values strictly', () => {
    expect(json(fromJSON([1, 'a', null, true, { date: '2024-01-31T08:30' }]))).toBe('[1,"a",null,true,{"date":"2024-01-31T08:30:00"}]')
    for (const bad of [{ date: '2024-13-01' }, { date: 1 }, { a: 1 }, { date: '2024-01-01', x: 1 }, undefined, NaN]) {
      expect(() => fromJSON(bad)).toThrow()
    }
  })
  it('treats an undefined lookup as null', () => {
    expect(ev('{q1} = null', { lookup: () => undefined as unknown as Value, now: () => null })).toBe(true)
  })
})
