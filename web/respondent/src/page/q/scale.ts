// Scales and grids: rating (number, star, smiley, NPS, N/A), slider and
// matrix (single, multiple, rating, dropdown cells).
import { matrixCell, matrixSet, ratingPoints, readMatrix, snap, toggle } from '../answers'
import { h, order } from '../dom'
import { fmt, type Messages } from '../i18n'
import type { Question } from '../types'
import type { Part, QCtx } from './ctx'

/** A face drawn in SVG (emoji differ between phones and some lack them): mood from 0 (angry) to 4 (delighted). */
function face(mood: number): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg'
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  const k = (mood - 2) * 2.2
  svg.innerHTML = `<circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="8.5" cy="9.5" r="1.4" fill="currentColor"/><circle cx="15.5" cy="9.5" r="1.4" fill="currentColor"/><path d="M7.5 ${16 - k / 2}Q12 ${16 + k} 16.5 ${16 - k / 2}" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>${mood ? '' : '<path d="M6 6l4 2M18 6l-4 2" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>'}`
  return svg
}

interface Scale {
  el: HTMLElement
  set(v: unknown): void
  focus(): void
}

/** One rating row: radios drawn as boxes, stars or faces, plus the N/A choice. */
function scale(c: QCtx, q: Question, name: string, onPick: (v: number | string) => void, labelledBy?: string): Scale {
  const m: Messages = c.m
  const pts = ratingPoints(q)
  const kind = q.scale || 'number'
  const inputs: HTMLInputElement[] = []
  const marks: HTMLElement[] = []
  const row = h('div', { class: `pts ${kind}`, role: 'radiogroup', 'aria-labelledby': labelledBy || null })
  pts.forEach((p, i) => {
    let look: string | Node = String(p)
    let label = String(p)
    if (kind === 'star') {
      look = '★'
      label = fmt(m.star, { n: p })
    } else if (kind === 'smiley') {
      const k = pts.length === 1 ? 2 : Math.round((i * 4) / (pts.length - 1))
      look = face(k)
      label = `${p} ${m[`smiley${k + 1}` as keyof Messages]}`
    }
    const input = h('input', { type: 'radio', class: 'sr', name, value: String(p), 'aria-label': label })
    input.addEventListener('change', () => onPick(p))
    const mark = h('span', { 'aria-hidden': 'true' }, look)
    inputs.push(input)
    marks.push(mark)
    row.appendChild(h('label', { class: 'pt' }, input, mark))
  })
  const minL = c.text(`${q.id}:min_label`, q.min_label)
  const maxL = c.text(`${q.id}:max_label`, q.max_label)
  const ends = minL || maxL ? h('div', { class: 'ends', 'aria-hidden': 'true' }, h('span', null, minL), h('span', null, maxL)) : null
  if (ends) {
    inputs[0].setAttribute('aria-label', `${inputs[0].getAttribute('aria-label')} ${minL}`.trim())
    const last = inputs[inputs.length - 1]
    last.setAttribute('aria-label', `${last.getAttribute('aria-label')} ${maxL}`.trim())
  }
  let na: HTMLInputElement | null = null
  if (q.na) {
    const code = q.na.code
    na = h('input', { type: 'radio', class: 'sr', name, value: code })
    na.addEventListener('change', () => onPick(code))
    row.appendChild(h('label', { class: 'pt na' }, na, h('span', null, c.text(`${q.id}.${code}`, q.na.label))))
  }
  return {
    el: h('div', { class: 'scale' }, row, ends),
    set(v) {
      inputs.forEach((inp, i) => {
        inp.checked = v === pts[i]
        marks[i].parentElement!.classList.toggle('on', kind === 'star' ? typeof v === 'number' && pts[i] <= v : v === pts[i])
      })
      if (na) na.checked = v === q.na!.code
    },
    focus: () => (inputs.find((i) => i.checked) || inputs[0]).focus(),
  }
}

export function rating(c: QCtx): Part {
  const s = scale(c, c.q, c.id, (v) => c.set(v, true), c.titleId)
  return { el: s.el, update: () => s.set(c.get()), focus: s.focus }
}

/** slider: unanswered until the respondent moves it (or presses a key on it). */
export function slider(c: QCtx): Part {
  const q = c.q
  const min = q.min ?? 0
  const max = q.max ?? 100
  const step = q.step ?? 1
  const r = h('input', { type: 'range', min, max, step, 'aria-labelledby': c.titleId })
  const out = h('output', { class: 'val', 'aria-hidden': 'true' })
  const pick = () => c.set(snap(Number(r.value), min, max, step), true)
  r.addEventListener('input', pick)
  r.addEventListener('pointerup', pick)
  r.addEventListener('keyup', (e) => {
    if (e.key !== 'Tab' && e.key !== 'Shift') pick()
  })
  const minL = c.text(`${q.id}:min_label`, q.min_label)
  const maxL = c.text(`${q.id}:max_label`, q.max_label)
  return {
    el: h('div', { class: 'slider' }, out, r, h('div', { class: 'ends' }, h('span', null, minL || String(min)), h('span', null, maxL || String(max)))),
    update() {
      const v = c.get()
      const set = typeof v === 'number'
      if (set && document.activeElement !== r) r.value = String(v)
      if (!set) r.value = String(snap((min + max) / 2, min, max, step))
      r.classList.toggle('unset', !set)
      out.textContent = set ? String(v) : c.m.noAnswer
      r.setAttribute('aria-valuetext', set ? String(v) : `${c.m.noAnswer}. ${c.m.sliderHint}`)
    },
    focus: () => r.focus(),
  }
}

/** matrix: one block per row (a table does not fit 360 px), columns as choices. */
export function matrix(c: QCtx): Part {
  const q = c.q
  const kind = q.matrix || 'single'
  const blocks = new Map<string, { el: HTMLElement; leg: HTMLElement; update(): void; focus(): void }>()
  const body = h('div', { class: 'mx' })
  const colLabel = (code: string) => c.text(`${q.id}.${code}`, q.columns?.find((x) => x.code === code)?.label)
  const exclusive = (code: string) => !!q.columns?.find((x) => x.code === code)?.exclusive

  function block(row: string) {
    let b = blocks.get(row)
    if (b) return b
    const legId = `${c.id}-r-${row}`
    const leg = h('div', { class: 'rl', id: legId })
    const name = `${c.id}-${row}`
    const get = () => readMatrix(c.get())[row]
    const put = (v: unknown) => c.set(matrixSet(c.get(), row, v), true)
    let inner: HTMLElement
    let update: () => void
    let focus: () => void
    if (kind === 'rating') {
      const s = scale(c, q, name, put, legId)
      inner = s.el
      update = () => s.set(get())
      focus = s.focus
    } else if (kind === 'dropdown') {
      const sels = new Map<string, HTMLSelectElement>()
      inner = h('div', { class: 'cells' })
      const sel = (col: string) => {
        let s = sels.get(col)
        if (!s) {
          s = h('select', null, h('option', { value: '' }, c.m.choose))
          for (const o of q.options || []) s.appendChild(h('option', { value: o.code }, c.text('', o.label)))
          s.addEventListener('change', () => c.set(matrixCell(c.get(), row, col, s!.value || null), true))
          sels.set(col, s)
        }
        return s
      }
      const labels = new Map<string, HTMLElement>()
      update = () => {
        const cells = (get() || {}) as Record<string, string>
        order(inner, c.columns().map((col) => {
          let l = labels.get(col)
          if (!l) labels.set(col, (l = h('label', { class: 'lvl' }, h('span'), sel(col))))
          l.firstChild!.textContent = colLabel(col)
          sel(col).value = cells[col] || ''
          sel(col).setAttribute('aria-label', `${leg.textContent} · ${colLabel(col)}`)
          return l
        }))
      }
      focus = () => inner.querySelector('select')?.focus()
    } else {
      const multi = kind === 'multiple'
      inner = h('div', { class: 'opts row', role: multi ? 'group' : 'radiogroup', 'aria-labelledby': legId })
      const inputs = new Map<string, HTMLLabelElement>()
      const opt = (col: string) => {
        let l = inputs.get(col)
        if (!l) {
          const input = h('input', { type: multi ? 'checkbox' : 'radio', name, value: col })
          input.addEventListener('change', () => {
            if (!multi) return put(col)
            const cur = (Array.isArray(get()) ? get() : []) as string[]
            put(toggle(cur, col, input.checked, exclusive))
          })
          inputs.set(col, (l = h('label', { class: 'opt' }, input, h('span', { class: 'lbl' }))))
        }
        return l
      }
      update = () => {
        const v = get()
        order(inner, c.columns().map((col) => {
          const l = opt(col)
          ;(l.lastChild as HTMLElement).textContent = colLabel(col)
          ;(l.firstChild as HTMLInputElement).checked = multi ? Array.isArray(v) && v.includes(col) : v === col
          return l
        }))
      }
      focus = () => inner.querySelector('input')?.focus()
    }
    b = { el: h('div', { class: 'mrow' }, leg, inner), leg, update, focus }
    blocks.set(row, b)
    return b
  }

  return {
    el: body,
    update() {
      const rows = c.rows()
      order(body, rows.map((r) => block(r).el))
      for (const r of rows) {
        const b = block(r)
        b.leg.textContent = c.text(`${q.id}.${r}`, q.rows?.find((x) => x.id === r)?.label || c.option(r)?.label)
        b.update()
      }
    },
    focus: () => {
      const first = c.rows()[0]
      if (first) block(first).focus()
    },
  }
}
