// The evaluator's view of one question of one response (Go's qstate and
// optView in state.go), and what answer handlers share.
import type { Value } from '../logic'
import type { QInfo } from './definition'
import type { Evaluator } from './evaluate'
import type { AnswerError, JSONData, Jump, Option, Text } from './types'

/** An option, row or column as this response sees it. */
export interface OptView {
  code: string
  label?: Text
  /** Rendered per locale when shown. */
  labels: Record<string, string> | null
  image?: string
  exclusive?: boolean
  other?: boolean
  otherOptional?: boolean
  na?: boolean
  pinned?: boolean
  visible: boolean
  jump?: Jump
  children?: Option[]
}

/** One question's state. */
export interface QState {
  qf: QInfo
  visible: boolean
  /** Processed: later rules may read it. */
  done: boolean
  /** Effective options in display order, hidden ones included. */
  opts: OptView[]
  optIdx: Map<string, OptView>
  rows: OptView[]
  cols: OptView[]
  /** Chosen option codes after cleaning (choice types). */
  selected: string[]
  /** '' → the question's value; item → value. */
  values: Map<string, Value>
  /** item → locale → value of {q.item.text}. */
  texts: Map<string, Map<string, Value>>
  other: string
  clean: JSONData | undefined
  err: AnswerError | null
  optionJump: Jump | null
}

/** A value an assignment gave a question, applied when it is evaluated. */
export interface Pending {
  value: Value
  tick: string
}

/** The answer handling of one question type (Go's answerHandler). */
export interface Handler {
  /** Reads the raw answer (undefined when there is none or the question is hidden). */
  decode(ev: Evaluator, st: QState, raw: unknown): void
  /** Applies the values assignments gave the question. */
  assign(ev: Evaluator, st: QState, ps: Pending[]): void
  /** Validates and sets values, texts, the cleaned answer and the option jump. */
  finish(ev: Evaluator, st: QState): void
}

// English messages for designers, by code (Go's are more specific; the
// page translates codes for respondents).
const MESSAGES: Record<string, string> = {
  required: 'an answer is required',
  invalid: 'the answer does not have the shape of its type',
  invalid_option: 'the question has no such option, row, column, blank or division',
  too_few: 'too few chosen',
  too_many: 'too many chosen',
  exclusive: 'an exclusive option is combined with others',
  other_required: 'please specify the other answer',
  too_short: 'the text is too short',
  too_long: 'the text is too long',
  email: 'an e-mail address is required',
  phone: 'a phone number is required',
  not_integer: 'a whole number is required',
  too_small: 'the number is too small',
  too_large: 'the number is too large',
  step: 'the value is not on a step',
  too_early: 'the date is too early',
  too_late: 'the date is too late',
  range_order: 'the range ends before it starts',
  incomplete: 'the answer stops short',
  watch: 'the video was not watched enough',
  best_worst: 'best and worst must be two different items of the task',
  design_mismatch: 'the stored design is not the one generated for this response',
}

/** Records the question's first problem (item: the row, blank, level, cell or task). */
export function fail(st: QState, code: string, item = '', message = MESSAGES[code]): void {
  if (!st.err) st.err = item ? { code, item, message } : { code, message }
}

/** Records {q.item.text} for every locale of the survey. */
export function setText(ev: Evaluator, st: QState, item: string, f: (locale: string) => Value): void {
  st.texts.set(item, new Map(ev.c.locales.map((l) => [l, f(l)])))
}

/** An option's label in a locale: rendered when shown, else the definition's text. */
export function labelOf(ev: Evaluator, o: OptView, locale: string): string {
  return o.labels && locale in o.labels ? o.labels[locale] : ev.resolve(o.label, locale)
}

/** The codes in the order of the options; each once. */
export function inOptionOrder(opts: OptView[], codes: string[]): string[] {
  if (codes.length < 2) return codes
  const chosen = new Set(codes)
  return opts.filter((o) => chosen.delete(o.code)).map((o) => o.code)
}

/** Index of views by code, the first of duplicates. */
export function viewIndex(vs: OptView[]): Map<string, OptView> {
  const m = new Map<string, OptView>()
  for (const v of vs) if (!m.has(v.code)) m.set(v.code, v)
  return m
}
