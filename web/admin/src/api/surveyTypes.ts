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
  other?: boolean
  exclusive?: boolean
  not_applicable?: boolean
  children?: DefinitionOption[]
}

export interface DefinitionItem {
  id: string
  label?: LocalText
  input?: string
}

/** Options or rows carried from an earlier question. */
export interface OptionSource {
  question: string
  mode?: 'all' | 'selected' | 'unselected'
}

export interface DefinitionQuestion {
  id: string
  type: string
  title?: LocalText
  options?: DefinitionOption[]
  options_from?: OptionSource
  rows?: DefinitionItem[]
  rows_from?: OptionSource
  columns?: DefinitionOption[]
  blanks?: DefinitionItem[]
  levels?: DefinitionItem[]
  attributes?: { id: string; label?: LocalText; levels?: DefinitionItem[] }[]
  matrix?: 'single' | 'multiple' | 'rating' | 'dropdown'
  scale?: 'number' | 'star' | 'smiley' | 'nps'
  points?: number
  start?: number
  na?: DefinitionOption
  multiple?: boolean
  range?: boolean
  input?: string
}

export interface DefinitionPage {
  id: string
  title?: LocalText
  questions: DefinitionQuestion[]
}

export interface SurveyDefinition {
  format_version?: number
  default_locale?: string
  locales?: string[]
  title?: LocalText
  pages?: DefinitionPage[]
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
