// Answers built by the page are exactly what docs/survey-format.md §6
// expects: the engine twin accepts each without an error and cleans it to
// the documented form.
import { describe, expect, it } from 'vitest'
import {
  blanksAnswer, cbcAnswer, choiceAnswer, dateAnswer, inputDate, matrixCell, matrixSet, maxdiffAnswer, move, moveTo, multiAnswer, pathAnswer, rankingOrder,
  ratingPoints, readBlanks, readCBC, readChoice, readDate, readMatrix, readMaxDiff, readMulti, readPath, snap, textAnswer, toggle, videoAnswer,
} from '../answers'
import { evaluate } from '../engine'
import type { Question } from '../types'
import { DEF, SEED } from './fixture'

const run = (answers: Record<string, unknown>) => evaluate(DEF, { answers, params: {}, current_page: '', seed: SEED })
const question = (id: string) => DEF.pages.flatMap((p) => p.questions).find((q) => q.id === id) as Question

/** Evaluates one answer: no error for the question, and its cleaned form. */
function clean(qid: string, answer: unknown) {
  const r = run({ [qid]: answer })
  expect(r.errors[qid], `${qid}: ${JSON.stringify(answer)}`).toBeUndefined()
  return r.answers[qid]
}

describe('answer formats per type', () => {
  it('single: a code, or {value, other} with a text', () => {
    expect(choiceAnswer('A')).toBe('A')
    expect(choiceAnswer('O', '自己填', true)).toEqual({ value: 'O', other: '自己填' })
    expect(choiceAnswer('O', '  ', true)).toBe('O')
    expect(choiceAnswer(null)).toBeNull()
    expect(clean('single', choiceAnswer('A'))).toBe('A')
    expect(clean('single', choiceAnswer('O', '自己填', true))).toEqual({ value: 'O', other: '自己填' })
    expect(run({ single: choiceAnswer('O', '', true) }).errors.single.code).toBe('other_required')
    expect(readChoice({ value: 'O', other: 'x' })).toEqual({ code: 'O', other: 'x' })
    expect(readChoice(null)).toEqual({ code: null, other: '' })
  })

  it('multiple: codes, exclusive options give way, other with a text', () => {
    const excl = (c: string) => c === 'N'
    let codes = toggle([], 'A', true, excl)
    codes = toggle(codes, 'N', true, excl)
    expect(codes).toEqual(['N'])
    codes = toggle(codes, 'B', true, excl)
    codes = toggle(codes, 'A', true, excl)
    expect(codes).toEqual(['B', 'A'])
    expect(toggle(codes, 'B', false, excl)).toEqual(['A'])
    expect(clean('multi', multiAnswer(['B', 'A']))).toEqual(['A', 'B']) // display order
    expect(clean('multi', multiAnswer(['A', 'O'], '绿色', 'O'))).toEqual({ value: ['A', 'O'], other: '绿色' })
    expect(multiAnswer([])).toBeNull()
    expect(readMulti({ value: ['A'], other: 'x' })).toEqual({ codes: ['A'], other: 'x' })
  })

  it('text: trimmed strings, numbers for number inputs', () => {
    expect(clean('line', textAnswer('line', '  你好 '))).toBe('你好')
    expect(clean('multiline', textAnswer('multiline', '一\n二'))).toBe('一\n二')
    expect(textAnswer('line', '   ')).toBeNull()
    expect(textAnswer('number', '42')).toBe(42)
    expect(textAnswer('number', '-1.5e2')).toBe(-150)
    expect(textAnswer('number', '12abc')).toBe('12abc')
    expect(textAnswer('number', 'Infinity')).toBe('Infinity')
    expect(clean('num', textAnswer('number', '42'))).toBe(42)
    expect(run({ num: textAnswer('number', '4.5') }).errors.num.code).toBe('not_integer')
    expect(run({ num: textAnswer('number', 'abc') }).errors.num.code).toBe('invalid')
    expect(clean('email', textAnswer('email', 'li@example.com'))).toBe('li@example.com')
    expect(clean('phone', textAnswer('phone', '+86 138-0013-8000'))).toBe('+86 138-0013-8000')
  })

  it('blanks: filled blanks only, numbers for number blanks', () => {
    const q = question('blanks')
    expect(blanksAnswer(q, { name: '张三', age: '30' })).toEqual({ name: '张三', age: 30 })
    expect(blanksAnswer(q, { name: '', age: ' ' })).toBeNull()
    expect(clean('blanks', blanksAnswer(q, { name: '张三', age: '30' }))).toEqual({ name: '张三', age: 30 })
    expect(readBlanks({ name: '张三', age: 30 })).toEqual({ name: '张三', age: '30' })
  })

  it('rating and slider: numbers on the scale or the N/A code', () => {
    expect(ratingPoints({ scale: 'nps' })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(ratingPoints({ points: 3, start: 0 })).toEqual([0, 1, 2])
    expect(ratingPoints({})).toEqual([1, 2, 3, 4, 5])
    expect(clean('stars', 4)).toBe(4)
    expect(clean('nps', 0)).toBe(0)
    expect(clean('nps', 'na')).toBe('na')
    expect(clean('smile', 2)).toBe(2)
    expect(snap(7.3, 0, 10, 0.5)).toBe(7.5)
    expect(snap(11, 0, 10, 1)).toBe(10)
    expect(snap(0.1 + 0.2, 0, 1, 0.1)).toBe(0.3)
    expect(clean('slider', snap(7.3, 0, 10, 0.5))).toBe(7.5)
  })

  it('matrices: rows to codes, code lists, numbers and cells', () => {
    let g = matrixSet(null, 'r1', 'g')
    g = matrixSet(g, 'r2', 'b')
    expect(clean('grid', g)).toEqual({ r1: 'g', r2: 'b' })
    expect(matrixSet({ r1: 'g' }, 'r1', null)).toBeNull()
    expect(clean('gridm', matrixSet(null, 'r1', ['x', 'y']))).toEqual({ r1: ['x', 'y'] })
    expect(clean('gridr', matrixSet(matrixSet(null, 'r1', 4), 'r2', 'na'))).toEqual({ r1: 4, r2: 'na' })
    let d = matrixCell(null, 'r1', 'c1', 'x')
    d = matrixCell(d, 'r1', 'c2', 'y')
    expect(clean('gridd', d)).toEqual({ r1: { c1: 'x', c2: 'y' } })
    expect(matrixCell({ r1: { c1: 'x' } }, 'r1', 'c1', null)).toBeNull()
    expect(readMatrix('nonsense')).toEqual({})
  })

  it('dropdowns, cascades, hotspots', () => {
    expect(clean('drop', choiceAnswer('o', '邻居', true))).toEqual({ value: 'o', other: '邻居' })
    expect(pathAnswer(['toyota', '', 'x'])).toEqual(['toyota'])
    expect(pathAnswer([null])).toBeNull()
    expect(clean('casc', pathAnswer(['toyota', 'camry']))).toEqual(['toyota', 'camry'])
    expect(run({ casc: pathAnswer(['toyota']) }).errors.casc.code).toBe('incomplete')
    expect(readPath({ codes: ['330000'], names: ['浙江省'] })).toEqual(['330000'])
    expect(clean('spot', 'r')).toBe('r')
    expect(clean('spotm', multiAnswer(['r', 'l']))).toEqual(['l', 'r'])
  })

  it('video, dates and ranges', () => {
    expect(videoAnswer(49.6, 12.4)).toEqual({ percent: 50, seconds: 12 })
    expect(videoAnswer(130, -1)).toEqual({ percent: 100, seconds: 0 })
    expect(clean('video', videoAnswer(80, 20))).toEqual({ percent: 80, seconds: 20 })
    expect(run({ video: videoAnswer(20, 5) }).errors.video.code).toBe('watch')
    expect(clean('date', dateAnswer('2024-01-31'))).toBe('2024-01-31')
    expect(clean('time', dateAnswer('08:30'))).toBe('08:30:00')
    expect(clean('dt', dateAnswer('2024-01-31T08:30'))).toBe('2024-01-31T08:30:00')
    expect(clean('span', dateAnswer('2024-01-01', '2024-01-31', true))).toEqual({ from: '2024-01-01', to: '2024-01-31' })
    expect(run({ span: dateAnswer('2024-01-01', '', true) }).errors.span.code).toBe('incomplete')
    expect(dateAnswer('', '', true)).toBeNull()
    expect(inputDate('time', '08:30:00')).toBe('08:30')
    expect(inputDate('datetime', '2024-01-31T08:30:00')).toBe('2024-01-31T08:30')
    expect(readDate({ from: 'a', to: 'b' })).toEqual({ from: 'a', to: 'b' })
  })

  it('ranking: codes best first, moved with buttons', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    const same = ['a', 'b']
    expect(move(same, 0, -1)).toBe(same)
    // Dragging moves one item across several places, the rest keep their order.
    expect(moveTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd'])
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c'])
    expect(moveTo(same, 1, 1)).toBe(same)
    expect(moveTo(same, 0, 5)).toBe(same)
    expect(rankingOrder(['c', 'x'], ['a', 'b', 'c'])).toEqual(['c', 'a', 'b'])
    expect(clean('rank', ['c', 'a', 'b'])).toEqual(['c', 'a', 'b'])
  })

  it('CBC and MaxDiff carry the engine design of the response', () => {
    const designs = run({}).designs as Record<string, unknown>
    const cbc = designs.cbc as Record<string, string>[][]
    const md = designs.md as string[][]
    expect(cbc).toHaveLength(2)
    expect(md).toHaveLength(2)
    expect(cbcAnswer(cbc, [null, null])).toBeNull()
    expect(clean('cbc', cbcAnswer(cbc, [1, 'none']))).toEqual({ tasks: cbc, choices: [1, 'none'] })
    expect(run({ cbc: cbcAnswer(cbc, [1, null]) }).errors.cbc.code).toBe('incomplete')
    expect(readCBC({ choices: [1, 'none'] }, 3)).toEqual([1, 'none', null])
    const a = maxdiffAnswer(md, [md[0][0], md[1][0]], [md[0][1], md[1][2]])
    expect(clean('md', a)).toEqual({ tasks: md, best: [md[0][0], md[1][0]], worst: [md[0][1], md[1][2]] })
    expect(maxdiffAnswer(md, [md[0][0]], [])).toEqual({ tasks: md, best: [md[0][0], null], worst: [null, null] })
    expect(run({ md: maxdiffAnswer(md, [md[0][0]], []) }).errors.md.code).toBe('incomplete')
    expect(readMaxDiff({ best: ['a'], worst: [null, 'b'] }, 2)).toEqual({ best: ['a', null], worst: [null, 'b'] })
  })
})
