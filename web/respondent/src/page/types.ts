// The shapes the page reads: the survey definition (docs/survey-format.md),
// the engine's result (Go's survey.Result) and the public API's payloads
// (api/openapi-v1.json, tag Respondents). Only the fields the page uses.

export type Text = string | Record<string, string>

export interface Option {
  code: string
  label?: Text
  image?: string
  exclusive?: boolean
  other?: boolean
  other_optional?: boolean
  not_applicable?: boolean
  children?: Option[]
  region?: { shape: string; coords: number[] }
}
export interface Item { id: string; label?: Text }
export interface Validation {
  min_select?: number
  max_select?: number
  min_length?: number
  max_length?: number
  pattern_message?: Text
  min?: number
  max?: number
  integer?: boolean
  min_date?: string
  max_date?: string
  rules?: { valid: string; message?: Text }[]
}
export interface Blank { id: string; input?: string; label?: Text; validation?: Validation }
export interface Question {
  id: string
  type: string
  title?: Text
  required?: boolean
  input?: string
  placeholder?: Text
  blanks?: Blank[]
  options?: Option[]
  options_from?: { question: string; mode?: string }
  multiple?: boolean
  image?: string
  scale?: string
  points?: number
  start?: number
  min_label?: Text
  max_label?: Text
  best_label?: Text
  worst_label?: Text
  description?: Text
  na?: Option
  min?: number
  max?: number
  step?: number
  matrix?: string
  rows?: Item[]
  rows_from?: { question: string; mode?: string }
  columns?: Option[]
  levels?: Item[]
  city_level?: string
  video?: string
  poster?: string
  min_watch_percent?: number
  date_mode?: string
  range?: boolean
  attributes?: { id: string; label?: Text; levels: Item[] }[]
  concepts?: number
  tasks?: number
  none_label?: Text
  items_per_task?: number
  validation?: Validation
}
export interface Page { id: string; title?: Text; questions: Question[] }
export interface Ending { id: string; kind?: string; text?: Text; redirect?: string }
export interface Definition {
  default_locale?: string
  locales?: string[]
  title?: Text
  params?: { id: string; type?: 'string' | 'number' | 'bool' | 'date'; values?: string[]; prefill?: string }[]
  pages: Page[]
  endings?: Ending[]
}

export interface AnswerError { code: string; item?: string; rule?: number; message?: string }

/** What the engine returns: Go's survey.Result (docs/survey-format.md §8). */
export interface Result {
  visible_pages: string[]
  visible_questions: string[]
  page_questions: Record<string, string[]>
  visible_options: Record<string, string[]>
  visible_rows: Record<string, string[]>
  visible_columns: Record<string, string[]>
  texts: Record<string, Text>
  values: Record<string, unknown>
  answers: Record<string, unknown>
  designs?: Record<string, unknown>
  next_page: string
  prev_page: string
  errors: Record<string, AnswerError>
  complete: boolean
  outcome: string
  ending: string
}

/** What the page hands the engine: Go's survey.Input. */
export interface EvalInput {
  answers: Record<string, unknown>
  params: Record<string, string>
  current_page: string
  seed: string
  locale?: string
}

export type Answers = Record<string, unknown>

export interface Privacy {
  collects: string[]
  purpose?: Text
  retention?: Text
  controller?: Text
}
export interface Settings {
  privacy: Privacy
  personal_info: boolean
  mode: 'paged' | 'single'
  theme?: { logo?: string; color?: string }
  resume?: { enabled: boolean; expiry_days: number }
  require_token?: boolean
  /** WeChat web authorisation runs for this survey: `code` and `state` in the URL are WeChat's, not channel parameters. */
  wechat_auth?: boolean
}
export interface PublicSurvey {
  survey_id: string
  code: string
  version: number
  title: string
  definition: Definition
  settings: Settings
  pow_bits: number
  server_time: string
}
export interface SubmitOutput {
  id: string
  status: 'partial' | 'complete' | 'screened_out' | 'quota_full'
  version: number
  ending: string
  message: Record<string, string>
  redirect: string
  resume_token?: string
  resume_until?: string | null
}
export interface ResumeOutput {
  id: string
  survey_id: string
  version: number
  answers: Answers
  params: Record<string, string>
  current_page: string
}
