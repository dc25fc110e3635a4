// Working out one question (Go's state.go): its options, rows and columns
// (carried, own, shuffled), its texts, its answer and its errors.
import { handlerFor } from './answers'
import { Rand } from './design'
import type { PInfo } from './definition'
import type { Evaluator } from './evaluate'
import { type OptView, type QState, fail } from './qstate'
import type { Option, OptionSource } from './types'
import { dict, own } from './util'

export type { Pending, QState } from './qstate'

const LABELS = ['placeholder', 'min_label', 'max_label', 'none_label', 'best_label', 'worst_label'] as const

/** Processes a question whose visibility so far is known. */
export function process(ev: Evaluator, st: QState): void {
  const q = st.qf.q
  buildOptions(ev, st)
  if (st.visible && nothingToChoose(st)) st.visible = false
  if (st.visible) {
    ev.renderText(q.id, q.title, true)
    ev.renderText(q.id + ':description', q.description, true)
    for (const k of LABELS) ev.renderText(q.id + ':' + k, q[k], false)
    outputViews(ev, st)
  }
  const h = handlerFor(q)
  h.decode(ev, st, st.visible ? own(ev.input.answers, q.id) : undefined)
  const p = ev.pending.get(q.id)
  if (p?.length) h.assign(ev, st, p)
  h.finish(ev, st)
  if (!st.visible) st.err = null
  st.done = true
  if (st.visible && !st.err && st.values.size && q.validation) {
    const rules = q.validation.rules ?? []
    for (let i = 0; i < rules.length; i++) {
      if (!ev.cond(rules[i].valid, `${st.qf.path}.validation.rules[${i}].valid`)) {
        fail(st, 'custom', '', ev.resolve(rules[i].message, ev.c.locale) || 'the answer is not valid')
        st.err!.rule = i
        break
      }
    }
  }
}

// outputViews records visible options, rows and columns and their texts.
function outputViews(ev: Evaluator, st: QState): void {
  const { q } = st.qf
  const id = q.id
  const emit = (views: OptView[], dst: Record<string, string[]>) => {
    if (!views.length) return
    dst[id] = views.filter((o) => o.visible).map((o) => {
      if (o.labels) ev.res.texts[id + '.' + o.code] = o.labels
      return o.code
    })
  }
  emit(st.opts, ev.res.visible_options)
  emit(st.rows, ev.res.visible_rows)
  emit(st.cols, ev.res.visible_columns)
  if (q.na) ev.renderText(id + '.' + q.na.code, q.na.label, false)
  for (const b of q.blanks ?? []) ev.renderText(id + '.' + b.id, b.label, false)
  for (const l of q.levels ?? []) ev.renderText(id + '.' + l.id, l.label, false)
  for (const a of q.attributes ?? []) {
    ev.renderText(id + '.' + a.id, a.label, false)
    for (const l of a.levels) ev.renderText(id + '.' + a.id + '.' + l.id, l.label, false)
  }
}

function optionView(ev: Evaluator, o: Option, path: string, visible: boolean): OptView {
  const v: OptView = {
    code: o.code,
    label: o.label,
    image: o.image,
    exclusive: o.exclusive,
    other: o.other,
    otherOptional: o.other_optional,
    na: o.not_applicable,
    pinned: o.pinned,
    jump: o.jump,
    children: o.children,
    visible: visible && ev.cond(o.display, path + '.display'),
    labels: null,
  }
  if (v.visible) v.labels = ev.render(o.label, false)
  return v
}

const WITH_OPTIONS = ['single', 'multiple', 'dropdown', 'hotspot', 'ranking', 'maxdiff', 'matrix']

// buildOptions: carried options first, then the question's own, then
// shuffled with pinned items kept in place; the same for rows and columns.
function buildOptions(ev: Evaluator, st: QState): void {
  const { q, path } = st.qf
  if (!WITH_OPTIONS.includes(q.type)) return
  if (q.type !== 'matrix' || q.matrix === 'dropdown') {
    if (q.options_from) st.opts = carried(ev, q.options_from, st.visible)
    q.options?.forEach((o, i) => st.opts.push(optionView(ev, o, `${path}.options[${i}]`, st.visible)))
    if (q.shuffle_options) shuffle(ev, st.opts, q.id + '/options')
    for (const o of st.opts) if (!st.optIdx.has(o.code)) st.optIdx.set(o.code, o)
  }
  if (q.type !== 'matrix') return
  if (q.rows_from) st.rows = carried(ev, q.rows_from, st.visible)
  q.rows?.forEach((r, i) => {
    const visible = st.visible && ev.cond(r.display, `${path}.rows[${i}].display`)
    st.rows.push({ code: r.id, label: r.label, pinned: r.pinned, visible, labels: visible ? ev.render(r.label, false) : null })
  })
  if (q.shuffle_rows) shuffle(ev, st.rows, q.id + '/rows')
  q.columns?.forEach((o, i) => st.cols.push(optionView(ev, o, `${path}.columns[${i}]`, st.visible)))
  if (q.shuffle_columns) shuffle(ev, st.cols, q.id + '/columns')
}

// carried returns the options a question takes from its source, as the
// respondent saw them there; a chosen "other" carries its typed text.
function carried(ev: Evaluator, src: OptionSource, visible: boolean): OptView[] {
  const from = ev.states.get(src.question)
  if (!from?.done) return []
  const chosen = new Set(from.selected)
  return from.opts.map((o) => {
    const show =
      visible && o.visible && (src.mode === 'selected' ? chosen.has(o.code) : src.mode === 'unselected' ? !chosen.has(o.code) : true)
    const v: OptView = { code: o.code, label: o.label, labels: o.labels, image: o.image, na: o.na, visible: show }
    if (o.other && chosen.has(o.code) && from.other) {
      v.label = from.other
      v.labels = dict()
      for (const l of ev.c.locales) v.labels[l] = from.other
    }
    if (!show) v.labels = null
    return v
  })
}

function shuffle(ev: Evaluator, views: OptView[], key: string): void {
  const seed = ev.input.seed
  if (seed && views.length > 1) new Rand(seed + '/' + key).shuffle(views, (v) => !!v.pinned)
}

/** The visible questions of a shown page in display order. */
export function pageOrder(ev: Evaluator, pg: PInfo): string[] {
  // Shuffle the whole page, then leave out the hidden questions (§12), so
  // the order does not depend on what the answers hide.
  const all = ev.c.qs.slice(pg.first, pg.end)
  const seed = ev.input.seed
  if (pg.p.shuffle_questions && seed) new Rand(seed + '/' + pg.p.id).shuffle(all)
  return all.filter((qf) => ev.states.get(qf.q.id)?.visible).map((qf) => qf.q.id)
}

// nothingToChoose: a choice question without a visible option, or a
// matrix without a visible row, is hidden.
function nothingToChoose(st: QState): boolean {
  const q = st.qf.q
  if (q.type === 'matrix') return !st.rows.some((r) => r.visible)
  if (!['single', 'multiple', 'dropdown', 'hotspot', 'ranking'].includes(q.type)) return false
  return !q.levels?.length && !st.opts.some((o) => o.visible)
}
