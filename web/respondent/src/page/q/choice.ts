// Choice questions: single, multiple, dropdown (flat and cascading),
// ranking and image hotspot.
import { choiceAnswer, move, moveTo, multiAnswer, pathAnswer, rankingOrder, readChoice, readMulti, readPath, toggle } from '../answers'
import { fill, h, order } from '../dom'
import { fmt } from '../i18n'
import type { Option } from '../types'
import type { Part, QCtx } from './ctx'

interface Row {
  el: HTMLElement
  input: HTMLInputElement
  lbl: HTMLElement
  other?: HTMLInputElement
}

/** single and multiple: radios or checkboxes, with images, exclusive and "other, please specify". */
export function choice(c: QCtx, multi: boolean): Part {
  const rows = new Map<string, Row>()
  const body = h('div', { class: 'opts' + (c.q.options?.some((o) => o.image) ? ' pics' : '') })
  const own = (code: string) => c.q.options?.find((o) => o.code === code)
  const otherCode = c.q.options?.find((o) => o.other)?.code
  const state = () => (multi ? readMulti(c.get()) : (({ code, other }) => ({ codes: code ? [code] : [], other }))(readChoice(c.get())))
  const commit = (codes: string[], other: string, touched = true) =>
    c.set(multi ? multiAnswer(codes, other, otherCode) : choiceAnswer(codes[0] ?? null, other, codes[0] === otherCode), touched)

  function row(code: string): Row {
    let r = rows.get(code)
    if (r) return r
    const o = c.option(code)
    const input = h('input', { type: multi ? 'checkbox' : 'radio', name: c.id, value: code })
    const lbl = h('span', { class: 'lbl' })
    const el = h('div', { class: 'opt' }, h('label', null, input, o?.image ? h('img', { src: o.image, alt: '', loading: 'lazy' }) : null, lbl))
    input.addEventListener('change', () => {
      const s = state()
      const codes = multi ? toggle(s.codes, code, input.checked, (x) => !!own(x)?.exclusive) : [code]
      commit(codes, s.other)
      if (code === otherCode && input.checked) r!.other?.focus()
    })
    r = { el, input, lbl }
    if (own(code)?.other) {
      const other = h('input', { type: 'text', class: 'oth', autocomplete: 'off' })
      other.addEventListener('input', () => {
        const s = state()
        commit(s.codes.includes(code) ? s.codes : multi ? toggle(s.codes, code, true, (x) => !!own(x)?.exclusive) : [code], other.value, false)
      })
      other.addEventListener('blur', () => c.touch())
      if (c.q.validation?.max_length) other.maxLength = c.q.validation.max_length
      el.appendChild(other)
      r.other = other
    }
    rows.set(code, r)
    return r
  }

  return {
    el: body,
    role: multi ? 'group' : 'radiogroup',
    update() {
      const s = state()
      const vis = c.options()
      order(body, vis.map((code) => row(code).el))
      for (const code of vis) {
        const r = row(code)
        const label = c.text(`${c.q.id}.${code}`, c.option(code)?.label)
        r.lbl.textContent = label
        r.input.checked = s.codes.includes(code)
        if (r.other) {
          r.other.hidden = !r.input.checked
          r.other.setAttribute('aria-label', fmt(c.m.otherOf, { label }))
          r.other.placeholder = c.m.other
          if (document.activeElement !== r.other) r.other.value = s.other
        }
      }
    },
    focus() {
      const vis = c.options()
      ;(vis.map((x) => row(x).input).find((i) => i.checked) || (vis[0] ? row(vis[0]).input : null))?.focus()
    },
  }
}

function select(label: string, placeholder: string): HTMLSelectElement {
  const s = h('select', { 'aria-label': label || null })
  s.appendChild(h('option', { value: '' }, placeholder))
  return s
}

function setOptions(s: HTMLSelectElement, items: { code: string; label: string }[], value: string) {
  const key = items.map((i) => i.code + '\u0000' + i.label).join('\u0001')
  if (s.dataset.k !== key) {
    const first = s.options[0]
    fill(s, first, items.map((i) => h('option', { value: i.code }, i.label)))
    s.dataset.k = key
  }
  s.value = items.some((i) => i.code === value) ? value : ''
}

/** dropdown: one select; with levels, one select per level over nested children. */
export function dropdown(c: QCtx): Part {
  const q = c.q
  if (q.levels?.length) return cascade(c)
  const s = select('', '')
  s.setAttribute('aria-labelledby', c.titleId)
  const otherCode = q.options?.find((o) => o.other)?.code
  const other = otherCode ? h('input', { type: 'text', class: 'oth', autocomplete: 'off' }) : null
  const commit = (touched: boolean) => c.set(choiceAnswer(s.value || null, other?.value || '', s.value === otherCode), touched)
  s.addEventListener('change', () => commit(true))
  other?.addEventListener('input', () => commit(false))
  other?.addEventListener('blur', () => c.touch())
  return {
    el: h('div', { class: 'sel' }, s, other),
    update() {
      const a = readChoice(c.get())
      s.options[0].textContent = c.text(`${q.id}:placeholder`, q.placeholder) || c.m.choose
      setOptions(s, c.options().map((code) => ({ code, label: c.text(`${q.id}.${code}`, c.option(code)?.label) })), a.code || '')
      if (other) {
        other.hidden = s.value !== otherCode
        other.setAttribute('aria-label', fmt(c.m.otherOf, { label: c.text(`${q.id}.${otherCode}`) }))
        if (document.activeElement !== other) other.value = a.other
      }
    },
    focus: () => s.focus(),
  }
}

function cascade(c: QCtx): Part {
  const q = c.q
  const levels = q.levels || []
  const sels = levels.map(() => select('', c.m.choose))
  const wrap = h('div', { class: 'casc' }, levels.map((l, i) => h('label', { class: 'lvl' }, h('span', null, c.text(`${q.id}.${l.id}`, l.label)), sels[i])))
  sels.forEach((s, i) =>
    s.addEventListener('change', () => {
      const path = readPath(c.get()).slice(0, i)
      c.set(pathAnswer([...path, s.value]), true)
    }),
  )
  return {
    el: wrap,
    update() {
      const path = readPath(c.get())
      let list: Option[] | undefined = (q.options || []).filter((o) => c.options().includes(o.code))
      sels.forEach((s, i) => {
        const items = (list || []).map((o) => ({ code: o.code, label: c.text(i ? '' : `${q.id}.${o.code}`, o.label) }))
        setOptions(s, items, path[i] || '')
        s.disabled = !items.length
        ;(s.parentElement as HTMLElement).hidden = i > 0 && !items.length
        list = list?.find((o) => o.code === path[i])?.children
      })
    },
    focus: () => sels[0].focus(),
  }
}

/**
 * ranking: an ordered list. Up/down buttons work with keyboard, touch and
 * screen readers; each item also has a grip to drag it into place with a
 * finger or the mouse (Pointer Events, issue #5). Every move is announced.
 */
export function ranking(c: QCtx): Part {
  const list = h('ol', { class: 'rank' })
  const keep = h('button', { type: 'button', class: 'link' }, c.m.keepOrder)
  const items = new Map<string, { li: HTMLElement; n: HTMLElement; lbl: HTMLElement; up: HTMLButtonElement; down: HTMLButtonElement }>()
  const current = () => rankingOrder(c.get(), c.options())
  keep.addEventListener('click', () => c.set(current(), true))
  function item(code: string) {
    let it = items.get(code)
    if (it) return it
    const n = h('span', { class: 'n', 'aria-hidden': 'true' })
    const lbl = h('span', { class: 'lbl' })
    const up = h('button', { type: 'button', class: 'mv' }, '↑')
    const down = h('button', { type: 'button', class: 'mv' }, '↓')
    const go = (d: number, btn: HTMLButtonElement) => {
      const cur = current()
      const i = cur.indexOf(code)
      const next = move(cur, i, d)
      if (next === cur) return
      c.set(next, true)
      c.announce(fmt(c.m.rankedAt, { label: lbl.textContent || '', n: i + d + 1 }))
      // Keep focus on the same button of the moved item, or its other button at an end.
      ;(btn.disabled ? (btn === up ? down : up) : btn).focus()
    }
    up.addEventListener('click', () => go(-1, up))
    down.addEventListener('click', () => go(1, down))
    const grip = h('span', { class: 'grip', 'aria-hidden': 'true', title: c.m.dragToRank }, '⠿')
    const li = h('li', null, grip, n, lbl, h('span', { class: 'mvs' }, up, down))
    grip.addEventListener('pointerdown', (e) => drag(e, code, li, grip))
    it = { li, n, lbl, up, down }
    items.set(code, it)
    return it
  }
  // Dragging: the item follows the pointer, the others make room, and the
  // drop sets the new order. Positions are measured once at the start.
  function drag(e: PointerEvent, code: string, li: HTMLElement, grip: HTMLElement) {
    if (e.button !== 0) return
    e.preventDefault()
    grip.setPointerCapture?.(e.pointerId)
    const cur = current()
    const from = cur.indexOf(code)
    const lis = cur.map((x) => item(x).li)
    const mids = lis.map((x) => {
      const r = x.getBoundingClientRect()
      return r.top + r.height / 2
    })
    const step = cur.length > 1 ? Math.abs(mids[from === 0 ? 1 : from] - mids[from === 0 ? 0 : from - 1]) : 0
    const y0 = e.clientY
    let to = from
    li.classList.add('drag')
    const move = (ev: PointerEvent) => {
      const dy = ev.clientY - y0
      const y = mids[from] + dy
      to = mids.filter((m, i) => i !== from && m < y).length
      lis.forEach((x, i) => {
        const shift = i === from ? dy : from < to && i > from && i <= to ? -step : from > to && i >= to && i < from ? step : 0
        x.style.transform = shift ? `translateY(${shift}px)` : ''
      })
    }
    const end = (ev: PointerEvent) => {
      grip.removeEventListener('pointermove', move)
      grip.removeEventListener('pointerup', end)
      grip.removeEventListener('pointercancel', end)
      li.classList.remove('drag')
      for (const x of lis) x.style.transform = ''
      if (ev.type === 'pointercancel' || to === from) return
      c.set(moveTo(cur, from, to), true)
      c.announce(fmt(c.m.rankedAt, { label: item(code).lbl.textContent || '', n: to + 1 }))
    }
    grip.addEventListener('pointermove', move)
    grip.addEventListener('pointerup', end)
    grip.addEventListener('pointercancel', end)
  }
  return {
    el: h('div', null, list, keep),
    update() {
      const cur = current()
      order(list, cur.map((code) => item(code).li))
      cur.forEach((code, i) => {
        const it = item(code)
        const label = c.text(`${c.q.id}.${code}`, c.option(code)?.label)
        it.lbl.textContent = label
        it.n.textContent = String(i + 1)
        it.up.disabled = i === 0
        it.down.disabled = i === cur.length - 1
        it.up.setAttribute('aria-label', `${c.m.moveUp}: ${label}, ${fmt(c.m.rank, { n: i + 1 })}`)
        it.down.setAttribute('aria-label', `${c.m.moveDown}: ${label}, ${fmt(c.m.rank, { n: i + 1 })}`)
      })
      keep.hidden = c.get() != null
    },
    focus: () => (list.querySelector('button:not([disabled])') as HTMLButtonElement | null)?.focus(),
  }
}

/** hotspot: tappable regions over an image; each region is a button. */
export function hotspot(c: QCtx): Part {
  const q = c.q
  const multi = !!q.multiple
  const img = h('img', { src: q.image || '', alt: '' })
  const box = h('div', { class: 'hot' }, img)
  const chosen = h('p', { class: 'hint', 'aria-live': 'polite' })
  const btns = new Map<string, HTMLButtonElement>()
  let ratio = 1 // height / width of the image, for circles
  const codes = () => (multi ? readMulti(c.get()).codes : ([readChoice(c.get()).code].filter(Boolean) as string[]))
  function place(b: HTMLElement, o: Option) {
    const r = o.region
    if (!r) return
    const k = r.coords
    const pct = (x: number) => `${(x * 100).toFixed(3)}%`
    let x = 0, y = 0, w = 0, hh = 0
    if (r.shape === 'rect') [x, y, w, hh] = k
    else if (r.shape === 'circle') {
      ;[x, y, w, hh] = [k[0] - k[2], k[1] - k[2] / ratio, 2 * k[2], (2 * k[2]) / ratio]
      b.style.borderRadius = '50%'
    } else {
      const xs = k.filter((_, i) => i % 2 === 0)
      const ys = k.filter((_, i) => i % 2 === 1)
      x = Math.min(...xs)
      y = Math.min(...ys)
      w = Math.max(...xs) - x
      hh = Math.max(...ys) - y
      b.style.clipPath = `polygon(${xs.map((px, i) => `${pct((px - x) / (w || 1))} ${pct((ys[i] - y) / (hh || 1))}`).join(',')})`
    }
    Object.assign(b.style, { left: pct(x), top: pct(y), width: pct(w), height: pct(hh) })
  }
  function btn(code: string) {
    let b = btns.get(code)
    if (b) return b
    b = h('button', { type: 'button', class: 'spot' })
    b.addEventListener('click', () => {
      const cur = codes()
      if (multi) c.set(multiAnswer(toggle(cur, code, !cur.includes(code), () => false)), true)
      else c.set(cur[0] === code ? null : code, true)
    })
    btns.set(code, b)
    return b
  }
  img.addEventListener('load', () => {
    if (img.naturalWidth) ratio = img.naturalHeight / img.naturalWidth
    part.update()
  })
  const part: Part = {
    el: h('div', null, box, chosen),
    update() {
      const cur = codes()
      const vis = c.options()
      order(box, [img, ...vis.map(btn)])
      const names: string[] = []
      for (const code of vis) {
        const b = btn(code)
        const label = c.text(`${q.id}.${code}`, c.option(code)?.label)
        b.setAttribute('aria-label', label)
        b.title = label
        b.setAttribute('aria-pressed', String(cur.includes(code)))
        const o = q.options?.find((x) => x.code === code)
        if (o) place(b, o)
        if (cur.includes(code)) names.push(label)
      }
      chosen.textContent = names.length ? names.join('、') : c.m.hotspotHint
    },
    focus: () => btns.values().next().value?.focus(),
  }
  return part
}
