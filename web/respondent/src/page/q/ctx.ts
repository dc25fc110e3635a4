// What a question renderer gets from the page, and what it gives back.
import type { Messages } from '../i18n'
import type { Definition, Option, Question, Result, Text } from '../types'

export interface QCtx {
  def: Definition
  q: Question
  m: Messages
  locale: string
  /** The base of this question's DOM ids: "q-<id>". */
  id: string
  titleId: string
  result(): Result
  /** The raw answer as the page holds it (docs/survey-format.md §6). */
  get(): unknown
  /** Sets the answer; touched=false while the respondent is still typing. */
  set(v: unknown, touched?: boolean): void
  touch(): void
  /** A text of the engine's result for the page locale, else the fallback from the definition. */
  text(key: string, fallback?: Text): string
  /** Visible option / row / column codes in display order. */
  options(): string[]
  rows(): string[]
  columns(): string[]
  /** The definition of an option, carried options included. */
  option(code: string): Option | undefined
  /** Says something to screen readers (polite). */
  announce(s: string): void
}

export interface Part {
  el: Node
  update(): void
  focus(): void
  /** role of the question's container: group (default) or radiogroup. */
  role?: string
  /** Renders the title itself (blanks put their inputs into the sentence). */
  title?(el: HTMLElement, html: string): void
}

export type Renderer = (c: QCtx) => Part

/** The question with an id, anywhere in the definition. */
export function question(def: Definition, id: string): Question | undefined {
  for (const p of def.pages) for (const q of p.questions) if (q.id === id) return q
  return undefined
}

/** An option of q by code: its own, else one carried from its source (chains followed). */
export function findOption(def: Definition, q: Question, code: string, depth = 0): Option | undefined {
  const own = q.options?.find((o) => o.code === code)
  if (own || depth > 20) return own
  const from = q.options_from || q.rows_from
  const src = from && question(def, from.question)
  const o = src && findOption(def, src, code, depth + 1)
  // Carried options keep code, label, image and not-applicable only.
  return o && { code: o.code, label: o.label, image: o.image, not_applicable: o.not_applicable }
}
