// Renaming ids keeps references intact (issue #6 item 2; docs/logic.md §2, §9;
// docs/survey-format.md §3–5).
import { describe, expect, it } from 'vitest'
import type { SurveyDefinition } from '../../api/surveyTypes'
import { useDesigner, type DesignerBackend } from '../../composables/designer/useDesigner'
import {
  RenameError,
  optionRewrite,
  questionRewrite,
  renameColumn,
  renameEnding,
  renameOption,
  renamePage,
  renameQuestion,
  renameRow,
  renameVariable,
  rewriteCondition,
  rewriteTemplate,
} from './rename'

function fixture(): SurveyDefinition {
  return {
    default_locale: 'zh-CN',
    locales: ['zh-CN', 'en'],
    title: { 'zh-CN': '关于{q1.text}', en: 'About {q1.text}' },
    variables: [{ id: 'score', type: 'number' }, { id: 'other_v' }],
    params: [{ id: 'ch' }],
    assign: [{ target: '$var.score', value: '{$var.score} + 1', if: "{$param.ch} = 'q1'" }],
    pages: [
      {
        id: 'p1',
        display: '{$param.ch} != "x"',
        questions: [
          {
            id: 'q1',
            type: 'single',
            title: { 'zh-CN': '你好 {{q1}}', en: 'Hi' },
            options: [
              { code: 'A', label: { 'zh-CN': 'A 选项', en: 'Option A' }, jump: { to: 'question', target: 'q3' } },
              { code: 'B', label: 'B', display: "{$var.score} > 1" },
            ],
            jumps: [{ if: "{q1} = 'B'", to: 'page', target: 'p2' }],
          },
          { id: 'q10', type: 'text', title: { 'zh-CN': '{q10} 和 {q1}', en: '{q10} and {q1.text}' }, display: "{q1} = 'A' and {q10} != 'q1'" },
          {
            id: 'q2',
            type: 'multiple',
            options_from: { question: 'q1', mode: 'selected' },
            options: [{ code: 'C' }],
            validation: { rules: [{ valid: "not ({q2} anyof ['A', 'C'])", message: { 'zh-CN': '不能选{q1.text}', en: 'Not {q1.text}' } }] },
            assign: [{ target: 'q3', tick: 'A', if: "'A' in {q2}" }],
          },
        ],
        assign: [{ target: 'q1', value: "'A'" }],
      },
      {
        id: 'p2',
        questions: [
          {
            id: 'q3',
            type: 'single',
            options_from: { question: 'q2', mode: 'all' },
            display: "{q2} contains 'A' or {q3} = 'A'",
            jumps: [{ to: 'page', target: 'p3' }],
          },
          {
            id: 'm1',
            type: 'matrix',
            rows: [{ id: 'r1', label: '{q1.text}' }, { id: 'r2' }],
            columns: [{ code: 'c1' }, { code: 'c2' }],
            display: "{m1.r1} = 'c1' or {m1.r2} = 'c1' or {m1.r1.text} = 'c1'",
          },
          { id: 'm2', type: 'matrix', rows_from: { question: 'q1', mode: 'all' }, columns: [{ code: 'c1' }], display: "{m2.A} = 'c1' and {m2.B} = 'c1'" },
          {
            id: 'b1',
            type: 'blanks',
            title: { 'zh-CN': '姓名：[[n]]，年龄：[[age]]', en: 'Name: [[n]], age: [[age]]' },
            blanks: [{ id: 'n' }, { id: 'age', input: 'number' }],
            display: '{b1.age} > 18',
          },
        ],
      },
      { id: 'p3', questions: [{ id: 'q4', type: 'text', title: 'Score {$var.score}, {$var.other_v}' }] },
    ],
    endings: [{ id: 'e1', text: { 'zh-CN': '谢谢 {q1.text}', en: 'Thanks {q1.text}' } }],
  }
}

const q = (d: SurveyDefinition, id: string) => d.pages!.flatMap((p) => p.questions).find((x) => x.id === id)!

describe('rewriteCondition / rewriteTemplate', () => {
  it('renames exact references only: q1 never touches q10 or string literals', () => {
    const rw = questionRewrite('q1', 'first')
    expect(rewriteCondition("{q1} = 'A' and {q10} != 'q1' or {q1.r2.text} = \"{q1}\"", rw)).toBe(
      "{first} = 'A' and {q10} != 'q1' or {first.r2.text} = \"{q1}\"",
    )
    expect(rewriteTemplate('{q1}{q10}{{q1}} {q1.other} {$var.q1}', rw.ref!)).toBe('{first}{q10}{{q1}} {first.other} {$var.q1}')
  })

  it('leaves text it cannot lex as it is and keeps bad braces in templates', () => {
    const rw = questionRewrite('q1', 'x')
    expect(rewriteCondition("{q1} = 'unterminated", rw)).toBe("{q1} = 'unterminated")
    expect(rewriteTemplate('a { b } {q1}', rw.ref!)).toBe('a { b } {x}')
    expect(rewriteCondition('   ', rw)).toBe('   ')
  })
})

describe('rewrite fuzz', () => {
  // A seeded generator (mulberry32): the same cases every run.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) >>> 0
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const PIECES = ['{q1}', '{q10}', '{q1.text}', '{q1.r1}', '{$var.q1}', '{{', '}}', '{', '}', "'q1'", '"{q1}"', ' = ', ' and ', '(', ')', 'q1', '{x}', "'A'", ' anyof ', '[', ']', ',', '\\', "'"]

  it('renaming there and back gives the source again; nothing throws; only whole references change', () => {
    const next = rng(42)
    const there = questionRewrite('q1', 'zz')
    const back = questionRewrite('zz', 'q1')
    let templates = 0
    let conditions = 0
    for (let n = 0; n < 2000; n++) {
      const src = Array.from({ length: 1 + Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('')
      const t = rewriteTemplate(src, there.ref!)
      expect(rewriteTemplate(t, back.ref!)).toBe(src)
      expect(t.replaceAll('{zz', '{q1')).toBe(src)
      const c = rewriteCondition(src, there)!
      if (t !== src) templates++
      if (c !== src) conditions++
      expect(rewriteCondition(c, back)).toBe(src)
      expect(c.replaceAll('{zz', '{q1')).toBe(src)
    }
    // The cases exercise real renames, not only sources that fail to lex.
    expect(templates).toBeGreaterThan(200)
    expect(conditions).toBeGreaterThan(50)
  })
})

describe('quota conditions (collection settings, outside the definition)', () => {
  it('are rewritten by the caller with the same rewrites', () => {
    const d = fixture()
    // q2 carries q1's options: a quota on q2 = 'A' follows q1's option A.
    expect(rewriteCondition("{q1} = 'A' and {q2} anyof ['A'] and {q10} = 'A'", optionRewrite(d, 'q1', 'A', 'apple'))).toBe(
      "{q1} = 'apple' and {q2} anyof ['apple'] and {q10} = 'A'",
    )
    expect(rewriteCondition("{q1} = 'A' and {q10} = 'A'", questionRewrite('q1', 'brand'))).toBe("{brand} = 'A' and {q10} = 'A'")
  })
})

describe('renameQuestion', () => {
  it('rewrites conditions, templates in both locales, jumps, sources and assignments', () => {
    const d = fixture()
    renameQuestion(d, 'q1', 'brand')
    expect(q(d, 'brand').type).toBe('single')
    expect(d.title).toEqual({ 'zh-CN': '关于{brand.text}', en: 'About {brand.text}' })
    expect(q(d, 'brand').title).toEqual({ 'zh-CN': '你好 {{q1}}', en: 'Hi' })
    const q10 = q(d, 'q10')
    expect(q10.title).toEqual({ 'zh-CN': '{q10} 和 {brand}', en: '{q10} and {brand.text}' })
    expect(q10.display).toBe("{brand} = 'A' and {q10} != 'q1'")
    expect(q(d, 'brand').jumps![0].if).toBe("{brand} = 'B'")
    expect(q(d, 'q2').options_from!.question).toBe('brand')
    expect(q(d, 'q2').validation!.rules![0].message).toEqual({ 'zh-CN': '不能选{brand.text}', en: 'Not {brand.text}' })
    expect(q(d, 'm2').rows_from!.question).toBe('brand')
    expect(q(d, 'm1').rows![0].label).toBe('{brand.text}')
    expect(d.pages![0].assign![0].target).toBe('brand')
    expect(d.endings![0].text).toEqual({ 'zh-CN': '谢谢 {brand.text}', en: 'Thanks {brand.text}' })
    // A string literal that happens to read "q1" is data, not a reference.
    expect(d.assign![0].if).toBe("{$param.ch} = 'q1'")
  })

  it('keeps a hidden field prefilling the renamed question', () => {
    const d = fixture()
    d.params = [{ id: 'store', prefill: 'q1' }, { id: 'other', prefill: 'q10' }]
    renameQuestion(d, 'q1', 'brand')
    expect(d.params.map((p) => p.prefill)).toEqual(['brand', 'q10'])
  })

  it('follows jump targets to the renamed question', () => {
    const d = fixture()
    renameQuestion(d, 'q3', 'q3b')
    expect(q(d, 'q1').options![0].jump).toEqual({ to: 'question', target: 'q3b' })
    expect(q(d, 'q2').assign![0].target).toBe('q3b')
    expect(q(d, 'q3b').display).toBe("{q2} contains 'A' or {q3b} = 'A'")
  })

  it('refuses invalid, reserved and taken ids and leaves the survey unchanged', () => {
    const d = fixture()
    const before = JSON.stringify(d)
    for (const [bad, problem] of [
      ['has space', 'invalid'],
      ['text', 'invalid'],
      ['', 'invalid'],
      ['x'.repeat(65), 'invalid'],
      ['q10', 'taken'],
      ['p2', 'taken'],
      ['e1', 'taken'],
    ]) {
      expect(() => renameQuestion(d, 'q1', bad)).toThrow(RenameError)
      try {
        renameQuestion(d, 'q1', bad)
      } catch (e) {
        expect((e as RenameError).problem).toBe(problem)
      }
    }
    expect(JSON.stringify(d)).toBe(before)
  })
})

describe('renamePage', () => {
  it('renames the page and jumps to it only', () => {
    const d = fixture()
    renamePage(d, 'p2', 'second')
    expect(d.pages![1].id).toBe('second')
    expect(q(d, 'q1').jumps![0].target).toBe('second')
    expect(q(d, 'q3').jumps![0].target).toBe('p3')
    expect(() => renamePage(d, 'second', 'q1')).toThrow(RenameError)
  })
})

describe('renameEnding', () => {
  it('renames the ending and the jumps that end there', () => {
    const d = fixture()
    q(d, 'q3').jumps!.push({ if: '{q3} = "A"', to: 'end', target: 'e1' })
    renameEnding(d, 'e1', 'thanks')
    expect(d.endings![0].id).toBe('thanks')
    expect(q(d, 'q3').jumps![1].target).toBe('thanks')
    expect(() => renameEnding(d, 'thanks', 'p1')).toThrow(RenameError)
  })
})

describe('renameOption', () => {
  it('rewrites compared literals of the question and of questions carrying its options, ticks and carried rows', () => {
    const d = fixture()
    renameOption(d, 'q1', 'A', 'apple')
    expect(q(d, 'q1').options!.map((o) => o.code)).toEqual(['apple', 'B'])
    expect(q(d, 'q10').display).toBe("{q1} = 'apple' and {q10} != 'q1'")
    // q2 carries q1's options; q3 carries q2's (a chain).
    expect(q(d, 'q2').validation!.rules![0].valid).toBe("not ({q2} anyof ['apple', 'C'])")
    expect(q(d, 'q2').assign![0]).toEqual({ target: 'q3', tick: 'apple', if: "'apple' in {q2}" })
    expect(q(d, 'q3').display).toBe("{q2} contains 'apple' or {q3} = 'apple'")
    // m2's rows come from q1: {m2.A} is the row of option A; its cell value 'c1' is a column.
    expect(q(d, 'm2').display).toBe("{m2.apple} = 'c1' and {m2.B} = 'c1'")
    // The assignment's value is an expression of a literal not compared with a reference: untouched.
    expect(d.pages![0].assign![0].value).toBe("'A'")
    // Unrelated literal 'B' stays.
    expect(q(d, 'q1').jumps![0].if).toBe("{q1} = 'B'")
  })

  it('refuses codes used by another item of the question', () => {
    const d = fixture()
    expect(() => renameOption(d, 'q1', 'A', 'B')).toThrow(RenameError)
    expect(q(d, 'q1').options![0].code).toBe('A')
  })
})

describe('renameRow / renameColumn', () => {
  it('renames a matrix row in references but not other rows', () => {
    const d = fixture()
    renameRow(d, 'm1', 'r1', 'taste')
    expect(q(d, 'm1').display).toBe("{m1.taste} = 'c1' or {m1.r2} = 'c1' or {m1.taste.text} = 'c1'")
  })

  it('renames a column in compared cell values only', () => {
    const d = fixture()
    renameColumn(d, 'm1', 'c1', 'good')
    expect(q(d, 'm1').columns!.map((c) => c.code)).toEqual(['good', 'c2'])
    // {m1.r1.text} is a label, not a code: its comparison stays; m2's c1 is another question's.
    expect(q(d, 'm1').display).toBe("{m1.r1} = 'good' or {m1.r2} = 'good' or {m1.r1.text} = 'c1'")
    expect(q(d, 'm2').display).toBe("{m2.A} = 'c1' and {m2.B} = 'c1'")
  })

  it('refuses __ in a dropdown matrix', () => {
    const d = fixture()
    q(d, 'm1').matrix = 'dropdown'
    expect(() => renameColumn(d, 'm1', 'c1', 'a__b')).toThrow(RenameError)
  })

  it('renames a blank and its marker in every locale', () => {
    const d = fixture()
    renameRow(d, 'b1', 'age', 'years')
    expect(q(d, 'b1').title).toEqual({ 'zh-CN': '姓名：[[n]]，年龄：[[years]]', en: 'Name: [[n]], age: [[years]]' })
    expect(q(d, 'b1').display).toBe('{b1.years} > 18')
  })
})

describe('renameVariable', () => {
  it('renames a variable, its references and assignment targets', () => {
    const d = fixture()
    renameVariable(d, 'score', 'points')
    expect(d.variables![0].id).toBe('points')
    expect(d.assign![0]).toEqual({ target: '$var.points', value: '{$var.points} + 1', if: "{$param.ch} = 'q1'" })
    expect(q(d, 'q1').options![1].display).toBe('{$var.points} > 1')
    expect(q(d, 'q4').title).toBe('Score {$var.points}, {$var.other_v}')
    expect(() => renameVariable(d, 'points', 'other_v')).toThrow(RenameError)
  })

  it('renames a parameter without touching variables', () => {
    const d = fixture()
    renameVariable(d, 'ch', 'channel', 'param')
    expect(d.params![0].id).toBe('channel')
    expect(d.pages![0].display).toBe('{$param.channel} != "x"')
    expect(d.assign![0].if).toBe("{$param.channel} = 'q1'")
  })
})

describe('undo', () => {
  it('a rename in a transaction is one undo step that restores every reference', async () => {
    const backend: DesignerBackend = {
      load: async () => ({ draft: fixture(), draft_rev: 1, check: { errors: [], warnings: [], estimated_seconds: 0, question_seconds: {} } }) as never,
      save: async () => {
        throw new Error('no save in this test')
      },
    }
    const designer = useDesigner('s1', { backend, delay: 1e9 })
    await designer.load()
    const before = JSON.stringify(designer.doc.value)
    designer.transact((d) => renameQuestion(d, 'q1', 'brand'))
    expect(JSON.stringify(designer.doc.value)).toContain('{brand.text}')
    designer.undo()
    expect(JSON.stringify(designer.doc.value)).toBe(before)
    designer.redo()
    expect(q(designer.doc.value, 'brand').id).toBe('brand')
    designer.dispose()
  })
})
