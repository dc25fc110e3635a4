// What the logic components read of a survey definition (docs/survey-format.md
// §1, §3–§5): the questions in document order, which of them a rule at a
// given place may reference or jump to, their items and the kind of value a
// reference holds. Pure functions; the components never mutate the definition.
import type { DefinitionOption, DefinitionPage, DefinitionQuestion, LocalText, SurveyDefinition } from '../../../api/surveyTypes'

/** A jump rule (survey-format §5.2). */
export interface Jump {
  if?: string
  to: 'page' | 'question' | 'end' | 'screen_out'
  target?: string
}

/** Where an option jumps: a Jump without its condition. */
export type JumpTarget = Omit<Jump, 'if'>

/** An assignment rule (survey-format §5.5): value or tick. */
export interface AssignRule {
  if?: string
  target: string
  value?: string
  tick?: string
}

/** The rule-bearing fields of an option, row or column. */
export interface LogicOption extends DefinitionOption {
  display?: string
  jump?: JumpTarget
}

/** The rule-bearing fields of a question. */
export interface LogicQuestion extends DefinitionQuestion {
  display?: string
  jumps?: Jump[]
  assign?: AssignRule[]
  city_level?: 'province' | 'city' | 'district'
  date_mode?: 'date' | 'time' | 'datetime'
}

/** The rule-bearing fields of a page. */
export interface LogicPage extends DefinitionPage {
  display?: string
  jumps?: Jump[]
  assign?: AssignRule[]
}

export interface Param {
  id: string
  type?: 'string' | 'number' | 'bool' | 'date'
  values?: string[]
}

export interface Variable {
  id: string
  type?: 'any' | 'number' | 'string' | 'bool' | 'date' | 'list'
}

export interface Ending {
  id: string
  kind?: 'complete' | 'screen_out'
  text?: LocalText
}

/** A question with where it lives. */
export interface PlacedQuestion {
  q: LogicQuestion
  page: LogicPage
  pageIndex: number
  index: number
  /** Position in the whole survey, from 0. */
  order: number
  /** Element path, e.g. pages[0].questions[2]. */
  path: string
}

export const pagesOf = (def: SurveyDefinition): LogicPage[] => (def.pages ?? []) as LogicPage[]
export const paramsOf = (def: SurveyDefinition): Param[] => (Array.isArray(def.params) ? (def.params as Param[]) : [])
export const variablesOf = (def: SurveyDefinition): Variable[] => (Array.isArray(def.variables) ? (def.variables as Variable[]) : [])
export const endingsOf = (def: SurveyDefinition): Ending[] => (Array.isArray(def.endings) ? (def.endings as Ending[]) : [])
export const surveyAssignOf = (def: SurveyDefinition): AssignRule[] => (Array.isArray(def.assign) ? (def.assign as AssignRule[]) : [])

/** Every question in document order. */
export function questionsOf(def: SurveyDefinition): PlacedQuestion[] {
  const out: PlacedQuestion[] = []
  pagesOf(def).forEach((page, pageIndex) =>
    (page.questions ?? []).forEach((q, index) =>
      out.push({ q: q as LogicQuestion, page, pageIndex, index, order: out.length, path: `pages[${pageIndex}].questions[${index}]` }),
    ),
  )
  return out
}

/** Resolves a text for the designer's locale (a simplified survey-format §2). */
export function textOf(text: LocalText | undefined, locale: string, def?: SurveyDefinition): string {
  if (text === undefined) return ''
  if (typeof text === 'string') return text
  return text[locale] || text[locale.split('-')[0]] || (def?.default_locale && text[def.default_locale]) || Object.values(text).find(Boolean) || ''
}

/** Plain text of a rich text, for labels in lists. */
export const plain = (s: string): string => s.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim()

/**
 * Where a rule lives: '' survey level, 'page:<id>' a page, else a question
 * id. `inclusive` rules (jumps, assignments, validation) also see the
 * question itself, or the page's own questions; display rules and texts do
 * not (survey-format §10 forward_ref).
 */
export interface Place {
  at: string
  inclusive?: boolean
}

// limit returns the order of the first question a rule at `at` may NOT
// reference: everything before it is allowed.
function limit(def: SurveyDefinition, { at, inclusive }: Place): number {
  const all = questionsOf(def)
  if (at === '') return all.length
  if (at.startsWith('page:')) {
    const id = at.slice(5)
    const pi = pagesOf(def).findIndex((p) => p.id === id)
    if (pi < 0) return all.length
    const onPage = all.filter((x) => x.pageIndex <= pi)
    const before = all.filter((x) => x.pageIndex < pi)
    return (inclusive ? onPage : before).length
  }
  const here = all.find((x) => x.q.id === at)
  if (!here) return all.length
  return here.order + (inclusive ? 1 : 0)
}

/** The questions a rule at `place` may reference (empty survey-level list: all). */
export function questionsBefore(def: SurveyDefinition, place: Place): PlacedQuestion[] {
  const n = limit(def, place)
  return questionsOf(def).filter((x) => x.order < n && referable(x.q))
}

/** Whether a question has an answer a rule can read. */
export const referable = (q: DefinitionQuestion): boolean => q.type !== 'description'

/** Pages and questions a jump from `at` may go to: strictly after it (forward only, §5.2). */
export function targetsAfter(def: SurveyDefinition, at: string): { pages: LogicPage[]; questions: PlacedQuestion[] } {
  const all = questionsOf(def)
  const pages = pagesOf(def)
  if (at === '') return { pages, questions: all }
  let pageIndex: number
  let order: number
  if (at.startsWith('page:')) {
    pageIndex = pages.findIndex((p) => p.id === at.slice(5))
    order = all.filter((x) => x.pageIndex <= pageIndex).length - 1
  } else {
    const here = all.find((x) => x.q.id === at)
    pageIndex = here?.pageIndex ?? -1
    order = here?.order ?? -1
  }
  return { pages: pages.filter((_, i) => i > pageIndex), questions: all.filter((x) => x.order > order) }
}

/** Kinds of value a reference holds, as far as the builder cares. */
export type ValueKind = 'choice1' | 'choiceN' | 'number' | 'text' | 'date' | 'other'

/** An item a reference may name: a matrix row, a city level, a blank. */
export interface Subject {
  /** Reference key without braces: q1, q5.r1, city.province.text, $param.ch. */
  key: string
  kind: ValueKind
  /** The question it belongs to ('' for parameters and variables). */
  question: string
  /** Choices offered as values (codes with labels) for choice kinds. */
  choices: { code: string; label: LocalText | undefined }[]
  /** The label of the item (row, blank, level), if any. */
  item?: LocalText
}

const CHOICE_TYPES = ['single', 'dropdown', 'hotspot']

/** Options of a question including a carried source's (for value pickers). */
export function optionsOf(def: SurveyDefinition, q: DefinitionQuestion, seen = new Set<string>()): DefinitionOption[] {
  const own = q.options ?? []
  const from = q.options_from?.question
  if (!from || seen.has(from)) return own
  seen.add(from)
  const src = questionsOf(def).find((x) => x.q.id === from)
  return src ? [...optionsOf(def, src.q, seen), ...own] : own
}

const choices = (opts: DefinitionOption[]) => opts.map((o) => ({ code: o.code, label: o.label }))

/** What a question offers to conditions: its whole answer and its items. */
export function subjectsOf(def: SurveyDefinition, q: LogicQuestion): Subject[] {
  const base = { question: q.id, choices: [] as Subject['choices'] }
  const opts = choices(optionsOf(def, q))
  switch (q.type) {
    case 'single':
    case 'hotspot':
      return [{ ...base, key: q.id, kind: q.type === 'hotspot' && q.multiple ? 'choiceN' : 'choice1', choices: opts }]
    case 'dropdown':
      return q.levels?.length ? [{ ...base, key: q.id, kind: 'other' }] : [{ ...base, key: q.id, kind: 'choice1', choices: opts }]
    case 'multiple':
    case 'ranking':
      return [{ ...base, key: q.id, kind: 'choiceN', choices: opts }]
    case 'rating':
    case 'slider':
      return [{ ...base, key: q.id, kind: 'number' }]
    case 'text':
      return [{ ...base, key: q.id, kind: q.input === 'number' ? 'number' : 'text' }]
    case 'date':
      return [{ ...base, key: q.id, kind: q.range || (q.date_mode && q.date_mode !== 'date') ? 'other' : 'date' }]
    case 'matrix': {
      const cols = choices(q.matrix === 'dropdown' ? [] : (q.columns ?? []))
      const kind: ValueKind = q.matrix === 'rating' ? 'number' : q.matrix === 'multiple' ? 'choiceN' : q.matrix === 'dropdown' ? 'other' : 'choice1'
      const rows = (q.rows ?? []).map((r) => ({ ...base, key: `${q.id}.${r.id}`, kind, choices: kind === 'number' ? [] : cols, item: r.label }))
      return [{ ...base, key: q.id, kind: 'other' }, ...rows]
    }
    case 'city': {
      const levels = ['province', 'city', 'district'].slice(0, ['province', 'city', 'district'].indexOf(q.city_level ?? 'district') + 1)
      return [{ ...base, key: q.id, kind: 'other' }, ...levels.map((l) => ({ ...base, key: `${q.id}.${l}.text`, kind: 'text' as const, item: l }))]
    }
    case 'blanks':
      return [
        { ...base, key: q.id, kind: 'other' },
        ...(q.blanks ?? []).map((b) => ({ ...base, key: `${q.id}.${b.id}`, kind: (b.input === 'number' ? 'number' : 'text') as ValueKind, item: b.label || b.id })),
      ]
    default:
      return [{ ...base, key: q.id, kind: 'other' }]
  }
}

const PARAM_KIND: Record<string, ValueKind> = { number: 'number', date: 'date', string: 'text' }
const VAR_KIND: Record<string, ValueKind> = { number: 'number', date: 'date', string: 'text', list: 'choiceN' }

/** Every subject a rule at `place` may read: earlier questions' answers and items, parameters, variables. */
export function subjectsAt(def: SurveyDefinition, place: Place): Subject[] {
  const fromQuestions = questionsBefore(def, place).flatMap((x) => subjectsOf(def, x.q))
  const params = paramsOf(def).map<Subject>((p) => ({
    key: `$param.${p.id}`,
    kind: p.values?.length ? 'choice1' : (PARAM_KIND[p.type ?? 'string'] ?? 'other'),
    question: '',
    choices: (p.values ?? []).map((v) => ({ code: v, label: v })),
  }))
  const vars = variablesOf(def).map<Subject>((v) => ({ key: `$var.${v.id}`, kind: VAR_KIND[v.type ?? 'any'] ?? 'other', question: '', choices: [] }))
  return [...fromQuestions, ...params, ...vars]
}

/** Whether choices are single-select (CHOICE_TYPES) — used by option sources and ticks. */
export const isSingleChoice = (q: DefinitionQuestion): boolean => CHOICE_TYPES.includes(q.type) && !q.multiple

/** Question types an option source may come from (survey-format §5.4). */
export const SOURCE_TYPES = ['single', 'multiple', 'dropdown', 'ranking']

/** Question types an assignment may target (survey-format §5.5). */
export const ASSIGNABLE_TYPES = ['single', 'multiple', 'dropdown', 'text', 'rating', 'slider', 'city', 'date']

/** Finds a page or question by id. */
export function findQuestion(def: SurveyDefinition, id: string): PlacedQuestion | undefined {
  return questionsOf(def).find((x) => x.q.id === id)
}
