import { useI18n } from 'vue-i18n'
import type {
  DefinitionItem,
  DefinitionOption,
  DefinitionQuestion,
  LocalText,
  SurveyDefinition,
} from '../api/surveyTypes'
import { plainText, resolveText } from './useLocalText'

export type Translate = (key: string, named?: Record<string, unknown>) => string

/** How answers are worded: the reader's language, the survey's locales, and the app's phrases. */
export interface AnswerContext {
  locale: string
  survey: SurveyDefinition
  t: Translate
}

/** One answered (or known) question of a response, ready to show. */
export interface AnswerRow {
  id: string
  /** The question's title in the reader's language; the id when the definition lacks the question. */
  title: string
  type: string
  /** The answer, one line per part (rows of a matrix, blanks, ranks …). */
  lines: string[]
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const compact = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/** Every question of a definition by id, in page order. */
export function questionsOf(def: SurveyDefinition | null | undefined): Map<string, DefinitionQuestion> {
  const out = new Map<string, DefinitionQuestion>()
  for (const page of def?.pages ?? []) for (const question of page.questions ?? []) out.set(question.id, question)
  return out
}

function text(value: LocalText | undefined, ctx: AnswerContext): string {
  return plainText(resolveText(value, ctx.locale, ctx.survey))
}

/** The options a question offers, its own and those carried from earlier questions (options_from). */
function optionsOf(q: DefinitionQuestion, ctx: AnswerContext, seen = new Set<string>()): DefinitionOption[] {
  if (seen.has(q.id)) return []
  seen.add(q.id)
  const own = q.options ?? []
  const source = q.options_from && questionsOf(ctx.survey).get(q.options_from.question)
  return source ? [...optionsOf(source, ctx, seen), ...own] : own
}

/** Matrix rows, including rows carried from an earlier question's options (rows_from). */
function rowsOf(q: DefinitionQuestion, ctx: AnswerContext): DefinitionItem[] {
  const source = q.rows_from && questionsOf(ctx.survey).get(q.rows_from.question)
  const carried = source ? optionsOf(source, ctx).map((o) => ({ id: o.code, label: o.label })) : []
  return [...carried, ...(q.rows ?? [])]
}

function labelOf(list: { code?: string; id?: string; label?: LocalText }[], code: unknown, ctx: AnswerContext): string {
  const key = String(code)
  const found = list.find((item) => (item.code ?? item.id) === key)
  return (found && text(found.label, ctx)) || key
}

/** A chosen option, with the text typed into "other" when there is one. */
function withOther(label: string, other: unknown, ctx: AnswerContext): string {
  return typeof other === 'string' && other !== '' ? ctx.t('responses.answer.other', { label, text: other }) : label
}

function joinList(items: string[], ctx: AnswerContext): string {
  return items.join(ctx.t('responses.answer.separator'))
}

function formatChoice(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string[] {
  const options = optionsOf(q, ctx)
  const chosen = isObject(value) ? value.value : value
  const other = isObject(value) ? value.other : undefined
  const optionText = (code: unknown) => {
    const label = labelOf(options, code, ctx)
    return options.find((o) => o.code === code)?.other ? withOther(label, other, ctx) : label
  }
  if (Array.isArray(chosen)) return [joinList(chosen.map(optionText), ctx)]
  if (typeof chosen === 'string') return [optionText(chosen)]
  return [compact(value)]
}

/** A cascading dropdown: the labels along the chosen path, one level after another. */
function formatCascade(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string[] {
  if (!Array.isArray(value)) return [compact(value)]
  const labels: string[] = []
  let level: DefinitionOption[] | undefined = q.options
  for (const code of value) {
    const option: DefinitionOption | undefined = level?.find((o) => o.code === code)
    labels.push(option ? text(option.label, ctx) || String(code) : String(code))
    level = option?.children
  }
  return [labels.join(' / ')]
}

function formatRating(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string {
  if (typeof value === 'number') {
    const max = q.scale === 'nps' ? 10 : (q.start ?? 1) + (q.points ?? 5) - 1
    return `${value} / ${max}`
  }
  if (q.na && value === q.na.code) return text(q.na.label, ctx) || q.na.code
  return compact(value)
}

function formatMatrixCell(q: DefinitionQuestion, cell: unknown, ctx: AnswerContext): string {
  const columns = q.columns ?? []
  switch (q.matrix ?? 'single') {
    case 'multiple':
      return Array.isArray(cell) ? joinList(cell.map((c) => labelOf(columns, c, ctx)), ctx) : compact(cell)
    case 'rating':
      return formatRating(q, cell, ctx)
    case 'dropdown':
      if (!isObject(cell)) return compact(cell)
      return joinList(
        columns
          .filter((c) => c.code in cell)
          .map((c) => `${text(c.label, ctx) || c.code}: ${labelOf(q.options ?? [], cell[c.code], ctx)}`),
        ctx,
      )
    default:
      return labelOf(columns, cell, ctx)
  }
}

function formatMatrix(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string[] {
  if (!isObject(value)) return [compact(value)]
  const rows = rowsOf(q, ctx)
  const known = rows.filter((r) => r.id in value).map((r) => r.id)
  const ids = [...known, ...Object.keys(value).filter((id) => !known.includes(id))]
  return ids.map((id) => `${labelOf(rows, id, ctx)}: ${formatMatrixCell(q, value[id], ctx)}`)
}

function formatBlanks(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string[] {
  if (!isObject(value)) return [compact(value)]
  const blanks = q.blanks ?? []
  const known = blanks.filter((b) => b.id in value).map((b) => b.id)
  const ids = [...known, ...Object.keys(value).filter((id) => !known.includes(id))]
  return ids.map((id) => `${labelOf(blanks, id, ctx)}: ${compact(value[id])}`)
}

function formatCbc(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string[] {
  if (!isObject(value) || !Array.isArray(value.choices)) return [compact(value)]
  const tasks = Array.isArray(value.tasks) ? value.tasks : []
  const attributes = q.attributes ?? []
  return value.choices.map((choice, i) => {
    const task = ctx.t('responses.answer.task', { n: i + 1 })
    if (choice === 'none' || typeof choice !== 'number') return `${task}: ${ctx.t('responses.answer.none')}`
    const concept = (tasks[i] as unknown[] | undefined)?.[choice]
    const levels = isObject(concept)
      ? attributes
          .filter((a) => a.id in concept)
          .map((a) => `${text(a.label, ctx) || a.id} ${labelOf(a.levels ?? [], concept[a.id], ctx)}`)
      : []
    const name = ctx.t('responses.answer.concept', { n: choice + 1 })
    return levels.length ? `${task}: ${name} (${joinList(levels, ctx)})` : `${task}: ${name}`
  })
}

function formatMaxDiff(q: DefinitionQuestion, value: unknown, ctx: AnswerContext): string[] {
  if (!isObject(value)) return [compact(value)]
  const best = Array.isArray(value.best) ? value.best : []
  const worst = Array.isArray(value.worst) ? value.worst : []
  const items = q.options ?? []
  return Array.from({ length: Math.max(best.length, worst.length) }, (_, i) => {
    const parts = [
      ctx.t('responses.answer.best', { item: best[i] === undefined ? '—' : labelOf(items, best[i], ctx) }),
      ctx.t('responses.answer.worst', { item: worst[i] === undefined ? '—' : labelOf(items, worst[i], ctx) }),
    ]
    return `${ctx.t('responses.answer.task', { n: i + 1 })}: ${joinList(parts, ctx)}`
  })
}

function formatCity(value: unknown): string[] {
  if (isObject(value)) {
    const names = Array.isArray(value.names) ? value.names : []
    const codes = Array.isArray(value.codes) ? value.codes : []
    return [(names.length ? names : codes).map(String).join(' / ')]
  }
  return Array.isArray(value) ? [value.map(String).join(' / ')] : [compact(value)]
}

function formatDate(value: unknown, ctx: AnswerContext): string[] {
  if (isObject(value) && ('from' in value || 'to' in value)) {
    return [ctx.t('responses.answer.range', { from: compact(value.from ?? '—'), to: compact(value.to ?? '—') })]
  }
  return [compact(value)]
}

function formatVideo(value: unknown, ctx: AnswerContext): string[] {
  if (!isObject(value)) return [compact(value)]
  return [ctx.t('responses.answer.video', { percent: Number(value.percent ?? 0), seconds: Number(value.seconds ?? 0) })]
}

/**
 * One answer as readable lines, by the question's type: option labels
 * instead of codes where the definition has them, a line per matrix row,
 * blank, rank or task. Anything of an unexpected shape is shown as JSON,
 * so nothing stored is hidden. No lines for no answer.
 */
export function formatAnswer(q: DefinitionQuestion | undefined, value: unknown, ctx: AnswerContext): string[] {
  if (value === null || value === undefined) return []
  if (!q) return [compact(value)]
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'hotspot':
      return formatChoice(q, value, ctx)
    case 'dropdown':
      return q.levels?.length ? formatCascade(q, value, ctx) : formatChoice(q, value, ctx)
    case 'ranking':
      if (!Array.isArray(value)) return [compact(value)]
      return value.map((code, i) => `${i + 1}. ${labelOf(optionsOf(q, ctx), code, ctx)}`)
    case 'rating':
      return [formatRating(q, value, ctx)]
    case 'matrix':
      return formatMatrix(q, value, ctx)
    case 'blanks':
      return formatBlanks(q, value, ctx)
    case 'city':
      return formatCity(value)
    case 'date':
      return formatDate(value, ctx)
    case 'video':
      return formatVideo(value, ctx)
    case 'cbc':
      return formatCbc(q, value, ctx)
    case 'maxdiff':
      return formatMaxDiff(q, value, ctx)
    default:
      return [compact(value)]
  }
}

/**
 * The answers of a response against a definition: its questions in survey
 * order, then answers to questions the definition does not have (kept, so
 * nothing stored is hidden).
 */
export function answerRows(def: SurveyDefinition | null | undefined, answers: Record<string, unknown>, ctx: AnswerContext): AnswerRow[] {
  const questions = questionsOf(def)
  const rows: AnswerRow[] = []
  for (const [id, q] of questions) {
    if (!(id in answers)) continue
    rows.push({ id, title: text(q.title, ctx) || id, type: q.type, lines: formatAnswer(q, answers[id], ctx) })
  }
  for (const [id, value] of Object.entries(answers)) {
    if (!questions.has(id)) rows.push({ id, title: id, type: '', lines: formatAnswer(undefined, value, ctx) })
  }
  return rows
}

/** answerRows in the current language. */
export function useAnswerFormat() {
  const { t, locale } = useI18n()
  return (def: SurveyDefinition | null | undefined, answers: Record<string, unknown>): AnswerRow[] =>
    answerRows(def, answers, { locale: locale.value, survey: def ?? {}, t })
}
