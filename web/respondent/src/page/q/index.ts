// A question on screen: title, description, the type's widget and its
// inline error, kept in step with the engine's result.
import { h } from '../dom'
import { errorMessage, resolve } from '../i18n'
import { rich } from '../rich'
import type { AnswerError } from '../types'
import { choice, dropdown, hotspot, ranking } from './choice'
import type { Part, QCtx, Renderer } from './ctx'
import { matrix, rating, slider } from './scale'
import { cbc, city, description, maxdiff, video } from './special'
import { blanks, date, text } from './text'

export const RENDERERS: Record<string, Renderer> = {
  single: (c) => choice(c, false),
  multiple: (c) => choice(c, true),
  text,
  blanks,
  rating,
  slider,
  matrix,
  city,
  dropdown,
  hotspot,
  video,
  date,
  cbc,
  maxdiff,
  ranking,
  description,
}

export interface QView {
  el: HTMLElement
  /** Re-reads texts, options and the answer; shows err when given. */
  update(err: AnswerError | null): void
  focus(): void
}

export function questionView(c: QCtx): QView {
  const q = c.q
  const part: Part = (RENDERERS[q.type] || description)(c)
  const title = h('div', { class: 'qt', id: c.titleId })
  const desc = h('div', { class: 'qd', id: `${c.id}-d` })
  const err = h('p', { class: 'err', id: `${c.id}-e`, 'aria-live': 'polite' })
  const answered = q.type !== 'description'
  const el = h(
    'section',
    { class: 'q', id: c.id, 'data-q': q.id, 'data-type': q.type },
    h('div', { class: 'qh' }, title, q.required && answered ? h('span', { class: 'req' }, '*', h('span', { class: 'sr' }, c.m.required)) : null),
    desc,
    h('div', { class: 'qb', role: answered ? part.role || 'group' : null, 'aria-labelledby': answered ? c.titleId : null, 'aria-describedby': answered ? `${c.id}-d ${c.id}-e` : null, 'aria-required': q.required && part.role === 'radiogroup' ? 'true' : null }, part.el),
    err,
  )
  if (q.required) for (const x of el.querySelectorAll('input:not([type=radio]):not([type=checkbox]),select,textarea')) x.setAttribute('aria-required', 'true')
  let lastTitle: string | null = null
  let lastDesc: string | null = null
  let lastErr = ''
  return {
    el,
    update(e) {
      const t = c.text(q.id, q.title)
      if (t !== lastTitle) {
        if (part.title) part.title(title, t)
        else title.replaceChildren(rich(t))
        lastTitle = t
      }
      const d = c.text(`${q.id}:description`)
      if (d !== lastDesc) {
        desc.replaceChildren(rich(d))
        desc.hidden = !d
        lastDesc = d
      }
      part.update()
      const msg = e ? message(c, e) : ''
      if (msg !== lastErr) {
        err.textContent = msg
        lastErr = msg
        el.classList.toggle('bad', !!msg)
        for (const x of el.querySelectorAll('input,select,textarea')) {
          if (msg) x.setAttribute('aria-invalid', 'true')
          else x.removeAttribute('aria-invalid')
        }
      }
    },
    focus: () => part.focus(),
  }
}

function message(c: QCtx, e: AnswerError): string {
  const q = c.q
  let v = q.validation
  let item = ''
  if (e.item) {
    const blank = q.blanks?.find((b) => b.id === e.item)
    if (blank) v = blank.validation
    const id = e.item.split('__')[0]
    if (!/^t\d+$/.test(id) || q.type === 'matrix') item = c.text(`${q.id}.${id}`, q.rows?.find((r) => r.id === id)?.label || blank?.label)
  }
  const rule = e.code === 'custom' && e.rule != null ? v?.rules?.[e.rule]?.message : undefined
  return errorMessage(c.m, e, v, {
    item,
    watch: q.min_watch_percent,
    step: q.step,
    best: c.text(`${q.id}:best_label`, q.best_label),
    worst: c.text(`${q.id}:worst_label`, q.worst_label),
    custom: rule ? resolve(rule, c.locale, c.def) : undefined,
    pattern: v?.pattern_message ? resolve(v.pattern_message, c.locale, c.def) : undefined,
  })
}
