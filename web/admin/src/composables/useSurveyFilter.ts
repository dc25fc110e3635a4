import type { SurveyFilter, SurveyStatus } from '../api/surveyTypes'

export const SURVEY_STATUSES: SurveyStatus[] = ['draft', 'published', 'closed']

/** The survey list's filter form: whose surveys as "me" or "all" instead of a user id. */
export interface SurveyFormFilter {
  q: string
  status: SurveyStatus | ''
  owner: 'me' | 'all'
}

export function emptySurveyFilter(): SurveyFormFilter {
  return { q: '', status: '', owner: 'all' }
}

/** The query of listSurveys: blank fields left out; "me" becomes the signed-in user's id. */
export function surveyQuery(form: SurveyFormFilter, myId: string | undefined): SurveyFilter {
  const query: SurveyFilter = {}
  const q = form.q.trim()
  if (q) query.q = q
  if (form.status) query.status = form.status
  if (form.owner === 'me' && myId) query.owner_id = myId
  return query
}

/** Element Plus tag type of a survey status. */
export const STATUS_TAG: Record<SurveyStatus, 'info' | 'success' | 'warning'> = {
  draft: 'info',
  published: 'success',
  closed: 'warning',
}

/** The respondent link of a survey on this server (the admin app and /s/ share an origin). */
export function publicUrl(link: string, origin: string = typeof location === 'undefined' ? '' : location.origin): string {
  return new URL(link, origin || 'http://localhost').href
}

/**
 * Parses text a person pasted as a JSON object (a survey definition, an
 * answer set). Throws SyntaxError with the parser's message, or TypeError
 * when the JSON is not an object.
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not an object')
  return value as Record<string, unknown>
}
