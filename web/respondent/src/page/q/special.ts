// City (lazily loaded GB/T 2260 levels), video, CBC, MaxDiff, description.
import { cbcAnswer, maxdiffAnswer, pathAnswer, readCBC, readMaxDiff, readPath, videoAnswer } from '../answers'
import { regions, type Region } from '../api'
import { fill, h } from '../dom'
import { fmt, type Messages } from '../i18n'
import type { Part, QCtx } from './ctx'

const DEPTH: Record<string, number> = { province: 1, city: 2, district: 3 }

/** city: one select per level; each level's divisions are fetched when needed. */
export function city(c: QCtx): Part {
  const depth = DEPTH[c.q.city_level || 'district'] || 3
  const names: (keyof Messages)[] = ['province', 'city', 'district']
  const sels = names.slice(0, depth).map(() => h('select', null, h('option', { value: '' }, c.m.choose)))
  const labels = sels.map((s, i) => h('label', { class: 'lvl' }, h('span', null, c.m[names[i]]), s))
  const loaded: (string | null)[] = sels.map(() => null) // the parent each select shows children of
  let seq = 0
  sels.forEach((s, i) =>
    s.addEventListener('change', () => {
      const path = readPath(c.get()).slice(0, i)
      c.set(pathAnswer([...path, s.value]), true)
    }),
  )
  async function sync() {
    const n = ++seq
    const path = readPath(c.get())
    for (let i = 0; i < sels.length; i++) {
      const parent = i === 0 ? '' : path[i - 1]
      const s = sels[i]
      if (i > 0 && !parent) {
        labels[i].hidden = true
        s.value = ''
        continue
      }
      let list: Region[]
      try {
        list = await regions(parent)
      } catch {
        return // offline: the respondent can retry by choosing again
      }
      if (n !== seq) return
      if (loaded[i] !== parent) {
        fill(s, h('option', { value: '' }, c.m.choose), list.map((r) => h('option', { value: r.code }, r.name)))
        loaded[i] = parent
      }
      labels[i].hidden = i > 0 && !list.length
      s.value = path[i] && list.some((r) => r.code === path[i]) ? path[i] : ''
      if (!list.length) break
    }
  }
  return { el: h('div', { class: 'casc' }, labels), update: () => void sync(), focus: () => sels[0].focus() }
}

/** video: records the share of the video actually played and the seconds watched. */
export function video(c: QCtx): Part {
  const q = c.q
  const v = h('video', { src: q.video || '', poster: q.poster || null, controls: true, playsinline: true, 'webkit-playsinline': true, 'x5-playsinline': true, preload: 'metadata', 'aria-labelledby': c.titleId })
  const status = h('p', { class: 'hint' })
  const seen = new Set<number>() // whole seconds played
  let last = -1
  let played = 0
  const prev = () => {
    const a = c.get() as { percent?: number; seconds?: number } | null
    return { percent: a?.percent || 0, seconds: a?.seconds || 0 }
  }
  const base = prev()
  v.addEventListener('timeupdate', () => {
    const t = v.currentTime
    if (last >= 0 && t > last && t - last < 2) {
      played += t - last
      for (let s = Math.floor(last); s <= Math.floor(t); s++) seen.add(s)
    }
    last = t
    const d = v.duration
    if (!(d > 0) || !isFinite(d)) return
    const pct = Math.max(base.percent, Math.min(100, (seen.size / Math.ceil(d)) * 100))
    const ans = videoAnswer(pct, base.seconds + played) as { percent: number; seconds: number }
    const cur = prev()
    if (ans.percent !== cur.percent || ans.seconds !== cur.seconds) c.set(ans, ans.percent >= (q.min_watch_percent || 0))
  })
  v.addEventListener('seeking', () => (last = -1))
  return {
    el: h('div', { class: 'vid' }, v, status),
    update() {
      const p = prev().percent
      const need = q.min_watch_percent || 0
      status.textContent = fmt(c.m.watched, { p }) + (need && p < need ? ` · ${fmt(c.m.watchAtLeast, { p: need })}` : '')
    },
    focus: () => v.focus(),
  }
}

type CBCDesign = Record<string, string>[][]

/** cbc: for each task, concepts from the engine's design; choose one or "none". */
export function cbc(c: QCtx): Part {
  const q = c.q
  const body = h('div', { class: 'tasks' })
  let key = ''
  let inputs: HTMLInputElement[][] = []
  const design = () => (c.result().designs?.[q.id] as CBCDesign | undefined) || []
  function build(d: CBCDesign) {
    inputs = []
    const none = c.text(`${q.id}:none_label`, q.none_label)
    fill(body, d.map((task, t) => {
      const legId = `${c.id}-t${t}`
      const row: HTMLInputElement[] = []
      const pick = (v: number | 'none') => {
        const ch = readCBC(c.get(), d.length)
        ch[t] = v
        c.set(cbcAnswer(d, ch), true)
      }
      const concepts = task.map((concept, i) => {
        const input = h('input', { type: 'radio', name: `${c.id}-${t}`, value: String(i) })
        input.addEventListener('change', () => pick(i))
        row.push(input)
        return h('label', { class: 'card' }, input, h('b', null, fmt(c.m.concept, { n: i + 1 })),
          h('dl', null, (q.attributes || []).map((a) => [h('dt', null, c.text(`${q.id}.${a.id}`, a.label)),
            h('dd', null, c.text(`${q.id}.${a.id}.${concept[a.id]}`, a.levels.find((l) => l.id === concept[a.id])?.label))])))
      })
      let noneEl: HTMLElement | null = null
      if (none) {
        const input = h('input', { type: 'radio', name: `${c.id}-${t}`, value: 'none' })
        input.addEventListener('change', () => pick('none'))
        row.push(input)
        noneEl = h('label', { class: 'opt' }, input, h('span', { class: 'lbl' }, none))
      }
      inputs.push(row)
      return h('div', { class: 'task', role: 'radiogroup', 'aria-labelledby': legId },
        h('p', { class: 'tl', id: legId }, fmt(c.m.task, { n: t + 1, t: d.length })), h('div', { class: 'cards' }, concepts), noneEl)
    }))
  }
  return {
    el: body,
    role: 'group',
    update() {
      const d = design()
      const k = JSON.stringify(d)
      if (k !== key) {
        build(d)
        key = k
      }
      const ch = readCBC(c.get(), d.length)
      inputs.forEach((row, t) => row.forEach((inp) => (inp.checked = inp.value === String(ch[t]))))
    },
    focus: () => inputs[0]?.[0]?.focus(),
  }
}

/** maxdiff: in each task, the best and the worst item. */
export function maxdiff(c: QCtx): Part {
  const q = c.q
  const body = h('div', { class: 'tasks' })
  let key = ''
  let radios: { best: HTMLInputElement; worst: HTMLInputElement; code: string }[][] = []
  const design = () => (c.result().designs?.[q.id] as string[][] | undefined) || []
  function build(d: string[][]) {
    const best = c.text(`${q.id}:best_label`, q.best_label) || c.m.best
    const worst = c.text(`${q.id}:worst_label`, q.worst_label) || c.m.worst
    radios = []
    fill(body, d.map((task, t) => {
      const legId = `${c.id}-t${t}`
      const row = task.map((code) => {
        const label = c.text(`${q.id}.${code}`, c.option(code)?.label)
        const mk = (which: 'best' | 'worst', text: string) => {
          const r = h('input', { type: 'radio', name: `${c.id}-${t}-${which}`, value: code, 'aria-label': `${text}: ${label}` })
          r.addEventListener('change', () => {
            const a = readMaxDiff(c.get(), d.length)
            a[which][t] = code
            const other = which === 'best' ? 'worst' : 'best'
            if (a[other][t] === code) a[other][t] = null
            c.set(maxdiffAnswer(d, a.best, a.worst), true)
          })
          return r
        }
        return { best: mk('best', best), worst: mk('worst', worst), code, label }
      })
      radios.push(row)
      return h('div', { class: 'task md', role: 'group', 'aria-labelledby': legId },
        h('p', { class: 'tl', id: legId }, fmt(c.m.task, { n: t + 1, t: d.length })),
        h('div', { class: 'mdh', 'aria-hidden': 'true' }, h('span', null, best), h('span'), h('span', null, worst)),
        row.map((r) => h('div', { class: 'mdr' }, h('label', null, r.best), h('span', null, r.label), h('label', null, r.worst))))
    }))
  }
  return {
    el: body,
    update() {
      const d = design()
      const k = JSON.stringify(d)
      if (k !== key) {
        build(d)
        key = k
      }
      const a = readMaxDiff(c.get(), d.length)
      radios.forEach((row, t) => row.forEach((r) => ((r.best.checked = a.best[t] === r.code), (r.worst.checked = a.worst[t] === r.code))))
    },
    focus: () => radios[0]?.[0]?.best.focus(),
  }
}

export function description(): Part {
  return { el: h('span'), update() {}, focus() {} }
}
