// The shapes of the survey definition format (docs/survey-format.md §1–§5),
// of the evaluator's input and of its result (§8), as JSON has them: field
// names are the JSON names, so a definition from the server is used as is.
import type { DateValue, JSONValue, Value } from '../logic'
import type { RegionSource } from './region'

/** A display text: one string for every locale, or locale → string (§2). */
export type Text = string | Readonly<Record<string, string>>

/** Plain JSON data, as JSON.parse returns it. */
export type JSONData = null | boolean | number | string | JSONData[] | { [k: string]: JSONData }

/** A survey definition: one version of a survey (§1). */
export interface Definition {
  format_version: number
  id?: string
  default_locale?: string
  locales?: string[]
  title?: Text
  description?: Text
  params?: Param[]
  variables?: Variable[]
  assign?: Assignment[]
  pages: Page[]
  endings?: Ending[]
}

/** A URL parameter or hidden field, {$param.id}. */
export interface Param {
  id: string
  type?: 'string' | 'number' | 'bool' | 'date'
  label?: Text
  values?: string[]
  /** A question whose initial answer the page takes from this parameter (survey-format.md §1). */
  prefill?: string
}

/** A hidden variable, {$var.id}; initial is in the logic JSON encoding. */
export interface Variable {
  id: string
  type?: 'any' | 'number' | 'string' | 'bool' | 'date' | 'list'
  initial?: JSONValue
}

/** A page of questions (§3). */
export interface Page {
  id: string
  title?: Text
  description?: Text
  display?: string
  shuffle_questions?: boolean
  questions: Question[]
  jumps?: Jump[]
  assign?: Assignment[]
}

/** The question types of §4. */
export type QuestionType =
  | 'single' | 'multiple' | 'text' | 'blanks' | 'rating' | 'matrix' | 'city' | 'dropdown'
  | 'hotspot' | 'video' | 'date' | 'cbc' | 'maxdiff' | 'ranking' | 'slider' | 'description'

/** A question; which type fields apply depends on type (§4). */
export interface Question {
  id: string
  type: QuestionType
  title?: Text
  description?: Text
  required?: boolean
  display?: string
  input?: 'line' | 'multiline' | 'number' | 'email' | 'phone'
  placeholder?: Text
  blanks?: Blank[]
  options?: Option[]
  options_from?: OptionSource
  shuffle_options?: boolean
  multiple?: boolean
  image?: string
  scale?: 'number' | 'star' | 'smiley' | 'nps'
  points?: number
  start?: number
  min_label?: Text
  max_label?: Text
  na?: Option
  min?: number
  max?: number
  step?: number
  matrix?: 'single' | 'multiple' | 'rating' | 'dropdown'
  rows?: Item[]
  rows_from?: OptionSource
  columns?: Option[]
  shuffle_rows?: boolean
  shuffle_columns?: boolean
  levels?: Item[]
  city_level?: 'province' | 'city' | 'district'
  video?: string
  poster?: string
  min_watch_percent?: number
  date_mode?: 'date' | 'time' | 'datetime'
  range?: boolean
  attributes?: Attribute[]
  concepts?: number
  tasks?: number
  none_label?: Text
  items_per_task?: number
  best_label?: Text
  worst_label?: Text
  validation?: Validation
  jumps?: Jump[]
  assign?: Assignment[]
}

/** An option, matrix column, hotspot region, MaxDiff item or rating "n/a". */
export interface Option {
  code: string
  label?: Text
  image?: string
  score?: number
  exclusive?: boolean
  other?: boolean
  other_optional?: boolean
  not_applicable?: boolean
  pinned?: boolean
  display?: string
  jump?: Jump
  children?: Option[]
  region?: { shape: 'rect' | 'circle' | 'polygon'; coords: number[] }
}

/** A matrix row, cascade level or CBC level. */
export interface Item {
  id: string
  label?: Text
  display?: string
  pinned?: boolean
}

/** A blank of a blanks question, marked [[id]] in the title. */
export interface Blank {
  id: string
  input?: 'line' | 'number' | 'email' | 'phone'
  label?: Text
  validation?: Validation
}

/** A CBC attribute with its levels. */
export interface Attribute {
  id: string
  label?: Text
  levels: Item[]
}

/** Options (or rows) carried from an earlier question (§5.4). */
export interface OptionSource {
  question: string
  mode?: 'all' | 'selected' | 'unselected'
}

/** Answer rules (§3). */
export interface Validation {
  min_select?: number
  max_select?: number
  min_length?: number
  max_length?: number
  pattern?: string
  pattern_message?: Text
  min?: number
  max?: number
  integer?: boolean
  min_date?: string
  max_date?: string
  rules?: { valid: string; message?: Text }[]
}

/** A jump (§5.2); option jumps have no condition. */
export interface Jump {
  if?: string
  to: 'page' | 'question' | 'end' | 'screen_out'
  target?: string
}

/** An assignment (§5.5). */
export interface Assignment {
  if?: string
  target: string
  value?: string
  tick?: string
}

/** A closing screen. */
export interface Ending {
  id: string
  kind?: 'complete' | 'screen_out'
  text?: Text
  redirect?: string
}

/** What evaluate works on: the state of one response (Go's survey.Input). */
export interface Input {
  /** Answers by question id in the formats of §6 (parsed JSON); null is unanswered. */
  answers?: Readonly<Record<string, unknown>>
  /** URL parameters and hidden fields as received (text). */
  params?: Readonly<Record<string, string>>
  /** Contact attributes; use fromJSON for JSON-encoded values. */
  contact?: Readonly<Record<string, Value>>
  /** The page the respondent is on; '' (or absent) before the first. */
  current_page?: string
  /** What today() and now() read, in the survey's time zone; default 0001-01-01. */
  now?: DateValue | null
  /** Makes shuffles and designs specific to the response; '' shuffles nothing. */
  seed?: string
  /** Where city questions look divisions up (see region.ts). */
  regions?: RegionSource
}

/** The first problem of one question's answer (§9). */
export interface AnswerError {
  code: string
  item?: string
  rule?: number
  message: string
}

/** A CBC design: per task, per concept, attribute id → level id. */
export type CBCDesign = Record<string, string>[][]
/** A MaxDiff design: per task, the item codes in display order. */
export type MaxDiffDesign = string[][]

/** What a response looks like under a definition (§8; Go's survey.Result). */
export interface Result {
  visible_pages: string[]
  visible_questions: string[]
  page_questions: Record<string, string[]>
  visible_options: Record<string, string[]>
  visible_rows: Record<string, string[]>
  visible_columns: Record<string, string[]>
  /** Key → locale → rendered text; rich texts are (sanitised) HTML, plain ones are not escaped. */
  texts: Record<string, Record<string, string>>
  /** Logic values keyed like references ('q1', 'q5.r1', '$var.x'); nulls left out. */
  values: Record<string, Value>
  /** The cleaned answer set, as JSON data. */
  answers: Record<string, JSONData>
  /** CBC and MaxDiff designs for the seed (empty without one). */
  designs: Record<string, CBCDesign | MaxDiffDesign>
  next_page: string
  prev_page: string
  errors: Record<string, AnswerError>
  complete: boolean
  outcome: '' | 'complete' | 'screen_out'
  ending: string
  /** Rules that failed at run time (they counted as false or null). */
  rule_errors: { name: string; reason: string }[]
  /**
   * Region lists (parent codes, '' for provinces) that a city answer needed
   * but input.regions had not loaded; load them and evaluate again. Not in
   * Go's result: the server has all the data.
   */
  missing_regions: string[]
}
