// Typed answers: text (line, multiline, number, email, phone), blanks in a
// sentence, and dates (date, time, datetime, ranges).
import { blanksAnswer, dateAnswer, inputDate, readBlanks, readDate, readText, textAnswer } from '../answers'
import { h } from '../dom'
import { fmt } from '../i18n'
import { rich } from '../rich'
import type { Part, QCtx } from './ctx'

const KIND: Record<string, { type: string; mode?: string; auto?: string }> = {
  line: { type: 'text' },
  number: { type: 'text', mode: 'decimal' },
  email: { type: 'email', mode: 'email', auto: 'email' },
  phone: { type: 'tel', mode: 'tel', auto: 'tel' },
}

function field(input: string | undefined): HTMLInputElement {
  const k = KIND[input || 'line'] || KIND.line
  return h('input', { type: k.type, inputmode: k.mode, autocomplete: k.auto || 'off' })
}

export function text(c: QCtx): Part {
  const q = c.q
  const multiline = q.input === 'multiline'
  const el: HTMLInputElement | HTMLTextAreaElement = multiline ? h('textarea', { rows: 4 }) : field(q.input)
  el.setAttribute('aria-labelledby', c.titleId)
  const max = q.validation?.max_length
  const count = max ? h('span', { class: 'count', 'aria-hidden': 'true' }) : null
  if (max) el.maxLength = max
  const counted = () => count && (count.textContent = fmt(c.m.chars, { n: [...el.value].length, max }))
  el.addEventListener('input', () => {
    c.set(textAnswer(q.input, el.value), false)
    counted()
  })
  el.addEventListener('blur', () => c.touch())
  let first = true
  return {
    el: h('div', { class: 'txt' }, el, count),
    update() {
      el.placeholder = c.text(`${q.id}:placeholder`, q.placeholder)
      if (first) {
        el.value = readText(c.get())
        first = false
        counted()
      }
    },
    focus: () => el.focus(),
  }
}

/** blanks: inputs inside the title's sentence, one per [[id]]. */
export function blanks(c: QCtx): Part {
  const q = c.q
  const inputs = new Map<string, HTMLInputElement>()
  const values = () => {
    const out: Record<string, string> = {}
    inputs.forEach((i, id) => (out[id] = i.value))
    return out
  }
  for (const [n, b] of (q.blanks || []).entries()) {
    const i = field(b.input)
    i.className = 'blank'
    i.setAttribute('aria-label', c.text(`${q.id}.${b.id}`, b.label) || `${n + 1}`)
    if (b.validation?.max_length) i.maxLength = b.validation.max_length
    i.addEventListener('input', () => c.set(blanksAnswer(q, values()), false))
    i.addEventListener('blur', () => c.touch())
    inputs.set(b.id, i)
  }
  let first = true
  return {
    el: h('span'),
    title(el, html) {
      el.replaceChildren(rich(html, (id) => inputs.get(id) || null))
    },
    update() {
      if (first) {
        const v = readBlanks(c.get())
        inputs.forEach((i, id) => (i.value = v[id] || ''))
        first = false
      }
    },
    focus: () => inputs.values().next().value?.focus(),
  }
}

export function date(c: QCtx): Part {
  const q = c.q
  const mode = q.date_mode || 'date'
  const type = mode === 'time' ? 'time' : mode === 'datetime' ? 'datetime-local' : 'date'
  const mk = () => {
    const i = h('input', { type })
    const v = q.validation
    if (v?.min_date) i.min = inputDate(mode, v.min_date)
    if (v?.max_date) i.max = inputDate(mode, v.max_date)
    i.addEventListener('change', commit)
    i.addEventListener('input', commit)
    return i
  }
  const from = mk()
  const to = q.range ? mk() : null
  function commit() {
    c.set(dateAnswer(from.value, to?.value, !!q.range), true)
  }
  let el: HTMLElement
  if (to) {
    el = h('div', { class: 'range' }, h('label', { class: 'lvl' }, h('span', null, c.m.from), from), h('label', { class: 'lvl' }, h('span', null, c.m.to), to))
  } else {
    from.setAttribute('aria-labelledby', c.titleId)
    el = h('div', { class: 'txt' }, from)
  }
  return {
    el,
    update() {
      const v = readDate(c.get())
      if (document.activeElement !== from) from.value = inputDate(mode, v.from)
      if (to && document.activeElement !== to) to.value = inputDate(mode, v.to)
    },
    focus: () => from.focus(),
  }
}
