// @vitest-environment jsdom
// The designer's preview frame (issue #6 item 5, docs/preview.md): which
// rules hold in a state, and the postMessage contract with the admin app.
import { beforeEach, describe, expect, it } from 'vitest'
import { evaluate } from '../engine'
import { install, rulesOf, stateOf, type PreviewHost, type PreviewLoad } from '../preview'
import type { Definition, EvalInput, Result } from '../types'

const DEF = {
  format_version: 1,
  title: 'rules',
  params: [{ id: 'ch' }],
  variables: [{ id: 'n', type: 'number' }],
  pages: [
    { id: 'p1', jumps: [{ if: "{q1} = 'C'", to: 'end' }], questions: [
      { id: 'q1', type: 'single', title: '选一个', options: [
        { code: 'A', label: '甲', jump: { to: 'page', target: 'p3' } }, { code: 'B', label: '乙' },
        { code: 'C', label: '丙', display: "{$param.ch} = 'wx'" }] },
      { id: 'q2', type: 'text', title: '说说', display: "{q1} = 'B'", assign: [{ if: "{q1} = 'B'", target: '$var.n', value: '1' }] },
    ] },
    { id: 'p2', questions: [{ id: 'q3', type: 'multiple', title: '其余', options_from: { question: 'q1', mode: 'unselected' } }] },
    { id: 'p3', questions: [{ id: 'q4', type: 'text', title: '你选了 {q1.text}' }] },
  ],
} as unknown as Definition

const input = (answers: Record<string, unknown>): EvalInput => ({ answers, params: { ch: 'wx' }, current_page: 'p3', seed: 's', locale: 'zh-CN' })

describe('rules in a state', () => {
  it('lists display, jump, option jump, assignment, option source and piping rules with whether they hold', () => {
    const rules = rulesOf(DEF, input({ q1: 'A' }))
    const at = (kind: string, element: string) => rules.find((r) => r.kind === kind && r.element === element)
    expect(at('display', 'pages[0].questions[0].options[2]')).toMatchObject({ holds: true, detail: "{$param.ch} = 'wx'" })
    expect(at('display', 'pages[0].questions[1]')?.holds).toBe(false)
    expect(at('option_jump', 'pages[0].questions[0].options[0]')).toMatchObject({ holds: true, detail: 'A → page p3' })
    expect(at('jump', 'pages[0].jumps[0]')).toMatchObject({ holds: false, detail: "{q1} = 'C' → end" })
    // q2 is hidden, so its assignment never runs.
    expect(at('assign', 'pages[0].questions[1].assign[0]')).toMatchObject({ holds: false })
    expect(at('assign', 'pages[0].questions[1].assign[0]')?.detail).toMatch(/not reached/)
    // The option jump skips p2: its carried options are not shown.
    expect(at('option_source', 'pages[1].questions[0]')).toMatchObject({ holds: false, detail: 'unselected ← q1' })
    expect(at('piping', 'pages[2].questions[0]')).toMatchObject({ holds: true, detail: '你选了 甲' })
    expect(rules).toHaveLength(7)

    const other = rulesOf(DEF, input({ q1: 'B', q2: 'x' }))
    expect(other.find((r) => r.kind === 'display' && r.element === 'pages[0].questions[1]')?.holds).toBe(true)
    expect(other.find((r) => r.kind === 'assign')?.holds).toBe(true)
    expect(other.find((r) => r.kind === 'option_source')?.holds).toBe(true)
  })

  it('states pages, visible and hidden questions, outcome and ending', () => {
    const inp = input({ q1: 'C' })
    const r = evaluate(DEF, inp) as Result
    const s = stateOf(DEF, r, inp)
    expect(s).toMatchObject({ type: 'opencem:preview-state', page: 'p3', pages: ['p1', 'p2', 'p3'], visible_pages: ['p1'], visible_questions: ['q1'], hidden_questions: ['q2', 'q3', 'q4'], outcome: 'complete' })
    expect(s.rules.find((x) => x.kind === 'jump')?.holds).toBe(true)
  })
})

describe('the message contract', () => {
  const ORIGIN = 'http://localhost:3000'
  let posted: { msg: Record<string, unknown>; origin: string }[]
  let host: PreviewHost & { loads: PreviewLoad[]; gotos: string[]; notes: string[]; hook?: (r: Result, i: EvalInput) => void }
  let win: Window

  beforeEach(() => {
    document.body.innerHTML = '<div id="app"></div>'
    posted = []
    host = {
      loads: [], gotos: [], notes: [],
      setBanner: () => {},
      onEvaluated(f) { host.hook = f },
      def: () => host.loads[host.loads.length - 1]?.definition,
      load(o) { host.loads.push(o) },
      goto(p) { host.gotos.push(p); return p !== 'p2' },
      note(t) { host.notes.push(t) },
    }
    const et = new EventTarget()
    win = Object.assign(et, {
      location: { href: `${ORIGIN}/s/_preview?lang=zh-CN`, origin: ORIGIN },
      parent: { postMessage: (msg: Record<string, unknown>, origin: string) => posted.push({ msg, origin }) },
    }) as unknown as Window
    install(host, win)
  })
  const send = (data: unknown, origin = ORIGIN) => win.dispatchEvent(new MessageEvent('message', { data, origin }))

  it('says it is ready to its own origin only, with the banner shown', () => {
    expect(posted).toEqual([{ msg: { type: 'opencem:preview-ready' }, origin: ORIGIN }])
    expect(document.querySelector('.preview')?.textContent).toBe('预览 — 不会保存答案')
  })

  it('ignores messages from other origins', () => {
    send({ type: 'opencem:preview-load', definition: DEF }, 'https://evil.example')
    expect(host.loads).toEqual([])
  })

  it('loads, goes to pages, resets, and reports each evaluation', () => {
    send({ type: 'opencem:preview-load', definition: DEF, locale: 'en', page: 'p3', keepAnswers: true })
    expect(host.loads).toHaveLength(1)
    expect(host.loads[0]).toMatchObject({ locale: 'en', page: 'p3', keepAnswers: true })
    expect(document.querySelector('.preview')?.textContent).toBe('Preview — answers are not saved')
    send({ type: 'opencem:preview-goto', page: 'p2' })
    expect(host.gotos).toEqual(['p2'])
    expect(host.notes).toEqual(['With the current answers this page is not shown.'])
    send({ type: 'opencem:preview-goto', page: 'p9' })
    expect(host.gotos).toEqual(['p2'])
    expect(host.notes[1]).toBe('No such page: p9')
    send({ type: 'opencem:preview-reset' })
    expect(host.loads[1]).toMatchObject({ keepAnswers: false, page: undefined, locale: 'en' })
    const inp = input({ q1: 'A' })
    host.hook!(evaluate(DEF, inp) as Result, inp)
    const st = posted[posted.length - 1]
    expect(st.origin).toBe(ORIGIN)
    expect(st.msg).toMatchObject({ type: 'opencem:preview-state', page: 'p3', visible_pages: ['p1', 'p3'] })
    expect((st.msg.rules as unknown[]).length).toBe(7)
  })

  it('shows a readable error for an invalid definition and reports it', () => {
    send({ type: 'opencem:preview-load', definition: { pages: [{ id: 'p1', questions: [{ id: 'q' }] }] } })
    expect(host.loads).toEqual([])
    expect(document.querySelector('[role=alert]')?.textContent).toMatch(/无法预览此问卷：.*a question needs an id and a type/)
    expect(posted[posted.length - 1].msg).toMatchObject({ type: 'opencem:preview-state', error: expect.stringMatching(/question needs/) })
    // Without a definition there is nothing to go to.
    send({ type: 'opencem:preview-goto', page: 'p1' })
    expect(host.gotos).toEqual([])
  })

  it('reports a definition the page cannot render', () => {
    host.load = () => {
      throw new Error('boom')
    }
    send({ type: 'opencem:preview-load', definition: DEF })
    expect(posted[posted.length - 1].msg).toMatchObject({ error: 'boom' })
  })
})
