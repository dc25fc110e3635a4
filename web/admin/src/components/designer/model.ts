// Pure model functions of the survey designer (issue #6 item 2): the
// default question of each type, identifiers, moves, and element paths as
// the engine's checks name them (docs/survey-format.md §10). They mutate
// the definition given to them and never touch Vue, so they are tested
// without components.
import type {
  CheckIssue,
  DefinitionEnding,
  DefinitionItem,
  DefinitionOption,
  DefinitionPage,
  DefinitionQuestion,
  LocalText,
  SurveyDefinition,
} from '../../api/surveyTypes'

/** Every question type of the engine (docs/survey-format.md §4), in palette order. */
export const QUESTION_TYPES = [
  'single',
  'multiple',
  'text',
  'blanks',
  'rating',
  'slider',
  'matrix',
  'city',
  'dropdown',
  'hotspot',
  'video',
  'date',
  'cbc',
  'maxdiff',
  'ranking',
  'description',
] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/** What the palette offers: the types plus the cascading dropdown (a dropdown with levels). */
export const PALETTE_KINDS = [...QUESTION_TYPES.slice(0, 9), 'cascade', ...QUESTION_TYPES.slice(9)] as const
export type PaletteKind = QuestionType | 'cascade'

/** dataTransfer types of the designer's drags: a palette kind, a question ("page:index"), a page index. */
export const PALETTE_MIME = 'application/x-opencem-question-kind'
export const QUESTION_MIME = 'application/x-opencem-question'
export const PAGE_MIME = 'application/x-opencem-page'

/** Fields every question may have. */
export const COMMON_FIELDS = ['id', 'type', 'title', 'description', 'required', 'display', 'validation', 'jumps', 'assign']

/** Fields each type allows beyond the common ones (the JSON Schema's typeFields in internal/survey/schema.go). */
export const TYPE_FIELDS: Record<QuestionType, string[]> = {
  single: ['options', 'options_from', 'shuffle_options'],
  multiple: ['options', 'options_from', 'shuffle_options'],
  dropdown: ['options', 'options_from', 'shuffle_options', 'levels', 'placeholder'],
  ranking: ['options', 'options_from', 'shuffle_options'],
  hotspot: ['options', 'image', 'multiple'],
  maxdiff: ['options', 'items_per_task', 'tasks', 'best_label', 'worst_label'],
  text: ['input', 'placeholder'],
  blanks: ['blanks'],
  rating: ['scale', 'points', 'start', 'min_label', 'max_label', 'na'],
  slider: ['min', 'max', 'step', 'min_label', 'max_label'],
  matrix: [
    'matrix',
    'rows',
    'rows_from',
    'columns',
    'options',
    'shuffle_rows',
    'shuffle_columns',
    'shuffle_options',
    'scale',
    'points',
    'start',
    'min_label',
    'max_label',
    'na',
  ],
  city: ['city_level'],
  video: ['video', 'poster', 'min_watch_percent'],
  date: ['date_mode', 'range'],
  cbc: ['attributes', 'concepts', 'tasks', 'none_label'],
  description: [],
}

/** Types whose options are a plain list the options editor edits. */
export const OPTION_TYPES: QuestionType[] = ['single', 'multiple', 'dropdown', 'ranking', 'hotspot', 'maxdiff']

/** Types that may take options from an earlier question (docs/survey-format.md §5.4). */
export const OPTION_SOURCE_TYPES: QuestionType[] = ['single', 'multiple', 'dropdown', 'ranking']

/** Types whose options may jump (§5.2). */
export const OPTION_JUMP_TYPES: QuestionType[] = ['single', 'multiple', 'dropdown', 'hotspot']

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
const RESERVED = new Set(['text', 'other'])

/** A valid identifier (docs/survey-format.md §1). */
export function validId(id: string): boolean {
  return ID_PATTERN.test(id) && !RESERVED.has(id)
}

// --- Texts ---

/** The locales the survey writes texts in: the default first, then the others. */
export function surveyLocales(doc: SurveyDefinition): string[] {
  const first = doc.default_locale || 'zh-CN'
  return [first, ...(doc.locales ?? []).filter((l) => l !== first)]
}

/** A text in one locale as stored (no fallback): what the editor shows in that locale's box. */
export function textIn(text: LocalText | undefined, locale: string, defaultLocale: string): string {
  if (text === undefined || text === null) return ''
  if (typeof text === 'string') return locale === defaultLocale ? text : ''
  return text[locale] ?? ''
}

/**
 * The text with one locale changed. Plain strings become per-locale objects
 * once a second locale is written; empty locales are dropped; an empty text
 * is undefined (the field is left out).
 */
export function withText(text: LocalText | undefined, locale: string, value: string, defaultLocale: string): LocalText | undefined {
  const map: Record<string, string> = typeof text === 'string' ? { [defaultLocale]: text } : { ...(text ?? {}) }
  if (value === '') delete map[locale]
  else map[locale] = value
  const keys = Object.keys(map)
  if (keys.length === 0) return undefined
  return map
}

/** Built-in default wording of new elements, by the locales a survey uses (content, not UI). */
const WORDING: Record<string, Record<string, string>> = {
  question: { 'zh-CN': '请输入题目', en: 'Question text' },
  option: { 'zh-CN': '选项{n}', en: 'Option {n}' },
  row: { 'zh-CN': '行{n}', en: 'Row {n}' },
  column: { 'zh-CN': '列{n}', en: 'Column {n}' },
  blank: { 'zh-CN': '姓名：[[b1]]，年龄：[[b2]]', en: 'Name: [[b1]], age: [[b2]]' },
  attribute: { 'zh-CN': '属性{n}', en: 'Attribute {n}' },
  level: { 'zh-CN': '水平{n}', en: 'Level {n}' },
  cascadeLevel: { 'zh-CN': '第{n}级', en: 'Level {n}' },
  minLabel: { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
  maxLabel: { 'zh-CN': '非常满意', en: 'Very satisfied' },
  best: { 'zh-CN': '最重要', en: 'Most important' },
  worst: { 'zh-CN': '最不重要', en: 'Least important' },
  description: { 'zh-CN': '说明文字', en: 'Some explanation' },
  ending: { 'zh-CN': '感谢您的参与！', en: 'Thank you!' },
  screenOut: { 'zh-CN': '感谢您的关注，本次调查已结束。', en: 'Thank you for your interest; the survey ends here.' },
}

/** A default text in the survey's locales that have built-in wording (zh-CN and en). */
export function wording(doc: SurveyDefinition, key: keyof typeof WORDING | string, n = 0): LocalText {
  const out: Record<string, string> = {}
  for (const locale of surveyLocales(doc)) {
    const lang = locale.startsWith('zh') ? 'zh-CN' : locale.startsWith('en') ? 'en' : ''
    if (lang) out[locale] = WORDING[key][lang].replace('{n}', String(n))
  }
  if (Object.keys(out).length === 0) out[surveyLocales(doc)[0]] = WORDING[key].en.replace('{n}', String(n))
  return out
}

// --- Identifiers ---

/** Page, question and ending ids: one namespace in the survey. */
export function usedIds(doc: SurveyDefinition): Set<string> {
  const ids = new Set<string>()
  for (const page of doc.pages ?? []) {
    ids.add(page.id)
    for (const q of page.questions ?? []) ids.add(q.id)
  }
  for (const e of doc.endings ?? []) ids.add(e.id)
  return ids
}

/** The first free `<prefix><n>` (q1, q2, …; p1, …) among the survey's ids and the extra ones given. */
export function nextId(doc: SurveyDefinition, prefix: string, taken: Iterable<string> = []): string {
  const ids = usedIds(doc)
  for (const id of taken) ids.add(id)
  for (let n = 1; ; n++) if (!ids.has(`${prefix}${n}`)) return `${prefix}${n}`
}

/** Item codes A, B, …, Z, AA, AB, … that are not in use. */
export function nextCode(taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let n = 0; ; n++) {
    let code = ''
    let k = n
    do {
      code = String.fromCharCode(65 + (k % 26)) + code
      k = Math.floor(k / 26) - 1
    } while (k >= 0)
    if (!used.has(code)) return code
  }
}

/** The first free `<prefix><n>` among item ids. */
export function nextItemId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`
}

// --- Defaults ---

export function defaultOptions(doc: SurveyDefinition, count = 3): DefinitionOption[] {
  const out: DefinitionOption[] = []
  for (let i = 1; i <= count; i++) out.push({ code: nextCode(out.map((o) => o.code)), label: wording(doc, 'option', i) })
  return out
}

function items(doc: SurveyDefinition, prefix: string, key: string, count: number): DefinitionItem[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i + 1}`, label: wording(doc, key, i + 1) }))
}

/**
 * A new question of the kind, with a fresh id (q1, q2, …) and settings the
 * engine accepts: three options, a 5-point scale, a 3×3 matrix, … Hotspot
 * questions still need their image, video questions their URL (the checks
 * say so next to the field).
 */
export function defaultQuestion(kind: PaletteKind, doc: SurveyDefinition, taken: Iterable<string> = []): DefinitionQuestion {
  const id = nextId(doc, 'q', taken)
  const type: QuestionType = kind === 'cascade' ? 'dropdown' : kind
  const q: DefinitionQuestion = { id, type, title: wording(doc, type === 'description' ? 'description' : 'question') }
  switch (kind) {
    case 'single':
    case 'multiple':
    case 'ranking':
    case 'dropdown':
      q.options = defaultOptions(doc)
      break
    case 'cascade':
      q.levels = items(doc, 'l', 'cascadeLevel', 2)
      q.options = defaultOptions(doc, 2).map((o) => ({ ...o, children: defaultOptions(doc, 2) }))
      break
    case 'hotspot':
      q.image = ''
      q.options = defaultOptions(doc, 2).map((o, i) => ({ ...o, region: { shape: 'rect', coords: [0.1 + i * 0.45, 0.1, 0.35, 0.35] } }))
      break
    case 'maxdiff':
      q.options = defaultOptions(doc, 4)
      q.items_per_task = 3
      q.tasks = 4
      q.best_label = wording(doc, 'best')
      q.worst_label = wording(doc, 'worst')
      break
    case 'text':
      q.input = 'line'
      break
    case 'blanks':
      q.title = wording(doc, 'blank')
      q.blanks = [
        { id: 'b1', input: 'line' },
        { id: 'b2', input: 'number' },
      ]
      break
    case 'rating':
      q.scale = 'number'
      q.points = 5
      q.start = 1
      q.min_label = wording(doc, 'minLabel')
      q.max_label = wording(doc, 'maxLabel')
      break
    case 'slider':
      q.min = 0
      q.max = 100
      q.step = 1
      break
    case 'matrix':
      q.matrix = 'single'
      q.rows = items(doc, 'r', 'row', 3)
      q.columns = Array.from({ length: 3 }, (_, i) => ({ code: `c${i + 1}`, label: wording(doc, 'column', i + 1) }))
      break
    case 'city':
      q.city_level = 'district'
      break
    case 'video':
      q.video = ''
      q.min_watch_percent = 0
      break
    case 'date':
      q.date_mode = 'date'
      break
    case 'cbc':
      q.attributes = [1, 2].map((n) => ({ id: `a${n}`, label: wording(doc, 'attribute', n), levels: items(doc, 'l', 'level', 3) }))
      q.concepts = 3
      q.tasks = 6
      break
    case 'description':
      break
  }
  return q
}

/** A new empty page with a fresh id. */
export function defaultPage(doc: SurveyDefinition): DefinitionPage {
  return { id: nextId(doc, 'p'), questions: [] }
}

export function defaultEnding(doc: SurveyDefinition, kind: 'complete' | 'screen_out'): DefinitionEnding {
  const ending: DefinitionEnding = { id: nextId(doc, kind === 'complete' ? 'end' : 'out'), text: wording(doc, kind === 'complete' ? 'ending' : 'screenOut') }
  if (kind === 'screen_out') ending.kind = 'screen_out'
  return ending
}

/**
 * The question changed to another type, keeping id, texts, logic and the
 * options when the new type has them; fields the new type does not allow
 * are removed and missing ones get their defaults.
 */
export function changeType(q: DefinitionQuestion, kind: PaletteKind, doc: SurveyDefinition): DefinitionQuestion {
  const fresh = defaultQuestion(kind, doc, [q.id])
  const type = fresh.type as QuestionType
  const allowed = new Set([...COMMON_FIELDS, ...TYPE_FIELDS[type]])
  const out: Record<string, unknown> = { ...fresh, id: q.id }
  for (const [key, value] of Object.entries(q)) {
    if (key === 'type' || !allowed.has(key)) continue
    if (key === 'options' && (kind === 'cascade' || kind === 'matrix')) continue
    if (key === 'options' && kind !== 'hotspot') {
      out.options = (value as DefinitionOption[]).map(({ region: _r, children: _c, ...o }) => o)
      continue
    }
    out[key] = value
  }
  if (kind !== 'cascade' && type === 'dropdown') delete out.levels
  return out as unknown as DefinitionQuestion
}

// --- Moves ---

/** Moves list[from] so it ends up at index to (clamped); returns whether anything moved. */
export function moveItem<T>(list: T[], from: number, to: number): boolean {
  if (from < 0 || from >= list.length) return false
  const target = Math.max(0, Math.min(list.length - 1, to))
  if (target === from) return false
  const [item] = list.splice(from, 1)
  list.splice(target, 0, item)
  return true
}

export interface QuestionAt {
  page: number
  index: number
}

/**
 * Moves a question, also to another page. `to.index` is the position in the
 * target page after the move (as a drop indicator shows it). Returns the
 * question's new place, or null when nothing moved.
 */
export function moveQuestion(doc: SurveyDefinition, from: QuestionAt, to: QuestionAt): QuestionAt | null {
  const pages = doc.pages ?? []
  const source = pages[from.page]?.questions
  const target = pages[to.page]?.questions
  if (!source || !target || from.index < 0 || from.index >= source.length) return null
  if (from.page === to.page) return moveItem(source, from.index, to.index) ? { page: to.page, index: Math.max(0, Math.min(source.length - 1, to.index)) } : null
  const [q] = source.splice(from.index, 1)
  const index = Math.max(0, Math.min(target.length, to.index))
  target.splice(index, 0, q)
  return { page: to.page, index }
}

/**
 * One step up or down in document order: within the page, else to the end
 * of the previous page / the start of the next one (Alt+↑/↓).
 */
export function stepQuestion(doc: SurveyDefinition, at: QuestionAt, delta: -1 | 1): QuestionAt | null {
  const pages = doc.pages ?? []
  const list = pages[at.page]?.questions
  if (!list) return null
  const index = at.index + delta
  if (index >= 0 && index < list.length) return moveQuestion(doc, at, { page: at.page, index })
  const page = at.page + delta
  if (page < 0 || page >= pages.length) return null
  return moveQuestion(doc, at, { page, index: delta < 0 ? pages[page].questions.length : 0 })
}

/** A copy of the question with a fresh id (its item codes stay: they are unique per question). */
export function duplicateQuestion(doc: SurveyDefinition, q: DefinitionQuestion): DefinitionQuestion {
  const copy = JSON.parse(JSON.stringify(q)) as DefinitionQuestion
  copy.id = nextId(doc, 'q')
  return copy
}

// --- Options ---

/**
 * Options from pasted text, one per line (blank lines skipped, surrounding
 * spaces trimmed, leading list markers like "A." "1、" "- " removed), with
 * codes that do not clash with the ones given.
 */
export function optionsFromText(text: string, taken: Iterable<string>, locale: string): DefinitionOption[] {
  const codes = new Set(taken)
  const out: DefinitionOption[] = []
  for (const raw of text.split(/\r?\n/)) {
    const label = raw.trim().replace(/^(?:[A-Za-z]|\d{1,3})[.、)）:：]\s*|^[-*•·]\s+/, '').trim()
    if (!label) continue
    const code = nextCode(codes)
    codes.add(code)
    out.push({ code, label: { [locale]: label } })
  }
  return out
}

// --- Paths ---

export interface PathPart {
  key: string
  index?: number
}

/** pages[0].questions[2].options[1].code → [{pages,0},{questions,2},{options,1},{code}] */
export function parsePath(path: string): PathPart[] {
  if (!path) return []
  const out: PathPart[] = []
  for (const segment of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment)
    if (!m) {
      out.push({ key: segment })
      continue
    }
    const indexes = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))
    if (indexes.length === 0) out.push({ key: m[1] })
    indexes.forEach((index, i) => out.push({ key: i === 0 ? m[1] : '', index }))
  }
  return out
}

export function formatPath(parts: PathPart[]): string {
  let out = ''
  for (const p of parts) {
    if (p.key) out += (out ? '.' : '') + p.key
    if (p.index !== undefined) out += `[${p.index}]`
  }
  return out
}

/** The value at a path, or undefined. */
export function valueAt(doc: unknown, path: string): unknown {
  let node: unknown = doc
  for (const part of parsePath(path)) {
    if (part.key) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part.key] : undefined
    if (part.index !== undefined) node = Array.isArray(node) ? node[part.index] : undefined
    if (node === undefined) return undefined
  }
  return node
}

/** Lists whose entries are elements the designer selects and badges. */
const ELEMENT_LISTS = new Set(['pages', 'questions', 'options', 'columns', 'rows', 'children', 'endings', 'variables', 'params'])

/**
 * Splits an issue path into the element it concerns and the field in it:
 * `pages[0].questions[2].options[1].code` → element
 * `pages[0].questions[2].options[1]`, field `code`;
 * `pages[0].questions[2].jumps[0].target` → the question, `jumps[0].target`.
 */
export function splitIssuePath(path: string): { element: string; field: string } {
  const parts = parsePath(path)
  let last = -1
  parts.forEach((p, i) => {
    if (p.index !== undefined && ELEMENT_LISTS.has(p.key)) last = i
  })
  return { element: formatPath(parts.slice(0, last + 1)), field: formatPath(parts.slice(last + 1)) }
}

export const pagePath = (page: number) => `pages[${page}]`
export const questionPath = (page: number, index: number) => `pages[${page}].questions[${index}]`

/** The page and question indexes a path points into (the question is -1 for a page path). */
export function questionAtPath(path: string): { page: number; index: number } | null {
  const m = /^pages\[(\d+)\](?:\.questions\[(\d+)\])?/.exec(path)
  if (!m) return null
  return { page: Number(m[1]), index: m[2] === undefined ? -1 : Number(m[2]) }
}

/** The path of the question or page with this id, or ''. */
export function pathOfId(doc: SurveyDefinition, id: string): string {
  const pages = doc.pages ?? []
  for (let p = 0; p < pages.length; p++) {
    if (pages[p].id === id) return pagePath(p)
    const i = (pages[p].questions ?? []).findIndex((q) => q.id === id)
    if (i >= 0) return questionPath(p, i)
  }
  const e = (doc.endings ?? []).findIndex((x) => x.id === id)
  return e >= 0 ? `endings[${e}]` : ''
}

/**
 * Writes a field of a definition element in place, as the property panels
 * do: undefined, null, '' and false remove it (the engine's defaults), and
 * so does an empty list unless `keepEmptyList` (a question's options or
 * rows stay [] while being edited). With `checkpoint`, a boolean or number
 * is an undo step of its own; typing coalesces.
 */
export function setField(target: object, field: string, value: unknown, rules: { keepEmptyList?: boolean; checkpoint?: () => void } = {}): void {
  const record = target as Record<string, unknown>
  const discrete = typeof value === 'boolean' || typeof value === 'number'
  if (discrete) rules.checkpoint?.()
  const empty = value === undefined || value === null || value === '' || value === false || (!rules.keepEmptyList && Array.isArray(value) && value.length === 0)
  if (empty) delete record[field]
  else record[field] = value
  if (discrete) rules.checkpoint?.()
}

/** Issues that concern the element at `path` or anything inside it. */
export function issuesUnder(issues: CheckIssue[], path: string): CheckIssue[] {
  if (!path) return issues
  return issues.filter((i) => i.path === path || i.path.startsWith(path + '.') || i.path.startsWith(path + '['))
}

/** The issues whose field (relative to the element) starts with `field`. */
export function issuesForField(issues: CheckIssue[], element: string, field: string): CheckIssue[] {
  return issues.filter((i) => {
    const s = splitIssuePath(i.path)
    return s.element === element && (s.field === field || s.field.startsWith(field + '.') || s.field.startsWith(field + '['))
  })
}

/** The channel budget in seconds from the long_survey warning's reason ("… more than the limit of 600"), or 0. */
export function lengthLimit(warnings: CheckIssue[]): number {
  const w = warnings.find((x) => x.code === 'long_survey')
  const m = w ? /limit of (\d+)/.exec(w.reason) : null
  return m ? Number(m[1]) : 0
}
