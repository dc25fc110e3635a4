// Shapes of the survey part of the /api/v1 contract (tags Surveys and
// Responses). Definitions follow docs/survey-format.md; only the fields the
// admin app reads are typed, the rest pass through untouched.

export type SurveyStatus = 'draft' | 'published' | 'closed'

/** A text: one string for every locale, or locale → string. */
export type LocalText = string | Record<string, string>

export interface SurveyOut {
  id: string
  code: string
  title: string
  status: SurveyStatus
  owner_id: string
  unit_id: string
  draft_rev: number
  draft_changed: boolean
  published_version: number
  template: string
  /** Path of the respondent page, e.g. /s/abc123. */
  link: string
  created_at: string
  updated_at: string
  published_at: string | null
  closed_at: string | null
}

export interface CheckIssue {
  code: string
  /** Element path, e.g. pages[0].questions[2].options[1].code; empty for the whole survey. */
  path: string
  reason: string
  severity: 'error' | 'warning'
  /** The reason's English template (msgid with fmt verbs) for translation; see useCheckMessage. */
  message?: string
  /** The template's arguments as text, one per verb (%q ones unquoted). */
  args?: string[]
  /** For a problem inside an expression or text: its position line:col. */
  at?: string
}

export interface SurveyCheck {
  errors: CheckIssue[]
  warnings: CheckIssue[]
  estimated_seconds: number
  question_seconds: Record<string, number>
}

export interface SurveyDetail extends SurveyOut {
  draft: SurveyDefinition
  check: SurveyCheck
}

export interface SurveyFilter {
  q?: string
  status?: SurveyStatus
  owner_id?: string
}

export interface SurveyTemplate {
  id: string
  title: Record<string, string>
  description: Record<string, string>
  questions: number
}

/** One of: a blank survey (title), a template (template, optional title), a definition. */
export interface CreateSurveyInput {
  title?: string
  template?: string
  definition?: unknown
  locale?: string
}

export interface SurveyVersion {
  version: number
  note: string
  published_by: string
  published_at: string
  definition?: SurveyDefinition
}

export interface PublishOutput {
  survey: SurveyOut
  version: SurveyVersion
}

export interface EvaluateInput {
  answers?: Record<string, unknown>
  params?: Record<string, string>
  current_page?: string
  /** 0 (default): the draft. */
  version?: number
}

export interface AnswerError {
  code: string
  message: string
  item?: string
  rule?: number | null
}

export interface EvaluateOutput {
  visible_pages: string[]
  visible_questions: string[]
  page_questions: Record<string, string[]>
  next_page: string
  prev_page: string
  errors: Record<string, AnswerError>
  complete: boolean
  outcome: '' | 'complete' | 'screen_out'
  ending: string
  answers: Record<string, unknown>
  values: Record<string, unknown>
}

// --- Definitions (the parts the admin app reads) ---

export interface DefinitionOption {
  code: string
  label?: LocalText
  image?: string
  score?: number
  other?: boolean
  other_optional?: boolean
  exclusive?: boolean
  not_applicable?: boolean
  pinned?: boolean
  display?: string
  jump?: { to: 'page' | 'question' | 'end' | 'screen_out'; target?: string }
  children?: DefinitionOption[]
  /** Hotspot area, coordinates relative to the image (0–1). */
  region?: HotspotRegion
}

export interface DefinitionItem {
  id: string
  label?: LocalText
  input?: string
  display?: string
  pinned?: boolean
  validation?: DefinitionValidation
}

/** rect [x, y, w, h], circle [cx, cy, r] or polygon [x1, y1, …], relative 0–1. */
export interface HotspotRegion {
  shape: 'rect' | 'circle' | 'polygon'
  coords: number[]
}

/** Options or rows carried from an earlier question. */
export interface OptionSource {
  question: string
  mode?: 'all' | 'selected' | 'unselected'
}

/** A jump rule (docs/survey-format.md §5.2). */
export interface Jump {
  if?: string
  to: 'page' | 'question' | 'end' | 'screen_out'
  target?: string
}

/** An assignment (docs/survey-format.md §5.5). */
export interface AssignRule {
  if?: string
  target: string
  value?: string
  tick?: string
}

export interface DefinitionValidation {
  min_select?: number
  max_select?: number
  min_length?: number
  max_length?: number
  pattern?: string
  pattern_message?: LocalText
  min?: number
  max?: number
  integer?: boolean
  min_date?: string
  max_date?: string
  rules?: { valid: string; message?: LocalText }[]
}

export interface DefinitionQuestion {
  id: string
  type: string
  title?: LocalText
  description?: LocalText
  required?: boolean
  display?: string
  validation?: DefinitionValidation
  jumps?: Jump[]
  assign?: AssignRule[]
  options?: DefinitionOption[]
  options_from?: OptionSource
  shuffle_options?: boolean
  rows?: DefinitionItem[]
  rows_from?: OptionSource
  columns?: DefinitionOption[]
  shuffle_rows?: boolean
  shuffle_columns?: boolean
  blanks?: DefinitionItem[]
  levels?: DefinitionItem[]
  attributes?: { id: string; label?: LocalText; levels?: DefinitionItem[] }[]
  matrix?: 'single' | 'multiple' | 'rating' | 'dropdown'
  scale?: 'number' | 'star' | 'smiley' | 'nps'
  points?: number
  start?: number
  min?: number
  max?: number
  step?: number
  min_label?: LocalText
  max_label?: LocalText
  na?: DefinitionOption
  multiple?: boolean
  range?: boolean
  input?: string
  placeholder?: LocalText
  city_level?: 'province' | 'city' | 'district'
  image?: string
  video?: string
  poster?: string
  min_watch_percent?: number
  date_mode?: 'date' | 'time' | 'datetime'
  concepts?: number
  tasks?: number
  none_label?: LocalText
  items_per_task?: number
  best_label?: LocalText
  worst_label?: LocalText
}

export interface DefinitionPage {
  id: string
  title?: LocalText
  description?: LocalText
  display?: string
  shuffle_questions?: boolean
  questions: DefinitionQuestion[]
  jumps?: Jump[]
  assign?: AssignRule[]
}

export interface DefinitionEnding {
  id: string
  kind?: 'complete' | 'screen_out'
  text?: LocalText
  redirect?: string
}

export interface DefinitionVariable {
  id: string
  type?: 'any' | 'number' | 'string' | 'bool' | 'date' | 'list'
  initial?: unknown
}

export interface DefinitionParam {
  id: string
  type?: 'string' | 'number' | 'bool' | 'date'
  label?: LocalText
  values?: string[]
  /** A question whose answer starts as this parameter's value (docs/survey-format.md §1). */
  prefill?: string
}

export interface SurveyDefinition {
  format_version?: number
  default_locale?: string
  locales?: string[]
  title?: LocalText
  description?: LocalText
  params?: DefinitionParam[]
  variables?: DefinitionVariable[]
  assign?: AssignRule[]
  pages?: DefinitionPage[]
  endings?: DefinitionEnding[]
  [key: string]: unknown
}

// --- Collection settings ---

export type CollectItem = 'answers' | 'device' | 'ip' | 'openid' | 'contact'
export type QuotaAction = 'end' | 'redirect' | 'flag'

export interface Quota {
  id: string
  name: string
  condition?: string
  channel?: string
  limit: number
  action: QuotaAction
  message?: Record<string, string>
  redirect?: string
}

export interface SurveySettings {
  privacy: {
    collects: CollectItem[]
    purpose?: Record<string, string>
    retention?: Record<string, string>
    controller?: Record<string, string>
  }
  quotas: Quota[]
  dedupe: {
    device: boolean
    openid: boolean
    invite: boolean
    contact: boolean
    ip_limit: number
    ip_window_hours: number
  }
  validity: { min_seconds: number; require_token: boolean }
  resume: { enabled: boolean; expiry_days: number }
  mode: 'paged' | 'single'
  theme: { logo?: string; color?: string }
  anonymise_ip: boolean
}

/** Sections left out stay as they are. */
export type SettingsPatch = Partial<SurveySettings>

// --- Responses ---

export type ResponseStatus = 'partial' | 'complete' | 'screened_out' | 'quota_full'
export type ResponseQuality = 'valid' | 'flagged' | 'invalid'
export type ResponseValidity = 'auto' | 'valid' | 'invalid'

export interface SurveyResponse {
  id: string
  survey_id: string
  version: number
  status: ResponseStatus
  validity: ResponseValidity
  counted: boolean
  quality_score: number
  quality_flags: string[]
  duplicate: boolean
  channel: string
  params: Record<string, string>
  answers: Record<string, unknown>
  /** Milliseconds per page or question id. */
  timing: Record<string, number>
  quotas: string[]
  consent: { given: boolean; at?: string }
  ip: string
  user_agent: string
  started_at: string
  submitted_at: string | null
}

export interface ResponseFilter {
  status?: ResponseStatus
  quality?: ResponseQuality
  channel?: string
  from?: string
  to?: string
  q?: string
}

export interface QuotaProgress {
  id: string
  name: string
  limit: number
  count: number
  action: string
}

export interface SurveyProgress {
  quotas: QuotaProgress[]
  /** Responses by status, plus counted and not_counted. */
  counts: Record<string, number>
  refusals: number
}

/** Result of parseSurveyText: a definition that passes the checks, ready for createSurvey. */
export interface ParseTextOutput {
  definition: SurveyDefinition
  /** Questions read, description blocks included. */
  questions: number
  /** Lines ignored or read by guess; line 0 is the whole text. */
  warnings: { line: number; reason: string }[]
}

export interface SimulateInput {
  /** 1–1000, default 200. */
  runs?: number
  /** The same seed gives the same report; absent: random (returned in seed). */
  seed?: number
  /** 0 (default): the draft. */
  version?: number
}

export interface SimulateOutput {
  runs: number
  seed: number
  completed: number
  screened_out: number
  /** Runs stopped by a required question the simulator could not answer validly. */
  stuck: number
  pages: { id: string; reached: number }[]
  questions: { id: string; page: string; reached: number; answered: number }[]
  /** Id '' is the default ending of its kind (the survey defines none of that kind). */
  endings: { id: string; kind: 'complete' | 'screen_out'; reached: number }[]
  unreached_questions: string[]
  unreached_endings: string[]
  /** code: an answer error code kept after retries, or rule_error (question is then the rule's path). */
  problems: { question: string; code: string; count: number }[]
}
