// Choice answers (Go's answer_choice.go): single, multiple, flat dropdown,
// hotspot and ranking; cascading dropdowns; the city question.
import { type Value, text } from '../../logic'
import type { Evaluator } from '../evaluate'
import { type Handler, type Pending, type QState, fail, inOptionOrder, labelOf, setText } from '../qstate'
import { type Division, regionParent } from '../region'
import type { Option } from '../types'
import { isObj, own, runeLen, goTrim, sortedKeys } from '../util'

const texts = (v: Value): string[] => (v === null ? [] : Array.isArray(v) ? v.map(text) : [text(v)])

/** "A", ["A", "B"] or {"value": …, "other": "text"}. */
export class ChoiceAnswer implements Handler {
  codes: string[] = []
  other = ''
  constructor(
    readonly multi = false,
    readonly ranking = false,
  ) {}

  decode(_: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined) return
    let v = raw
    if (isObj(v)) {
      if (sortedKeys(v).some((k) => k !== 'value' && k !== 'other')) return fail(st, 'invalid')
      const o = own(v, 'other')
      if (o !== undefined && o !== null) {
        if (typeof o !== 'string') return fail(st, 'invalid')
        this.other = goTrim(o)
      }
      v = own(v, 'value') ?? null
    }
    let codes: string[] = []
    if (typeof v === 'string') {
      if (this.multi) return fail(st, 'invalid')
      if (v) codes = [v]
    } else if (Array.isArray(v)) {
      if (!this.multi) return fail(st, 'invalid')
      if (v.some((e) => typeof e !== 'string')) return fail(st, 'invalid')
      codes = v as string[]
    } else if (v !== null) {
      return fail(st, 'invalid')
    }
    const seen = new Set<string>()
    for (const c of codes) {
      const o = st.optIdx.get(c)
      if (!o) {
        fail(st, 'invalid_option')
        continue
      }
      if (seen.has(c)) {
        if (this.ranking) fail(st, 'invalid')
        continue
      }
      seen.add(c)
      if (o.visible) this.codes.push(c)
    }
    if (!this.ranking) this.codes = inOptionOrder(st.opts, this.codes)
  }

  assign(_: Evaluator, st: QState, ps: Pending[]): void {
    for (const p of ps) {
      if (p.tick) {
        if (!st.optIdx.has(p.tick)) continue
        if (!this.multi) this.codes = [p.tick]
        else if (!this.codes.includes(p.tick)) this.codes.push(p.tick)
        continue
      }
      const kept = [...new Set(texts(p.value).filter((c) => st.optIdx.has(c)))]
      this.codes = !this.multi && kept.length > 1 ? kept.slice(0, 1) : kept
    }
    if (!this.ranking) this.codes = inOptionOrder(st.opts, this.codes)
  }

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    const codes = this.codes
    const otherOpt = codes.map((c) => st.optIdx.get(c)!).filter((o) => o.other).pop()
    if (!otherOpt) this.other = ''
    st.selected = codes
    st.other = this.other
    const v = q.validation ?? {}
    const n = codes.length
    if (!n) {
      if (q.required) fail(st, 'required')
    } else if (this.ranking) {
      const lo = v.min_select ?? (q.required ? st.opts.filter((o) => o.visible).length : 0)
      checkCount(st, n, lo, v.max_select)
    } else if (this.multi) {
      checkCount(st, n, v.min_select ?? 0, v.max_select)
      for (const c of codes) if (st.optIdx.get(c)!.exclusive && n > 1) fail(st, 'exclusive')
    }
    if (otherOpt && !this.other && !otherOpt.otherOptional) fail(st, 'other_required')
    if (otherOpt && v.max_length != null && runeLen(this.other) > v.max_length) fail(st, 'too_long')
    if (!n) return
    setText(ev, st, '', (loc) => {
      const ls = codes.map((c) => labelOf(ev, st.optIdx.get(c)!, loc))
      return this.multi ? ls : ls[0]
    })
    st.values.set('', this.multi ? codes : codes[0])
    if (this.ranking) codes.forEach((c, i) => st.values.set(c, i + 1))
    const val = this.multi ? codes : codes[0]
    st.clean = this.other ? { value: val, other: this.other } : val
    if (st.visible) st.optionJump = q.options?.find((o) => o.jump && codes.includes(o.code))?.jump ?? null
  }
}

function checkCount(st: QState, n: number, lo: number, hi: number | undefined): void {
  if (n < lo) fail(st, 'too_few')
  if (hi != null && n > hi) fail(st, 'too_many')
}

/** A list of strings (null is an empty list), else undefined. */
export function stringList(v: unknown): string[] | undefined {
  if (v === null) return []
  return Array.isArray(v) && v.every((e) => typeof e === 'string') ? (v as string[]) : undefined
}

/** A cascading dropdown: a path of codes, one per level. */
export class CascadeAnswer implements Handler {
  path: Option[] = []

  decode(ev: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined) return
    const codes = stringList(raw)
    if (!codes) return fail(st, 'invalid')
    this.set(ev, st, codes)
  }

  set(ev: Evaluator, st: QState, codes: string[]): void {
    this.path = []
    const { q, path } = st.qf
    const levels = q.levels ?? []
    let level = q.options ?? []
    for (let i = 0; i < codes.length; i++) {
      if (i >= levels.length) return fail(st, 'invalid')
      const found = level.find((o) => o.code === codes[i])
      if (!found) return fail(st, 'invalid_option', levels[i].id)
      if (st.visible && !ev.cond(found.display, path + '.options.display')) return // a hidden option ends the path
      this.path.push(found)
      level = found.children ?? []
    }
  }

  assign(ev: Evaluator, st: QState, ps: Pending[]): void {
    for (const p of ps) if (Array.isArray(p.value)) this.set(ev, st, p.value.map(text))
  }

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    const levels = q.levels ?? []
    const path = this.path
    if (!path.length) {
      if (q.required) fail(st, 'required')
      return
    }
    if (path.length < levels.length && path[path.length - 1].children?.length) {
      fail(st, 'incomplete', levels[path.length].id)
    }
    const codes = path.map((o) => o.code)
    path.forEach((o, i) => {
      st.values.set(levels[i].id, o.code)
      setText(ev, st, levels[i].id, (loc) => ev.resolve(o.label, loc))
    })
    st.values.set('', codes)
    setText(ev, st, '', (loc) => path.map((o) => ev.resolve(o.label, loc)).join(' / '))
    st.selected = codes
    st.clean = codes
    if (st.visible) st.optionJump = path.find((o) => o.jump)?.jump ?? null
  }
}

const CITY_LEVELS = ['province', 'city', 'district']

/** The city question: ["330000", "330100", "330106"] or {"codes": […]}. */
export class CityAnswer implements Handler {
  path: Division[] = []

  decode(ev: Evaluator, st: QState, raw: unknown): void {
    if (raw === undefined) return
    const codes = stringList(raw) ?? (isObj(raw) ? stringList(own(raw, 'codes') ?? null) : undefined)
    if (!codes) return fail(st, 'invalid')
    this.set(ev, st, codes)
  }

  set(ev: Evaluator, st: QState, codes: string[]): void {
    this.path = []
    const depth = cityDepth(st)
    let parent = ''
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]
      if (i >= depth) return fail(st, 'invalid')
      const list = regionParent(c) === parent ? ev.regions?.children(parent) : []
      if (!list) {
        // Ask for the lists of the later codes too, to load them in one round.
        for (const x of codes.slice(i)) {
          const p = regionParent(x)
          if (p !== undefined && !ev.regions?.children(p)) ev.missing.add(p)
        }
      }
      const d = list?.find((d) => d.code === c)
      if (!d) {
        fail(st, 'invalid_option', CITY_LEVELS[i])
        this.path = []
        return
      }
      this.path.push(d)
      parent = c
    }
  }

  assign(ev: Evaluator, st: QState, ps: Pending[]): void {
    for (const p of ps) if (Array.isArray(p.value)) this.set(ev, st, p.value.map(text))
  }

  finish(ev: Evaluator, st: QState): void {
    const q = st.qf.q
    const path = this.path
    const n = path.length
    if (!n) {
      if (q.required) fail(st, 'required')
      return
    }
    const depth = cityDepth(st)
    if (n < depth && path[n - 1].has_children) fail(st, 'incomplete', CITY_LEVELS[n])
    const codes = path.map((d) => d.code)
    const names = path.map((d) => d.name)
    path.forEach((d, i) => {
      st.values.set(CITY_LEVELS[i], d.code)
      setText(ev, st, CITY_LEVELS[i], () => d.name)
    })
    st.values.set('', codes)
    setText(ev, st, '', () => names.join(''))
    st.clean = { codes, names }
  }
}

function cityDepth(st: QState): number {
  const l = st.qf.q.city_level
  return l === 'province' ? 1 : l === 'city' ? 2 : 3
}
