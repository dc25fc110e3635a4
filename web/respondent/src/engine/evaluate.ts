// The evaluator (§7): one forward pass over the survey in document order,
// a port of Go's internal/survey/evaluate.go.
import { type DateValue, type Env, type Ref, type Value, dateFromParts, evalBool, evaluate as evalExpr, kindOf, parseDate, text } from '../logic'
import { type Compiled, compile } from './definition'
import { type Pending, type QState, pageOrder, process } from './state'
import type { RegionSource } from './region'
import type { Assignment, Definition, Input, Jump, Param, Result, Text } from './types'
import { dict, escapeHTML, goTrim, numberOf, resolve, isZero } from './util'

const ZERO = dateFromParts(1, 1, 1)!

/** How the survey ended: kind and ending id. */
interface Terminus {
  kind: 'complete' | 'screen_out'
  ending: string
}

/**
 * Works out a response under def, like Go's survey.Evaluate: what is
 * visible, the piped texts, the values, where to go next, what is wrong
 * and whether the response is complete (docs/survey-format.md §7–§9). It
 * never throws for bad answers or rules: those become result.errors and
 * result.rule_errors. Deterministic for the same definition and input.
 */
export function evaluate(def: Definition, input: Input = {}): Result {
  const ev = new Evaluator(compile(def), input)
  ev.run()
  return ev.result()
}

/**
 * evaluate, after loading into regions the division lists that city
 * answers need (result.missing_regions; one round usually, since assigned
 * city values are only known after a pass, at most four). Rejects when
 * loading fails.
 */
export async function evaluateAsync(def: Definition, input: Input, regions: RegionSource & { load(p: readonly string[]): Promise<void> }): Promise<Result> {
  let res = evaluate(def, { ...input, regions })
  for (let i = 0; i < 4 && res.missing_regions.length; i++) {
    await regions.load(res.missing_regions)
    res = evaluate(def, { ...input, regions })
  }
  return res
}

/** The evaluator's state for one evaluation; handlers read and write it. */
export class Evaluator {
  params = new Map<string, Value>()
  contact = new Map<string, Value>()
  vars = new Map<string, Value>()
  states = new Map<string, QState>()
  order: QState[] = []
  pageVis: boolean[] = []
  pending = new Map<string, Pending[]>()
  term: Terminus = { kind: 'complete', ending: '' }
  now: DateValue
  missing = new Set<string>()
  regions: RegionSource | undefined
  res: Result = {
    visible_pages: [],
    visible_questions: [],
    page_questions: dict(),
    visible_options: dict(),
    visible_rows: dict(),
    visible_columns: dict(),
    texts: dict(),
    values: dict(),
    answers: dict(),
    designs: dict(),
    next_page: '',
    prev_page: '',
    errors: dict(),
    complete: false,
    outcome: '',
    ending: '',
    rule_errors: [],
    missing_regions: [],
  }

  constructor(
    readonly c: Compiled,
    readonly input: Input,
  ) {
    this.now = input.now ?? ZERO
    this.regions = input.regions
    for (const [k, v] of Object.entries(input.params ?? {})) this.params.set(k, convertParam(c.params.get(k), v))
    for (const [k, v] of Object.entries(input.contact ?? {})) this.contact.set(k, typeof v === 'number' ? v + 0 : (v ?? null))
    for (const [k, v] of c.initial) this.vars.set(k, coerceVar(c.vars.get(k)!.type, v))
  }

  /** The value of a reference; .text in the given locale. */
  lookup(r: Ref, locale: string): Value {
    if (r.scope !== 'answer') return (r.scope === 'param' ? this.params : r.scope === 'var' ? this.vars : this.contact).get(r.name) ?? null
    const st = this.states.get(r.name)
    if (!st?.done) return null
    if (r.attr === 'text') return st.texts.get(r.item)?.get(locale) ?? null
    if (r.attr === 'other') return r.item || !st.other ? null : st.other
    return st.values.get(r.item) ?? null
  }

  /** An Env for conditions (default locale) or for rendering (escape: rich text). */
  env(locale = this.c.locale, escape = false): Env {
    return {
      lookup: (r) => {
        const v = this.lookup(r, locale)
        return escape && v !== null ? escapeHTML(text(v)) : v
      },
      now: () => this.now,
    }
  }

  /** Evaluates a condition; a blank one holds like an absent one (§5), errors count as false. */
  cond(src: string | undefined, path: string): boolean {
    if (!src || !goTrim(src)) return true
    const e = this.c.expr(src)
    if (!e) return this.ruleError(path, 'the condition does not parse'), false
    try {
      return evalBool(e, this.env())
    } catch (err) {
      return this.ruleError(path, (err as Error).message), false
    }
  }

  /** Evaluates a value expression; errors give null. */
  value(src: string | undefined, path: string): Value {
    const e = this.c.expr(src ?? '')
    if (!e) return this.ruleError(path, 'the expression does not parse'), null
    try {
      return evalExpr(e, this.env())
    } catch (err) {
      return this.ruleError(path, (err as Error).message), null
    }
  }

  /** Records a rule that failed at run time (at most 100). */
  ruleError(name: string, reason: string): void {
    if (this.res.rule_errors.length < 100) this.res.rule_errors.push({ name, reason })
  }

  /** Resolves a text in a locale of the survey (not piped). */
  resolve(t: Text | undefined, locale: string): string {
    return resolve(t, locale, this.c.locale, this.c.def.locales ?? [])
  }

  /** Pipes a text into every locale; rich texts get piped values escaped. */
  render(t: Text | undefined, rich: boolean): Record<string, string> {
    const out = dict<string>()
    for (const loc of this.c.locales) {
      const src = this.resolve(t, loc)
      const tm = this.c.tmpl(src)
      out[loc] = tm ? tm.render(this.env(loc, rich)) : src
    }
    return out
  }

  /** Renders a non-empty text into result.texts under key. */
  renderText(key: string, t: Text | undefined, rich: boolean): void {
    if (!isZero(t)) this.res.texts[key] = this.render(t, rich)
  }

  /** The forward pass. */
  run(): void {
    const { c, res } = this
    const def = c.def
    this.renderText('$survey', def.title, false)
    this.renderText('$survey:description', def.description, true)
    this.assign(def.assign, 'assign')
    let skipTo = 0
    let ended = false
    const jump = (j: Jump, from: number) => {
      if (j.to === 'page' || j.to === 'question') {
        const first = j.to === 'page' ? c.pageByID.get(j.target ?? '')?.first : c.byID.get(j.target ?? '')?.index
        if (first !== undefined && first > from) skipTo = first
      } else if (j.to === 'end' || j.to === 'screen_out') {
        ended = true
        this.term = { kind: j.to === 'end' ? 'complete' : 'screen_out', ending: j.target ?? '' }
      }
    }
    for (const pg of c.pages) {
      const p = pg.p
      const onPath = !ended && (pg.end > skipTo || (pg.first === pg.end && pg.first >= skipTo))
      const pageVisible = onPath && this.cond(p.display, pg.path + '.display')
      if (pageVisible) {
        this.renderText(p.id, p.title, false)
        this.renderText(p.id + ':description', p.description, true)
      }
      let shown = false
      for (const qf of c.qs.slice(pg.first, pg.end)) {
        const st = this.newState(qf)
        st.visible = pageVisible && !ended && qf.index >= skipTo && this.cond(qf.q.display, qf.path + '.display')
        process(this, st)
        if (!st.visible) continue
        shown = true
        res.visible_questions.push(qf.q.id)
        this.assign(qf.q.assign, qf.path + '.assign')
        const j = st.optionJump ?? (qf.q.jumps ?? []).find((j, i) => this.cond(j.if, `${qf.path}.jumps[${i}].if`))
        if (j) jump(j, qf.index)
      }
      if (!shown) {
        delete res.texts[p.id]
        delete res.texts[p.id + ':description']
        continue
      }
      this.pageVis[pg.index] = true
      res.visible_pages.push(p.id)
      res.page_questions[p.id] = pageOrder(this, pg)
      if (ended) continue
      this.assign(p.assign, pg.path + '.assign')
      const j = (p.jumps ?? []).find((j, i) => this.cond(j.if, `${pg.path}.jumps[${i}].if`))
      if (j) jump(j, pg.end - 1)
    }
    if (!ended) this.term = { kind: 'complete', ending: '' }
    if (!this.term.ending) {
      const kind = this.term.kind
      this.term.ending = (def.endings ?? []).find((e) => (e.kind || 'complete') === kind)?.id ?? ''
    }
  }

  /** Starts the state of a question. */
  newState(qf: QState['qf']): QState {
    const st: QState = {
      qf,
      visible: false,
      done: false,
      opts: [],
      optIdx: new Map(),
      rows: [],
      cols: [],
      selected: [],
      values: new Map(),
      texts: new Map(),
      other: '',
      clean: undefined,
      err: null,
      optionJump: null,
    }
    this.states.set(qf.q.id, st)
    this.order.push(st)
    return st
  }

  /** Runs assignment rules in order; each sees the results of those before it. */
  assign(as: Assignment[] | undefined, path: string): void {
    ;(as ?? []).forEach((a, i) => {
      const p = `${path}[${i}]`
      if (!this.cond(a.if, p + '.if')) return
      const t = a.target
      if (t.length > 5 && t.startsWith('$var.')) {
        const v = this.c.vars.get(t.slice(5))
        if (!v) return this.ruleError(p + '.target', 'unknown variable')
        this.vars.set(v.id, coerceVar(v.type, this.value(a.value, p + '.value')))
        return
      }
      if (!this.c.byID.has(t) || this.states.has(t)) return this.ruleError(p + '.target', 'the target question is unknown or already evaluated')
      const pa: Pending = { tick: a.tick ?? '', value: a.tick ? null : this.value(a.value, p + '.value') }
      this.pending.set(t, [...(this.pending.get(t) ?? []), pa])
    })
  }

  /** Finishes the result: next and previous page, errors in scope, completeness. */
  result(): Result {
    const { c, res } = this
    const cp = this.input.current_page
    const cur = cp ? (c.pageByID.get(cp)?.index ?? -1) : -1
    for (let i = cur + 1; i < c.pages.length && !res.next_page; i++) if (this.pageVis[i]) res.next_page = c.pages[i].p.id
    for (let i = cur - 1; i >= 0 && !res.prev_page; i--) if (this.pageVis[i]) res.prev_page = c.pages[i].p.id
    let complete = true
    for (const st of this.order) {
      if (!st.visible || !st.err) continue
      complete = false
      if (cur < 0 || st.qf.page.index <= cur) res.errors[st.qf.q.id] = st.err
    }
    for (const st of this.order) {
      const id = st.qf.q.id
      for (const [item, v] of st.values) if (v !== null) res.values[item ? id + '.' + item : id] = v
      if (st.clean !== undefined) res.answers[id] = st.clean
    }
    for (const [k, v] of this.vars) if (v !== null) res.values['$var.' + k] = v
    res.complete = complete
    if (complete) {
      res.outcome = this.term.kind
      res.ending = this.term.ending
      const e = c.endings.get(this.term.ending)
      if (e) this.renderText(e.id, e.text, true)
    }
    res.missing_regions = [...this.missing]
    return res
  }
}

/** Converts a URL parameter to its declared type; undeclared ones stay text. */
export function convertParam(p: Param | undefined, s: string): Value {
  if (!p) return s
  if (p.values?.length && !p.values.includes(s)) return null
  switch (p.type) {
    case 'number':
      return numberOf(s) ?? null
    case 'bool': {
      const b = goTrim(s).toLowerCase()
      return /^(1|true|yes|on)$/.test(b) ? true : /^(0|false|no|off)$/.test(b) ? false : null
    }
    case 'date':
      return parseDate(goTrim(s))
  }
  return s || null
}

/** Converts a value to a variable's type (§5.5); what does not convert is null. */
export function coerceVar(type: string | undefined, v: Value): Value {
  if (v === null) return v
  switch (type) {
    case 'number':
      return typeof v === 'number' ? v : typeof v === 'string' ? (numberOf(v) ?? null) : null
    case 'string':
      return text(v)
    case 'bool':
      return typeof v === 'boolean' ? v : null
    case 'date':
      return kindOf(v) === 'date' ? v : typeof v === 'string' ? parseDate(v) : null
    case 'list':
      return Array.isArray(v) ? v : [v]
  }
  return v
}

