// The designer's live preview (issue #6 item 5; contract in docs/preview.md).
// The admin app frames /s/_preview (same origin only: the server sends
// frame-ancestors 'self' for that path alone) and drives it by postMessage:
//
//   frame → parent  {type: 'opencem:preview-ready'} once listening
//   parent → frame  {type: 'opencem:preview-load', definition, settings?, locale?, page?, keepAnswers?}
//                   {type: 'opencem:preview-goto', page}     (no validation of the current page)
//                   {type: 'opencem:preview-reset'}          (answers cleared, first page)
//   frame → parent  {type: 'opencem:preview-state', page, pages, visible_pages, visible_questions,
//                    hidden_questions, rules, outcome, ending, error?} after every evaluation
//
// Messages are accepted only from location.origin and posted only to it.
// Nothing is saved or submitted: main.ts skips every survey, save, resume,
// decline and submit request in preview mode and keeps localStorage alone.
// This module is loaded lazily, only on /s/_preview, so the survey page's
// weight budget (bench/h5) does not carry it.
import { parseDefinition } from '../engine'
import { compile } from '../engine/definition'
import { Evaluator } from '../engine/evaluate'
import type { Definition as EngineDefinition } from '../engine/types'
import { h } from './dom'
import { engineInput } from './engine'
import { resolve } from './i18n'
import type { Definition, EvalInput, Result } from './types'

export interface PreviewLoad {
  definition: Definition
  settings?: { mode?: 'paged' | 'single'; theme?: { logo?: string; color?: string }; privacy?: Record<string, unknown> }
  locale?: string
  page?: string
  keepAnswers?: boolean
}

/** What main.ts lends the preview. */
export interface PreviewHost {
  setBanner(el: HTMLElement): void
  onEvaluated(f: (r: Result, input: EvalInput) => void): void
  def(): Definition | undefined
  /** Renders a definition; throws when the engine or a view cannot handle it. */
  load(o: PreviewLoad): void
  /** Shows a page; false when it is hidden in the current state. */
  goto(page: string): boolean
  /** A line in the page's alert area. */
  note(text: string): void
}

export type RuleKind = 'display' | 'jump' | 'option_jump' | 'assign' | 'option_source' | 'piping'
export interface Rule {
  kind: RuleKind
  element: string
  holds: boolean
  detail?: string
}

export interface PreviewState {
  type: 'opencem:preview-state'
  page: string
  pages: string[]
  visible_pages: string[]
  visible_questions: string[]
  hidden_questions: string[]
  rules: Rule[]
  outcome: '' | 'complete' | 'screen_out'
  ending: string
  error?: string
}

const TEXTS = {
  zh: { banner: '预览 — 不会保存答案', waiting: '等待问卷设计器发送问卷…', invalid: '无法预览此问卷：', hidden: '按当前答案，此页不会显示。', unknown: '没有这一页：' },
  en: { banner: 'Preview — answers are not saved', waiting: 'Waiting for the survey designer…', invalid: 'This survey cannot be previewed: ', hidden: 'With the current answers this page is not shown.', unknown: 'No such page: ' },
}
const texts = (locale: string) => (locale.toLowerCase().startsWith('en') ? TEXTS.en : TEXTS.zh)

/** An evaluator that notes every condition it evaluates, by path. */
class Recorder extends Evaluator {
  seen = new Map<string, boolean>()
  override cond(src: string | undefined, path: string): boolean {
    const v = super.cond(src, path)
    this.seen.set(path, v)
    return v
  }
}

const hasPipe = (t: unknown) => (typeof t === 'string' ? t : t && typeof t === 'object' ? Object.values(t).join(' ') : '').includes('{')

/**
 * Lists the survey's display, jump, assignment, option-source and piping
 * rules with whether each holds in the state given (the page's evaluation
 * input), by re-running the engine twin with a recording evaluator. A rule
 * the evaluation never reached (after an end, on a hidden element) does
 * not hold and says so.
 */
export function rulesOf(def: Definition, input: EvalInput): Rule[] {
  const ev = new Recorder(compile(def as unknown as EngineDefinition), engineInput(input))
  ev.run()
  const res = ev.result()
  const rules: Rule[] = []
  const cond = (kind: RuleKind, element: string, at: string, src: string | undefined, extra = '') => {
    const seen = ev.seen.get(at)
    rules.push({ kind, element, holds: !!seen, detail: (src || 'true') + extra + (seen === undefined ? ' (not reached)' : '') })
  }
  const jumps = (path: string, js: { if?: string; to: string; target?: string }[] | undefined) =>
    js?.forEach((j, i) => cond('jump', `${path}.jumps[${i}]`, `${path}.jumps[${i}].if`, j.if, ` → ${j.to}${j.target ? ' ' + j.target : ''}`))
  const assigns = (path: string, as: { if?: string; target: string }[] | undefined) =>
    as?.forEach((a, i) => cond('assign', `${path}.assign[${i}]`, `${path}.assign[${i}].if`, a.if, ` → ${a.target}`))
  const raw = def as unknown as EngineDefinition
  assigns('', raw.assign)
  raw.pages.forEach((p, pi) => {
    const pp = `pages[${pi}]`
    if (p.display) cond('display', pp, `${pp}.display`, p.display)
    p.questions.forEach((q, qi) => {
      const qp = `${pp}.questions[${qi}]`
      const st = ev.states.get(q.id)
      const visible = res.visible_questions.includes(q.id)
      if (q.display) cond('display', qp, `${qp}.display`, q.display)
      for (const [key, items] of [['options', q.options], ['rows', q.rows], ['columns', q.columns]] as const) {
        ;(items as { display?: string }[] | undefined)?.forEach((o, i) => o.display && cond('display', `${qp}.${key}[${i}]`, `${qp}.${key}[${i}].display`, o.display))
      }
      q.options?.forEach((o, i) => {
        if (o.jump) rules.push({ kind: 'option_jump', element: `${qp}.options[${i}]`, holds: !!st && st.optionJump === o.jump, detail: `${o.code} → ${o.jump.to}${o.jump.target ? ' ' + o.jump.target : ''}` })
      })
      jumps(qp, q.jumps)
      assigns(qp, q.assign)
      const from = q.options_from || q.rows_from
      if (from) rules.push({ kind: 'option_source', element: qp, holds: visible && !!(res.visible_options[q.id]?.length || res.visible_rows[q.id]?.length), detail: `${from.mode || 'all'} ← ${from.question}` })
      if (hasPipe(q.title)) rules.push({ kind: 'piping', element: qp, holds: visible, detail: resolve(res.texts[q.id] as never, input.locale || '', def) })
    })
    jumps(pp, p.jumps)
    assigns(pp, p.assign)
  })
  return rules
}

/** The state message for an evaluation. */
export function stateOf(def: Definition, r: Result, input: EvalInput): PreviewState {
  const all = def.pages.flatMap((p) => p.questions.map((q) => q.id))
  return {
    type: 'opencem:preview-state',
    page: input.current_page || '',
    pages: def.pages.map((p) => p.id),
    visible_pages: r.visible_pages,
    visible_questions: r.visible_questions,
    hidden_questions: all.filter((x) => !r.visible_questions.includes(x)),
    rules: rulesOf(def, input),
    outcome: r.outcome as PreviewState['outcome'],
    ending: r.ending,
  }
}

/** Starts the preview: banner, message handling, and the ready message. */
export function install(host: PreviewHost, win: Window = window) {
  const lang = new URL(win.location.href).searchParams.get('lang') || navigator.language || 'zh-CN'
  let t = texts(lang)
  const banner = h('p', { class: 'preview', role: 'note' }, t.banner)
  host.setBanner(banner)
  const root = document.getElementById('app') as HTMLElement
  const post = (msg: object) => win.parent.postMessage(msg, win.location.origin)
  let last: PreviewLoad | null = null
  let error = ''
  host.onEvaluated((r, input) => {
    const def = host.def()
    if (def) post({ ...stateOf(def, r, input), ...(error ? { error } : {}) })
  })
  const fail = (e: unknown) => {
    error = e instanceof Error ? e.message : String(e)
    last = null
    root.replaceChildren(banner, h('main', null, h('div', { class: 'msg bad', role: 'alert' }, t.invalid, h('code', null, error))))
    post({ type: 'opencem:preview-state', page: '', pages: [], visible_pages: [], visible_questions: [], hidden_questions: [], rules: [], outcome: '', ending: '', error })
  }
  const load = (o: PreviewLoad) => {
    error = ''
    try {
      const definition = parseDefinition(o.definition) as unknown as Definition
      t = texts(o.locale || lang)
      banner.textContent = t.banner
      last = { ...o, definition }
      host.load(last)
    } catch (e) {
      fail(e)
    }
  }
  win.addEventListener('message', (e: MessageEvent) => {
    if (e.origin !== win.location.origin || !e.data || typeof e.data !== 'object') return
    const d = e.data as Record<string, unknown>
    if (d.type === 'opencem:preview-load') load(d as unknown as PreviewLoad)
    else if (d.type === 'opencem:preview-reset' && last) load({ ...last, keepAnswers: false, page: undefined })
    else if (d.type === 'opencem:preview-goto' && last && typeof d.page === 'string') {
      if (!last.definition.pages.some((p) => p.id === d.page)) return host.note(`${t.unknown}${d.page}`)
      try {
        if (!host.goto(d.page)) host.note(t.hidden)
      } catch (err) {
        fail(err)
      }
    }
  })
  root.replaceChildren(banner, h('main', null, h('div', { class: 'msg', role: 'status' }, t.waiting)))
  post({ type: 'opencem:preview-ready' })
}
