// The respondent page (issue #5): loads a published survey by the code in
// /s/{code}, shows the privacy notice when personal information is
// collected, walks the pages with the engine (display logic, piping, option
// sources, jumps), saves page by page, resumes, and submits with a
// proof-of-work token.
//
// /s/_preview is the designer's preview frame (docs/preview.md, issue #6
// item 5): no survey is loaded and nothing is saved or sent; ./preview
// (loaded only there) drives the page through the PreviewHost below.
import './style.css'
import { ApiError, decline, loadSurvey, regions, resume, submit, type FieldError } from './api'
import { h, order } from './dom'
import { evaluate, setServerTime } from './engine'
import { fmt, pickLocale, resolve, uiMessages, type Messages } from './i18n'
import { solve } from './pow'
import { prefill } from './prefill'
import type { PreviewHost, PreviewLoad } from './preview'
import { findOption, question } from './q/ctx'
import { questionView, type QView } from './q/index'
import { rich } from './rich'
import { clearSaved as clearStored, deviceId, loadSaved, randomId, saveSaved as saveStored, type Saved } from './storage'
import type { Answers, AnswerError, Definition, EvalInput, PublicSurvey, Result, SubmitOutput } from './types'

const RESERVED = new Set(['lang', 'resume', 'openid', 'invite', 'contact'])
// Shown only after Next, never while the respondent is still answering.
const LATE = new Set(['required', 'incomplete', 'watch', 'too_few', 'too_short', 'other_required', 'design_mismatch'])

const root = document.getElementById('app') as HTMLElement
const url = new URL(location.href)
const code = decodeURIComponent(url.pathname.replace(/\/+$/, '').split('/').pop() || '')
const PREVIEW = code === '_preview'
const q = url.searchParams
const wanted = [q.get('lang') || '', ...(navigator.languages || [navigator.language])].filter(Boolean)
const urlParams: Record<string, string> = {}
q.forEach((v, k) => {
  if (!RESERVED.has(k)) urlParams[k] = v
})

let m: Messages = uiMessages(wanted[0] || 'zh-CN')
let survey: PublicSurvey
let def: Definition
let locale = 'zh-CN'
let id = ''
let answers: Answers = {}
let params: Record<string, string> = {}
let page = ''
let consent: boolean | null = null
let saved: Saved | null = null
let started = new Date().toISOString()
let result: Result
let attempted = false
let serverErrors: Record<string, string> = {}
const touched = new Set<string>()
const timing: Record<string, number> = {}
const views = new Map<string, QView>()
let shownAt = performance.now()
let pow: Promise<string> | null = null
let powFor = ''
let finished = false
/** Preview only: the banner on every screen, and who hears of each evaluation. */
let banner: HTMLElement | null = null
let evaluated: ((r: Result, input: EvalInput) => void) | null = null

// The preview never touches the real survey keys in localStorage.
const saveSaved = (c: string, s: Saved) => PREVIEW || saveStored(c, s)
const clearSaved = (c: string) => PREVIEW || clearStored(c)

// Start the survey request before anything else (the page shell preloads it).
const loading = PREVIEW ? null : loadSurvey(code)
const resuming = (() => {
  const tok = !PREVIEW && (q.get('resume') || loadSaved(code)?.token)
  return tok ? resume(tok).catch((e: ApiError) => e) : null
})()
if (PREVIEW) void import('./preview').then((p) => p.install(previewHost()))
else void boot()

async function boot() {
  try {
    survey = await loading!
  } catch (e) {
    return failure(e as ApiError)
  }
  def = survey.definition
  setServerTime(survey.server_time)
  locale = pickLocale(def, wanted)
  m = uiMessages(locale)
  document.documentElement.lang = locale
  theme()
  saved = loadSaved(code)
  let notice = ''
  const res = resuming && (await resuming)
  if (res instanceof ApiError) {
    if (res.code === 'resume_expired') {
      clearSaved(code)
      saved = null
      notice = q.get('resume') ? m.resumeExpired : ''
    }
  } else if (res && res.survey_id === survey.survey_id) {
    id = res.id
    answers = res.answers || {}
    params = res.params || {}
    page = res.current_page || ''
    consent = survey.settings.personal_info ? true : null // a save needed it
    if (Object.keys(answers).length) notice = m.resumed
    saved = { ...(saved?.id === id ? saved : {}), id, token: q.get('resume') || saved?.token, consent: consent ?? undefined }
    if (res.version !== survey.version) {
      // Republished meanwhile: the server would hold the old response to its
      // old version, so carry the answers over into a new response instead.
      id = randomId()
      saved = { id, consent: consent ?? undefined }
    }
    saveSaved(code, saved)
  }
  if (!id) id = saved?.id || randomId()
  if (saved?.started) started = saved.started
  if (saved?.consent && survey.settings.personal_info) consent = true
  if (survey.settings.wechat_auth) {
    // Left by a WeChat authorisation that failed (docs/wechat.md): not the respondent's parameters.
    for (const k of ['code', 'state']) delete urlParams[k]
  }
  params = { ...params, ...urlParams }
  applyPrefill()
  const wxLeftovers = survey.settings.wechat_auth && (q.has('code') || q.has('state'))
  if (q.has('resume') || wxLeftovers) {
    q.delete('resume')
    if (wxLeftovers) for (const k of ['code', 'state']) q.delete(k)
    history.replaceState(history.state, '', url.pathname + (q.toString() ? `?${q}` : ''))
  }
  document.title = resolve(def.title, locale, def) || survey.title
  if (survey.settings.personal_info && consent !== true) privacy()
  else start(notice)
}

/** Hidden fields that prefill questions (docs/survey-format.md §1); answers already there win. */
function applyPrefill() {
  answers = prefill(def, params, answers, (a) => evaluate(def, { answers: a, params, current_page: '', seed: id, locale })).answers
}

function theme() {
  const t = survey.settings.theme || {}
  const s = document.documentElement.style
  for (const k of ['--c', '--on', '--ct']) s.removeProperty(k)
  if (t.color && /^#[0-9a-f]{6}$/i.test(t.color)) {
    s.setProperty('--c', t.color)
    // Dark text on light theme colours keeps buttons readable (WCAG contrast).
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(t.color!.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    if (lum > 0.18) s.setProperty('--on', '#111')
    if (lum > 0.18) s.setProperty('--ct', '#1f2328')
  }
}

function header(): HTMLElement {
  const logo = survey.settings.theme?.logo
  return h('header', { class: 'top' }, banner, logo ? h('img', { class: 'logo', src: logo, alt: '' }) : null, h('h1', { tabindex: '-1' }, document.title))
}

/** A screen with only a message: not found, closed, full, declined, thanks. */
function message(text: string | Node, opts: { retry?: () => void; kind?: string } = {}) {
  const body = h('div', { class: `msg ${opts.kind || ''}`, role: 'status' }, text)
  root.replaceChildren(...(survey ? [header()] : banner ? [banner] : []), h('main', null, body, opts.retry ? h('button', { type: 'button', class: 'btn', onclick: opts.retry }, m.retry) : null))
  ;(root.querySelector('h1') as HTMLElement | null)?.focus()
}

function failure(e: ApiError) {
  const map: Record<string, string> = { survey_not_open: m.notFound, survey_closed: m.closed, rate_limited: m.rateLimited, network: m.network }
  const text = map[e.code] || (e.status === 404 ? m.notFound : m.failed)
  const retry = e.code === 'network' || e.code === 'rate_limited' || e.status >= 500 ? () => location.reload() : undefined
  message(text, { retry, kind: e.code === 'survey_not_open' || e.code === 'survey_closed' ? 'end' : 'bad' })
}

/** The privacy notice (clause 6.1f): what, why, how long, who; Accept or Decline. */
function privacy() {
  const p = survey.settings.privacy
  const sec = (title: string, t: unknown) => {
    const s = resolve(t as Record<string, string>, locale, def)
    return s ? [h('h3', null, title), h('p', null, s)] : []
  }
  const items = p.collects.map((c) => h('li', null, (m as Record<string, string>)[`c_${c}`] || c))
  const accept = h('button', { type: 'button', class: 'btn' }, m.accept)
  const no = h('button', { type: 'button', class: 'btn ghost' }, m.decline)
  accept.addEventListener('click', () => {
    consent = true
    saved = { ...(saved || { id }), id, consent: true, started }
    saveSaved(code, saved)
    start('')
  })
  no.addEventListener('click', async () => {
    no.disabled = accept.disabled = true
    try {
      if (!PREVIEW) await decline(code)
    } catch {
      /* the refusal count is best effort; nothing else is stored either way */
    }
    clearSaved(code)
    message(m.declined, { kind: 'end' })
  })
  root.replaceChildren(
    header(),
    h('main', null, h('section', { class: 'privacy', 'aria-labelledby': 'pv' },
      h('h2', { id: 'pv' }, m.privacyTitle), h('p', null, m.privacyIntro),
      h('h3', null, m.collects), h('ul', null, items),
      sec(m.purpose, p.purpose), sec(m.retention, p.retention), sec(m.controller, p.controller),
      h('div', { class: 'nav' }, no, accept))),
  )
  ;(root.querySelector('h1') as HTMLElement).focus()
}

// ---- the survey -------------------------------------------------------

const single = () => survey.settings.mode === 'single'
let main: HTMLElement, list: HTMLElement, bar: HTMLElement, barFill: HTMLElement, backBtn: HTMLButtonElement, nextBtn: HTMLButtonElement
let live: HTMLElement, alert: HTMLElement, honeypot: HTMLInputElement, pageTitle: HTMLElement

function run(cur = page): Result {
  return evaluate(def, { answers, params, current_page: single() ? '' : cur, seed: id, locale })
}

function start(notice: string) {
  result = run('')
  const first = result.next_page
  if (single()) page = ''
  else if (!page || !result.visible_pages.includes(page)) page = first
  list = h('div', { class: 'qs' })
  barFill = h('span')
  bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': m.progress, 'aria-valuemin': '0', 'aria-valuemax': '100' }, barFill)
  backBtn = h('button', { type: 'button', class: 'btn ghost' }, m.back)
  nextBtn = h('button', { type: 'submit', class: 'btn' }, m.next)
  live = h('div', { class: 'sr', 'aria-live': 'polite' })
  alert = h('div', { class: 'alert', role: 'alert' })
  honeypot = h('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' })
  pageTitle = h('h2', { class: 'pt-title', tabindex: '-1' })
  const form = h('form', { novalidate: true }, pageTitle, list, alert, h('div', { class: 'nav' }, backBtn, nextBtn),
    h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', null, 'Website ', honeypot)))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void next()
  })
  backBtn.addEventListener('click', back)
  // The live region must be in the document for screen readers to hear the ranking moves.
  main = h('main', null, notice ? h('p', { class: 'note', role: 'status' }, notice) : null, form, live)
  root.replaceChildren(header(), bar, main)
  if (!PREVIEW) {
    // The preview keeps the designer's history alone and saves nothing.
    document.addEventListener('visibilitychange', onVisibility)
    addEventListener('pagehide', () => flushSave(true))
    addEventListener('popstate', onPop)
    history.replaceState({ p: page }, '')
  }
  shownAt = performance.now()
  render()
  if (!PREVIEW) (root.querySelector('h1') as HTMLElement).focus()
  warmPow()
}

/** Computes the proof-of-work token in the background while the respondent answers. */
function warmPow() {
  if (PREVIEW || (powFor === id && pow)) return
  powFor = id
  const rid = id
  pow = new Promise<void>((r) => ('requestIdleCallback' in window ? requestIdleCallback(() => r()) : setTimeout(r, 200))).then(() =>
    solve(rid, code, survey.pow_bits),
  )
}

function ctx(qid: string) {
  const qq = question(def, qid)!
  return {
    def, q: qq, m, locale, id: `q-${qid}`, titleId: `q-${qid}-t`,
    result: () => result,
    get: () => answers[qid] ?? null,
    set(v: unknown, touch = true) {
      if (v == null) delete answers[qid]
      else answers[qid] = v
      delete serverErrors[qid]
      if (touch) touched.add(qid)
      // A tap shows its consequences at once; typing re-renders once per frame.
      if (touch) renderNow()
      else schedule()
    },
    touch() {
      touched.add(qid)
      schedule()
    },
    text(key: string, fb?: unknown) {
      const t = result.texts[key]
      return resolve((t ?? fb) as Record<string, string>, locale, def)
    },
    options: () => result.visible_options[qid] || [],
    rows: () => result.visible_rows[qid] || [],
    columns: () => result.visible_columns[qid] || [],
    option: (c: string) => findOption(def, qq, c),
    announce: (s: string) => (live.textContent = s),
  }
}

let pending = 0
function renderNow() {
  if (pending) cancelAnimationFrame(pending)
  pending = 0
  render()
  if (single()) debounceSave()
}

function schedule() {
  if (pending) return
  pending = requestAnimationFrame(() => {
    pending = 0
    render()
  })
  if (single()) debounceSave()
}

function shownQuestions(): string[] {
  if (!single()) return result.page_questions[page] || []
  return result.visible_pages.flatMap((p) => result.page_questions[p] || [])
}

function errorOf(qid: string): AnswerError | null {
  const e = result.errors[qid]
  if (e && (attempted || (touched.has(qid) && !LATE.has(e.code)))) return e
  if (serverErrors[qid]) return { code: 'server', message: serverErrors[qid] }
  return null
}

function render() {
  result = run()
  const missing = (result as { missing_regions?: string[] }).missing_regions
  if (missing?.length) Promise.all(missing.map(regions)).then(schedule, () => {})
  const qids = shownQuestions()
  const nodes: Node[] = []
  const titles: Record<string, string> = {}
  for (const p of single() ? result.visible_pages : []) {
    const t = resolve(result.texts[p], locale, def)
    if (t) titles[(result.page_questions[p] || [])[0]] = t
  }
  for (const qid of qids) {
    let v = views.get(qid)
    if (!v) views.set(qid, (v = questionView(ctx(qid))))
    if (titles[qid]) nodes.push(h('h2', { class: 'pt-title' }, titles[qid]))
    nodes.push(v.el)
    const e = errorOf(qid)
    v.update(e && e.code === 'server' ? { code: 'invalid', message: '' } : e)
    if (e?.code === 'server') (v.el.querySelector('.err') as HTMLElement).textContent = m.serverInvalid
  }
  order(list, nodes)
  const pt = single() ? '' : resolve(result.texts[page], locale, def)
  pageTitle.textContent = pt
  pageTitle.hidden = !pt
  const vp = result.visible_pages
  const idx = single() ? 0 : Math.max(0, vp.indexOf(page))
  const pct = single()
    ? Math.round((qids.filter((x) => answers[x] != null).length / Math.max(1, qids.length)) * 100)
    : Math.round((idx / Math.max(1, vp.length)) * 100)
  barFill.style.width = `${pct}%`
  bar.setAttribute('aria-valuenow', String(pct))
  if (attempted && alert.textContent) {
    const n = qids.filter((x) => result.errors[x] || serverErrors[x]).length
    alert.textContent = n ? fmt(m.fixErrors, { n }) : ''
  }
  backBtn.hidden = single() || !result.prev_page
  nextBtn.textContent = single() || !result.next_page ? m.submit : m.next
  evaluated?.(result, { answers, params, current_page: single() ? '' : page, seed: id, locale })
}

function timingKey() {
  return single() ? '$all' : page
}

function tick() {
  const now = performance.now()
  if (document.visibilityState !== 'hidden') timing[timingKey()] = Math.round((timing[timingKey()] || 0) + (now - shownAt))
  shownAt = now
}

function onVisibility() {
  if (document.visibilityState === 'hidden') {
    tick()
    flushSave(true)
  } else shownAt = performance.now()
}

function onPop(e: PopStateEvent) {
  const to = (e.state as { p?: string } | null)?.p
  const vp = result.visible_pages
  if (finished || single() || !to) return
  if (vp.indexOf(to) >= 0 && vp.indexOf(to) < vp.indexOf(page)) go(to, false)
  else history.pushState({ p: page }, '')
}

function go(to: string, push: boolean) {
  tick()
  main.querySelector('.note')?.remove()
  alert.textContent = ''
  page = to
  attempted = false
  if (push && !PREVIEW) history.pushState({ p: page }, '')
  render()
  void save()
  scrollTo(0, 0)
  ;(pageTitle.hidden ? (root.querySelector('h1') as HTMLElement) : pageTitle).focus()
}

function back() {
  if (result.prev_page) go(result.prev_page, false)
}

async function next() {
  if (nextBtn.disabled) return
  attempted = true
  render()
  const qids = shownQuestions()
  const bad = qids.filter((x) => result.errors[x])
  if (bad.length) {
    alert.textContent = fmt(m.fixErrors, { n: bad.length })
    const v = views.get(bad[0])
    v?.el.scrollIntoView({ block: 'start' })
    v?.focus()
    return
  }
  alert.textContent = ''
  if (!single() && result.next_page) return go(result.next_page, true)
  await finish()
}

// ---- saving -------------------------------------------------------------

function payload(final: boolean): Record<string, unknown> {
  const sent: Answers = {}
  for (const k in answers) if (!final || result.visible_questions.includes(k)) sent[k] = answers[k]
  const b: Record<string, unknown> = {
    id, survey_code: code, version: survey.version, answers: sent, params, current_page: page, final, timing: { ...timing },
    device_id: deviceId(), website: honeypot.value, started_at: started,
  }
  if (q.get('openid')) b.openid = q.get('openid')
  if (q.get('invite')) b.invite_token = q.get('invite')
  if (q.get('contact')) b.contact_id = q.get('contact')
  if (consent != null) b.consent = { given: consent }
  return b
}

let saving: Promise<void> | null = null
let again = false

/** Saves the answers as a partial response; saves never overlap and the latest state wins. */
async function save(keepalive = false): Promise<void> {
  if (finished || PREVIEW) return
  if (saving) {
    again = true
    return saving
  }
  saving = (async () => {
    try {
      tick()
      const out = await submit(payload(false), keepalive)
      if (out.status !== 'partial') return outcome(out)
      if (out.resume_token || !saved || saved.id !== id) {
        saved = { ...(saved || {}), id, started, consent: consent ?? undefined, ...(out.resume_token ? { token: out.resume_token, until: out.resume_until || undefined } : {}) }
        saveSaved(code, saved)
      }
    } catch (e) {
      const err = e as ApiError
      if (err.code === 'survey_closed' || err.code === 'survey_not_open') {
        finished = true
        failure(err)
      } else if (err.code === 'response_id_taken') {
        id = randomId()
        warmPow()
      }
      // Network trouble and rate limits: the next save sends everything again.
    } finally {
      saving = null
    }
  })()
  await saving
  if (again) {
    again = false
    return save(keepalive)
  }
}

let timer = 0
function debounceSave() {
  clearTimeout(timer)
  timer = window.setTimeout(() => void save(), 4000)
}

function flushSave(keepalive: boolean) {
  if (!finished && id && Object.keys(answers).length) void save(keepalive)
}

// ---- the final submit -------------------------------------------------

async function finish(retried = false) {
  clearTimeout(timer)
  nextBtn.disabled = backBtn.disabled = true
  nextBtn.textContent = m.submitting
  tick()
  if (saving) await saving
  // The preview ends as the server would, without sending anything.
  if (PREVIEW) return outcome({ id, status: result.outcome === 'screen_out' ? 'screened_out' : 'complete', version: 0, ending: result.ending, message: {}, redirect: '' })
  let out: SubmitOutput
  try {
    warmPow()
    const token = await pow!
    out = await submit({ ...payload(true), token })
  } catch (e) {
    const err = e as ApiError
    nextBtn.disabled = backBtn.disabled = false
    render()
    if (err.code === 'answers_invalid') return invalid(err.fields)
    if (err.code === 'response_id_taken' && !retried) {
      id = randomId()
      warmPow()
      return finish(true)
    }
    if (err.code === 'survey_closed' || err.code === 'survey_not_open') return failure(err)
    alert.textContent = err.code === 'rate_limited' ? m.rateLimited : err.code === 'network' ? m.network : m.failed
    return
  }
  outcome(out)
}

/** The server found problems the page did not: go to the first and show them. */
function invalid(fields: FieldError[]) {
  serverErrors = {}
  for (const f of fields) serverErrors[f.name] = f.reason
  attempted = true
  const first = fields.map((f) => f.name).find((x) => result.visible_questions.includes(x))
  const p = first && result.visible_pages.find((pp) => result.page_questions[pp]?.includes(first))
  if (p && p !== page && !single()) go(p, true)
  else render()
  alert.textContent = fmt(m.fixErrors, { n: fields.length })
  if (first) views.get(first)?.focus()
}

function outcome(out: SubmitOutput) {
  finished = true
  clearSaved(code)
  document.removeEventListener('visibilitychange', onVisibility)
  if (out.status === 'quota_full') {
    if (out.redirect) return redirect(out.redirect)
    const msg = resolve(out.message, locale, def)
    return message(msg || m.full, { kind: 'end' })
  }
  const final = evaluate(def, { answers, params, current_page: '', seed: id, locale })
  evaluated?.(final, { answers, params, current_page: '', seed: id, locale })
  const endId = out.ending || final.ending
  const text = endId ? resolve(final.texts[endId] ?? def.endings?.find((x) => x.id === endId)?.text, locale, def) : ''
  const box = h('div', { class: 'ending' }, text ? rich(text) : out.status === 'screened_out' ? m.screenedOut : m.thanks)
  message(box, { kind: 'end' })
  const to = def.endings?.find((x) => x.id === endId)?.redirect
  if (to && !PREVIEW) setTimeout(() => redirect(to), 2500)
}

function redirect(to: string) {
  if (!/^https?:\/\//i.test(to) && !to.startsWith('/')) return message(m.full, { kind: 'end' })
  message(m.redirecting, { kind: 'end' })
  location.assign(to)
}

// ---- the designer's preview (docs/preview.md) ---------------------------

/** What ./preview drives: load a definition, go to a page; nothing is saved or sent. */
function previewHost(): PreviewHost {
  return {
    setBanner: (el) => (banner = el),
    onEvaluated: (f) => (evaluated = f),
    def: () => def,
    load(o: PreviewLoad) {
      const d = o.definition
      const keep = !!o.keepAnswers && !!def
      const s = o.settings || {}
      const pv = { collects: [] as string[], ...(s.privacy || {}) }
      const loc = pickLocale(d, [o.locale || '', ...wanted])
      const nextId = keep ? id : randomId()
      const kept = keep ? answers : {}
      // Evaluate once before touching the page's state: a definition the
      // engine cannot run leaves the previous preview as it was.
      evaluate(d, { answers: kept, params: urlParams, current_page: '', seed: nextId, locale: loc })
      survey = {
        survey_id: '', code, version: 0, title: '', definition: d, pow_bits: 0, server_time: new Date().toISOString(),
        settings: { mode: s.mode === 'single' ? 'single' : 'paged', theme: s.theme || {}, privacy: pv as PublicSurvey['settings']['privacy'], personal_info: pv.collects.some((c) => c !== 'answers') },
      }
      def = d
      locale = loc
      m = uiMessages(locale)
      document.documentElement.lang = locale
      id = nextId
      answers = { ...kept }
      params = { ...urlParams }
      if (!keep) {
        touched.clear()
        consent = null
      }
      applyPrefill()
      views.clear()
      serverErrors = {}
      attempted = finished = false
      if (nextBtn) nextBtn.disabled = backBtn.disabled = false
      page = o.page || (keep ? page : '')
      theme()
      document.title = resolve(def.title, locale, def) || ''
      if (survey.settings.personal_info && consent !== true && !keep) privacy()
      else start('')
    },
    goto(to: string): boolean {
      if (!def || !def.pages.some((p) => p.id === to)) return false
      if (finished || !main?.isConnected) {
        finished = false
        page = to
        start('')
      }
      if (single()) {
        render()
        views.get((result.page_questions[to] || [])[0])?.el.scrollIntoView({ block: 'start' })
      } else go(to, false)
      return result.visible_pages.includes(to)
    },
    note(text: string) {
      if (alert?.isConnected) alert.textContent = text
    },
  }
}