// @vitest-environment jsdom
// The widgets turn taps and typing into the answers of docs/survey-format.md
// §6: each question type is mounted with the real engine, driven by DOM
// events, and its answer checked.
import { beforeEach, describe, expect, it } from 'vitest'
import { evaluate } from '../engine'
import { zh } from '../i18n'
import { findOption, question, type QCtx } from '../q/ctx'
import { questionView } from '../q/index'
import { resolve } from '../i18n'
import type { AnswerError, Result } from '../types'
import { DEF, SEED } from './fixture'

let answers: Record<string, unknown>
let announced: string[]

beforeEach(() => {
  document.body.replaceChildren()
  answers = {}
  announced = []
})

function mount(qid: string, initial?: unknown) {
  if (initial !== undefined) answers[qid] = initial
  let result: Result = evaluate(DEF, { answers, params: {}, current_page: '', seed: SEED })
  const q = question(DEF, qid)!
  const refresh = () => {
    result = evaluate(DEF, { answers, params: {}, current_page: '', seed: SEED })
    view.update((result.errors[qid] as AnswerError) || null)
  }
  const ctx: QCtx = {
    def: DEF, q, m: zh, locale: 'zh-CN', id: `q-${qid}`, titleId: `q-${qid}-t`,
    result: () => result,
    get: () => answers[qid] ?? null,
    set(v) {
      if (v == null) delete answers[qid]
      else answers[qid] = v
      refresh()
    },
    touch: refresh,
    text: (key, fb) => resolve((result.texts[key] ?? fb) as string, 'zh-CN', DEF),
    options: () => result.visible_options[qid] || [],
    rows: () => result.visible_rows[qid] || [],
    columns: () => result.visible_columns[qid] || [],
    option: (c) => findOption(DEF, q, c),
    announce: (s) => announced.push(s),
  }
  const view = questionView(ctx)
  document.body.append(view.el)
  view.update(null)
  return { el: view.el, answer: () => answers[qid], result: () => result, update: refresh }
}

const fire = (el: Element | null, type: string) => el!.dispatchEvent(new Event(type, { bubbles: true }))
function check(el: Element, value: string) {
  const i = el.querySelector(`input[value="${value}"]`) as HTMLInputElement
  i.checked = !i.checked || i.type === 'radio'
  fire(i, 'change')
}
function type(i: Element | null, text: string) {
  ;(i as HTMLInputElement).value = text
  fire(i, 'input')
}
function choose(s: Element | null, value: string) {
  ;(s as HTMLSelectElement).value = value
  fire(s, 'change')
}

describe('widgets', () => {
  it('single with other: the text field appears and joins the answer', () => {
    const { el, answer } = mount('single')
    const other = el.querySelector('.oth') as HTMLInputElement
    expect(other.hidden).toBe(true)
    check(el, 'O')
    expect(answer()).toBe('O')
    expect(other.hidden).toBe(false)
    type(other, '自己填')
    expect(answer()).toEqual({ value: 'O', other: '自己填' })
    expect(other.getAttribute('aria-label')).toBe('其他：请注明')
    check(el, 'A')
    expect(answer()).toBe('A')
  })

  it('multiple: an exclusive option clears the others', () => {
    const { el, answer } = mount('multi')
    check(el, 'A')
    check(el, 'B')
    expect(answer()).toEqual(['A', 'B'])
    check(el, 'N')
    expect(answer()).toEqual(['N'])
    expect((el.querySelector('input[value=A]') as HTMLInputElement).checked).toBe(false)
  })

  it('text inputs and blanks type their answers; resumed values come back', () => {
    const num = mount('num')
    type(num.el.querySelector('input'), '12')
    expect(num.answer()).toBe(12)
    expect(num.el.querySelector('input')!.getAttribute('inputmode')).toBe('decimal')
    const email = mount('email', 'a@b.cn')
    expect((email.el.querySelector('input') as HTMLInputElement).value).toBe('a@b.cn')
    expect(email.el.querySelector('input')!.type).toBe('email')
    const b = mount('blanks')
    const inputs = b.el.querySelectorAll('.qt input')
    expect(inputs).toHaveLength(2)
    expect(b.el.querySelector('.qt')!.textContent).toBe('我叫，今年岁')
    type(inputs[0], '张三')
    type(inputs[1], '30')
    expect(b.answer()).toEqual({ name: '张三', age: 30 })
    expect(inputs[1].getAttribute('aria-label')).toBe('年龄')
  })

  it('ratings: stars fill up to the choice, N/A is a code', () => {
    const s = mount('stars')
    check(s.el, '4')
    expect(s.answer()).toBe(4)
    expect(s.el.querySelectorAll('.pt.on')).toHaveLength(4)
    const n = mount('nps')
    expect(n.el.querySelectorAll('input[type=radio]')).toHaveLength(12)
    check(n.el, 'na')
    expect(n.answer()).toBe('na')
    const f = mount('smile')
    expect(f.el.querySelectorAll('svg')).toHaveLength(3)
    expect(f.el.querySelector('input')!.getAttribute('aria-label')).toBe('0 非常不满意')
  })

  it('slider: unanswered until moved, then snapped to its step', () => {
    const { el, answer } = mount('slider')
    const r = el.querySelector('input[type=range]') as HTMLInputElement
    expect(answer()).toBeUndefined()
    expect(r.classList.contains('unset')).toBe(true)
    expect(r.getAttribute('aria-valuetext')).toContain('尚未作答')
    type(r, '7.5')
    expect(answer()).toBe(7.5)
    expect(el.querySelector('output')!.textContent).toBe('7.5')
  })

  it('matrices: one group per row', () => {
    const g = mount('grid')
    check(g.el.querySelector('[aria-labelledby="q-grid-r-r1"]')!, 'g')
    check(g.el.querySelector('[aria-labelledby="q-grid-r-r2"]')!, 'b')
    expect(g.answer()).toEqual({ r1: 'g', r2: 'b' })
    const m = mount('gridm')
    const row = m.el.querySelector('[aria-labelledby="q-gridm-r-r1"]')!
    check(row, 'x')
    check(row, 'y')
    expect(m.answer()).toEqual({ r1: ['x', 'y'] })
    check(row, 'z')
    expect(m.answer()).toEqual({ r1: ['z'] })
    const r = mount('gridr')
    check(r.el.querySelector('[aria-labelledby="q-gridr-r-r1"]')!, '4')
    check(r.el.querySelector('[aria-labelledby="q-gridr-r-r2"]')!, 'na')
    expect(r.answer()).toEqual({ r1: 4, r2: 'na' })
    const d = mount('gridd')
    const sels = d.el.querySelectorAll('select')
    expect(sels[0].getAttribute('aria-label')).toBe('甲 · 速度')
    choose(sels[0], 'x')
    choose(sels[1], 'y')
    expect(d.answer()).toEqual({ r1: { c1: 'x', c2: 'y' } })
    choose(sels[0], '')
    expect(d.answer()).toEqual({ r1: { c2: 'y' } })
  })

  it('dropdowns and cascades', () => {
    const d = mount('drop')
    choose(d.el.querySelector('select'), 'o')
    type(d.el.querySelector('.oth'), '邻居')
    expect(d.answer()).toEqual({ value: 'o', other: '邻居' })
    const c = mount('casc')
    const [brand, model] = c.el.querySelectorAll('select')
    expect(model.disabled).toBe(true)
    choose(brand, 'toyota')
    expect(c.answer()).toEqual(['toyota'])
    expect(model.disabled).toBe(false)
    choose(model, 'camry')
    expect(c.answer()).toEqual(['toyota', 'camry'])
    choose(brand, '')
    expect(c.answer()).toBeUndefined()
  })

  it('hotspots: regions are buttons placed on the image', () => {
    const s = mount('spot')
    const [l, r] = s.el.querySelectorAll('button.spot')
    expect((l as HTMLElement).style.width).toBe('50%')
    expect((r as HTMLElement).style.clipPath).toContain('polygon(')
    ;(r as HTMLButtonElement).click()
    expect(s.answer()).toBe('r')
    expect(r.getAttribute('aria-pressed')).toBe('true')
    ;(r as HTMLButtonElement).click()
    expect(s.answer()).toBeUndefined()
    const m = mount('spotm')
    const spots = m.el.querySelectorAll('button.spot')
    expect((spots[0] as HTMLElement).style.borderRadius).toBe('50%')
    ;(spots[1] as HTMLButtonElement).click()
    ;(spots[0] as HTMLButtonElement).click()
    expect(m.answer()).toEqual(['r', 'l'])
  })

  it('video: counts what was actually played', () => {
    const { el, answer } = mount('video')
    const v = el.querySelector('video')!
    Object.defineProperty(v, 'duration', { value: 10 })
    let t = 0
    Object.defineProperty(v, 'currentTime', { get: () => t })
    for (t = 0; t <= 6; t += 0.5) fire(v, 'timeupdate')
    expect(answer()).toEqual({ percent: 70, seconds: 6 })
    // A jump ahead is not watching.
    fire(v, 'seeking')
    t = 9.5
    fire(v, 'timeupdate')
    expect((answer() as { percent: number }).percent).toBe(70)
  })

  it('dates: single, time, ranges', () => {
    const d = mount('time')
    expect(d.el.querySelector('input')!.type).toBe('time')
    type(d.el.querySelector('input'), '08:30')
    expect(d.answer()).toBe('08:30')
    const r = mount('span')
    const [from, to] = r.el.querySelectorAll('input')
    type(from, '2024-01-01')
    type(to, '2024-01-31')
    expect(r.answer()).toEqual({ from: '2024-01-01', to: '2024-01-31' })
  })

  it('CBC and MaxDiff: tasks from the design', () => {
    const c = mount('cbc')
    const design = c.result().designs!.cbc as unknown[]
    const tasks = c.el.querySelectorAll('.task')
    expect(tasks).toHaveLength(2)
    check(tasks[0], '1')
    check(tasks[1], 'none')
    expect(c.answer()).toEqual({ tasks: design, choices: [1, 'none'] })
    const m = mount('md')
    const md = m.result().designs!.md as string[][]
    const t0 = m.el.querySelectorAll('.task')[0]
    const best = t0.querySelector(`input[name="q-md-0-best"][value="${md[0][0]}"]`)!
    ;(best as HTMLInputElement).checked = true
    fire(best, 'change')
    const worst = t0.querySelector(`input[name="q-md-0-worst"][value="${md[0][0]}"]`)!
    ;(worst as HTMLInputElement).checked = true
    fire(worst, 'change')
    // The same item cannot be both: choosing it as worst clears best.
    expect(m.answer()).toEqual({ tasks: md, best: [null, null], worst: [md[0][0], null] })
  })

  it('ranking: buttons move items and say where they went', () => {
    const { el, answer } = mount('rank')
    const labels = () => [...el.querySelectorAll('li .lbl')].map((x) => x.textContent)
    expect(labels()).toEqual(['甲', '乙', '丙'])
    const up = [...el.querySelectorAll('button')].find((b) => b.getAttribute('aria-label')?.startsWith('上移: 丙'))!
    up.click()
    expect(answer()).toEqual(['a', 'c', 'b'])
    expect(labels()).toEqual(['甲', '丙', '乙'])
    expect(announced[announced.length - 1]).toBe('“丙”现在排第 2 位')
    const keep = [...el.querySelectorAll('button')].find((b) => b.textContent === '保持此顺序')!
    expect(keep.hidden).toBe(true)
  })

  it('ranking: dragging an item by its grip puts it where it is dropped, and says so', () => {
    const { el, answer } = mount('rank')
    const lis = [...el.querySelectorAll('li')]
    // jsdom lays nothing out: items 42 px high, 8 px apart.
    lis.forEach((li, i) => (li.getBoundingClientRect = () => ({ top: i * 50, height: 42, bottom: i * 50 + 42, left: 0, right: 300, width: 300, x: 0, y: i * 50, toJSON: () => ({}) })))
    const grip = lis[0].querySelector('.grip')!
    expect(grip.getAttribute('aria-hidden')).toBe('true') // the buttons are the accessible path
    const ptr = (type: string, y: number) => grip.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, clientY: y, button: 0, pointerId: 1 }))
    ptr('pointerdown', 21)
    ptr('pointermove', 80)
    expect(lis[0].classList.contains('drag')).toBe(true)
    expect(lis[1].style.transform).toBe('translateY(-50px)') // 乙 makes room
    ptr('pointermove', 131)
    ptr('pointerup', 131)
    expect(answer()).toEqual(['b', 'c', 'a'])
    expect([...el.querySelectorAll('li .lbl')].map((x) => x.textContent)).toEqual(['乙', '丙', '甲'])
    expect(lis.every((li) => !li.style.transform && !li.classList.contains('drag'))).toBe(true)
    expect(announced[announced.length - 1]).toBe('“甲”现在排第 3 位')
    // A cancelled drag (the browser took the gesture) changes nothing.
    const g2 = lis[1].querySelector('.grip')!
    g2.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientY: 121, button: 0 }))
    g2.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientY: 0 }))
    g2.dispatchEvent(new PointerEvent('pointercancel', { bubbles: true, clientY: 0 }))
    expect(answer()).toEqual(['b', 'c', 'a'])
  })

  it('errors show inline, marked on the controls', () => {
    const { el } = mount('email')
    const v = el as HTMLElement
    const input = v.querySelector('input')!
    type(input, 'nope')
    expect(v.querySelector('.err')!.textContent).toBe('请输入有效的电子邮箱。')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(v.querySelector('.err')!.getAttribute('aria-live')).toBe('polite')
    type(input, 'a@b.cn')
    expect(v.querySelector('.err')!.textContent).toBe('')
    expect(input.hasAttribute('aria-invalid')).toBe(false)
  })

  it('descriptions have no controls', () => {
    const { el } = mount('desc')
    expect(el.querySelectorAll('input,select,textarea,button')).toHaveLength(0)
    expect(el.querySelector('[role]')).toBeNull()
  })
})
