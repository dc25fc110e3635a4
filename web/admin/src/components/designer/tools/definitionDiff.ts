// A readable structural diff of two survey definitions (issue #6 item 6:
// "version history with a readable diff between versions"). Elements are
// matched by identity — pages, questions and endings by id, options and
// columns by code, rows, blanks, levels and attributes by id — never by
// position, so a moved question is one "moved" line, not a removal and an
// addition. Texts are compared per locale. Only the definition is compared:
// collection settings (quotas, privacy, …) are not part of a version.
import type { LocalText, SurveyDefinition } from '../../../api/surveyTypes'
import { resolveText } from '../../../composables/useLocalText'

export type ChangeKind = 'added' | 'removed' | 'moved' | 'changed'
export type ElementKind = 'survey' | 'page' | 'question' | 'option' | 'column' | 'row' | 'blank' | 'level' | 'attribute' | 'ending'

export interface Change {
  kind: ChangeKind
  element: ElementKind
  /** The element's id (an option's code); '' for the survey. */
  id: string
  /** The page of a question, the question of an item. */
  parent?: string
  /** For changed: the field (title, label, display, required, …). */
  field?: string
  /** For a changed text: the locale ('' when the text is the same in every locale). */
  locale?: string
  /** Old and new value as text (texts as written, other values as compact JSON); a moved question's old and new page. */
  before?: string
  after?: string
  /** The change concerns logic: display, jumps, assignments, option sources. */
  logic?: boolean
}

type Obj = Record<string, unknown>

/** Fields whose change is a change of logic (docs/survey-format.md §5). */
const LOGIC = new Set(['display', 'jumps', 'jump', 'assign', 'options_from', 'rows_from'])
/** Texts compared locale by locale. */
const TEXTS = new Set(['title', 'description', 'label', 'text', 'placeholder', 'min_label', 'max_label', 'best_label', 'worst_label', 'none_label'])
/** Item lists of a question, with the key that identifies an item and the element kind shown. */
const LISTS: [field: string, key: 'code' | 'id', kind: ElementKind][] = [
  ['options', 'code', 'option'],
  ['columns', 'code', 'column'],
  ['rows', 'id', 'row'],
  ['blanks', 'id', 'blank'],
  ['levels', 'id', 'level'],
  ['attributes', 'id', 'attribute'],
]
const LIST_FIELDS = new Set(LISTS.map(([f]) => f))

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : [])

/** JSON with object keys sorted, so key order never counts as a change. */
export function stable(v: unknown): string {
  if (v === undefined) return ''
  if (Array.isArray(v)) return `[${v.map((x) => stable(x) || 'null').join(',')}]`
  if (isObj(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

/** An added or removed element's text in the survey's default locale (a line names it; the details are in the version). */
function name(v: unknown, def: SurveyDefinition): string {
  if (typeof v === 'string' || isObj(v)) return resolveText(v as LocalText, def.default_locale ?? 'zh-CN', def)
  return ''
}

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : stable(v))

function textChanges(field: string, a: unknown, b: unknown, base: Omit<Change, 'kind' | 'field'>): Change[] {
  const norm = (t: unknown): Record<string, string> =>
    typeof t === 'string' ? { '': t } : isObj(t) ? (Object.fromEntries(Object.entries(t).filter(([, s]) => typeof s === 'string')) as Record<string, string>) : {}
  const ma = norm(a as LocalText)
  const mb = norm(b as LocalText)
  const locales = [...new Set([...Object.keys(ma), ...Object.keys(mb)])]
  return locales
    .filter((l) => (ma[l] ?? '') !== (mb[l] ?? ''))
    .map((l) => ({ ...base, kind: 'changed' as const, field, locale: l, before: ma[l] ?? '', after: mb[l] ?? '' }))
}

/** Field-by-field changes of two versions of one element, skipping the fields handled structurally. */
function fieldChanges(a: Obj, b: Obj, skip: Set<string>, base: Omit<Change, 'kind' | 'field'>): Change[] {
  const out: Change[] = []
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.has(k))
  for (const k of keys) {
    if (TEXTS.has(k)) {
      out.push(...textChanges(k, a[k], b[k], base))
      continue
    }
    if (stable(a[k]) === stable(b[k])) continue
    out.push({ ...base, kind: 'changed', field: k, before: show(a[k]), after: show(b[k]), ...(LOGIC.has(k) ? { logic: true } : {}) })
  }
  return out
}

/**
 * The ids common to both sequences that changed place: those outside a
 * longest run kept in the same relative order (an increasing subsequence of
 * new positions, O(n log n)), so moving one question down one step reports
 * that question only.
 */
export function movedIds(before: string[], after: string[]): Set<string> {
  const pos = new Map(after.map((id, i) => [id, i]))
  const common = before.filter((id) => pos.has(id))
  const seq = common.map((id) => pos.get(id) as number)
  const tails: number[] = []
  const tailIdx: number[] = []
  const prev: number[] = new Array(seq.length).fill(-1)
  seq.forEach((v, i) => {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (tails[mid] < v) lo = mid + 1
      else hi = mid
    }
    tails[lo] = v
    tailIdx[lo] = i
    prev[i] = lo > 0 ? tailIdx[lo - 1] : -1
  })
  const kept = new Set<string>()
  for (let i = tails.length ? tailIdx[tails.length - 1] : -1; i >= 0; i = prev[i]) kept.add(common[i])
  return new Set(common.filter((id) => !kept.has(id)))
}

function itemChanges(a: Obj, b: Obj, question: string, da: SurveyDefinition, db: SurveyDefinition): Change[] {
  const out: Change[] = []
  for (const [field, key, element] of LISTS) {
    const before = arr(a[field])
    const after = arr(b[field])
    const id = (o: Obj) => String(o[key] ?? '')
    const ba = new Map(before.map((o) => [id(o), o]))
    const bb = new Map(after.map((o) => [id(o), o]))
    const moved = movedIds(before.map(id), after.map(id))
    for (const o of before) if (!bb.has(id(o))) out.push({ kind: 'removed', element, id: id(o), parent: question, before: name(o.label, da) })
    for (const o of after) {
      const old = ba.get(id(o))
      const base = { element, id: id(o), parent: question }
      if (!old) {
        out.push({ ...base, kind: 'added', after: name(o.label, db) })
        continue
      }
      if (moved.has(id(o))) out.push({ ...base, kind: 'moved' })
      out.push(...fieldChanges(old, o, new Set([key]), base))
    }
  }
  return out
}

interface Located {
  q: Obj
  page: string
}

function questionsOf(def: SurveyDefinition): Map<string, Located> {
  const out = new Map<string, Located>()
  for (const p of arr(def.pages)) for (const q of arr(p.questions)) out.set(String(q.id), { q, page: String(p.id) })
  return out
}

/** Every change from before to after, in reading order: survey, pages, questions (with their items), endings. */
export function diffDefinitions(before: SurveyDefinition, after: SurveyDefinition): Change[] {
  const out: Change[] = []
  out.push(...fieldChanges(before as Obj, after as Obj, new Set(['pages', 'endings', 'format_version']), { element: 'survey', id: '' }))

  // Pages.
  const pa = arr(before.pages)
  const pb = arr(after.pages)
  const pageA = new Map(pa.map((p) => [String(p.id), p]))
  const pageB = new Map(pb.map((p) => [String(p.id), p]))
  const movedPages = movedIds([...pageA.keys()], [...pageB.keys()])
  for (const [id, p] of pageA) if (!pageB.has(id)) out.push({ kind: 'removed', element: 'page', id, before: name(p.title, before) })
  for (const [id, p] of pageB) {
    const old = pageA.get(id)
    if (!old) {
      out.push({ kind: 'added', element: 'page', id, after: name(p.title, after) })
      continue
    }
    if (movedPages.has(id)) out.push({ kind: 'moved', element: 'page', id })
    out.push(...fieldChanges(old, p, new Set(['id', 'questions']), { element: 'page', id }))
  }

  // Questions, matched across pages.
  const qa = questionsOf(before)
  const qb = questionsOf(after)
  // Moved: to another page, or out of order among the questions that stay on
  // its page (so moving a whole page does not report all its questions).
  const movedQs = new Set<string>()
  for (const p of pb) {
    const pid = String(p.id)
    const stay = (ids: string[]) => ids.filter((id) => qa.get(id)?.page === pid && qb.get(id)?.page === pid)
    for (const id of movedIds(stay([...qa.keys()]), stay([...qb.keys()]))) movedQs.add(id)
  }
  for (const [id, { q, page }] of qa) if (!qb.has(id)) out.push({ kind: 'removed', element: 'question', id, parent: page, before: name(q.title, before) })
  for (const [id, { q, page }] of qb) {
    const old = qa.get(id)
    const base = { element: 'question' as const, id, parent: page }
    if (!old) {
      out.push({ ...base, kind: 'added', after: name(q.title, after) })
      continue
    }
    if (old.page !== page || movedQs.has(id)) out.push({ ...base, kind: 'moved', before: old.page, after: page })
    out.push(...fieldChanges(old.q, q, new Set(['id', ...LIST_FIELDS]), base))
    out.push(...itemChanges(old.q, q, id, before, after))
  }

  // Endings.
  const ea = new Map(arr(before.endings).map((e) => [String(e.id), e]))
  const eb = new Map(arr(after.endings).map((e) => [String(e.id), e]))
  for (const [id, e] of ea) if (!eb.has(id)) out.push({ kind: 'removed', element: 'ending', id, before: name(e.text, before) })
  for (const [id, e] of eb) {
    const old = ea.get(id)
    if (!old) out.push({ kind: 'added', element: 'ending', id, after: name(e.text, after) })
    else out.push(...fieldChanges(old, e, new Set(['id']), { element: 'ending', id }))
  }
  return out
}

/** Counts for a one-line summary ("3 added, 1 removed, …"). */
export function summarise(changes: Change[]): Record<ChangeKind, number> & { logic: number } {
  const n = { added: 0, removed: 0, moved: 0, changed: 0, logic: 0 }
  for (const c of changes) {
    n[c.kind]++
    if (c.logic) n.logic++
  }
  return n
}
