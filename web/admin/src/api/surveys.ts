import type { ApiClient } from './client'
import { api } from './index'
import type {
  CreateSurveyInput,
  EvaluateInput,
  EvaluateOutput,
  ParseTextOutput,
  PublishOutput,
  SettingsPatch,
  SimulateInput,
  SimulateOutput,
  SurveyDefinition,
  SurveyDetail,
  SurveyFilter,
  SurveyOut,
  SurveySettings,
  SurveyTemplate,
  SurveyVersion,
} from './surveyTypes'
import type { Page } from './types'

export const SURVEY_PAGE = 20

const path = (id: string) => `/surveys/${encodeURIComponent(id)}`

export function listSurveys(filter: SurveyFilter, cursor?: string, client: ApiClient = api): Promise<Page<SurveyOut>> {
  return client.page<SurveyOut>('/surveys', { query: { ...filter, cursor, limit: SURVEY_PAGE } })
}

export function getSurvey(id: string, client: ApiClient = api): Promise<SurveyDetail> {
  return client.get<SurveyDetail>(path(id))
}

/** Saves the designer's draft; base_rev is the revision it was edited from (0 overwrites), a stale one fails with survey_edit_conflict. */
export function saveDraft(id: string, definition: SurveyDefinition, baseRev: number, client: ApiClient = api): Promise<SurveyDetail> {
  return client.put<SurveyDetail>(`${path(id)}/draft`, { body: { definition, base_rev: baseRev } })
}

export function createSurvey(input: CreateSurveyInput, client: ApiClient = api): Promise<SurveyDetail> {
  return client.post<SurveyDetail>('/surveys', { body: input })
}

export function duplicateSurvey(id: string, client: ApiClient = api): Promise<SurveyOut> {
  return client.post<SurveyOut>(`${path(id)}/duplicate`)
}

export function closeSurvey(id: string, client: ApiClient = api): Promise<SurveyOut> {
  return client.post<SurveyOut>(`${path(id)}/close`)
}

export function reopenSurvey(id: string, client: ApiClient = api): Promise<SurveyOut> {
  return client.post<SurveyOut>(`${path(id)}/reopen`)
}

export async function deleteSurvey(id: string, client: ApiClient = api): Promise<void> {
  await client.delete<void>(path(id))
}

/** The starter templates (NPS, CSAT, …), titles and descriptions by locale. */
export async function listTemplates(client: ApiClient = api): Promise<SurveyTemplate[]> {
  return (await client.page<SurveyTemplate>('/survey-templates')).items
}

/** Every published version, newest first as the server lists them. */
export async function listVersions(id: string, client: ApiClient = api): Promise<SurveyVersion[]> {
  const versions: SurveyVersion[] = []
  let cursor: string | undefined
  do {
    const page = await client.page<SurveyVersion>(`${path(id)}/versions`, { query: { cursor } })
    versions.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return versions
}

/** One published version with its frozen definition. */
export function getVersion(id: string, version: number, client: ApiClient = api): Promise<SurveyVersion> {
  return client.get<SurveyVersion>(`${path(id)}/versions/${version}`)
}

/** Refused with validation_failed (one field per check error) while the draft has errors. */
export function publishSurvey(id: string, note: string, client: ApiClient = api): Promise<PublishOutput> {
  return client.post<PublishOutput>(`${path(id)}/publish`, { body: { note } })
}

/** Replaces the draft with a published version's definition (a new draft revision; versions never change). */
export function restoreVersion(id: string, version: number, client: ApiClient = api): Promise<SurveyDetail> {
  return client.post<SurveyDetail>(`${path(id)}/versions/${version}/restore`)
}

export function evaluateSurvey(id: string, input: EvaluateInput, client: ApiClient = api): Promise<EvaluateOutput> {
  return client.post<EvaluateOutput>(`${path(id)}/evaluate`, { body: input })
}

export function getSettings(id: string, client: ApiClient = api): Promise<SurveySettings> {
  return client.get<SurveySettings>(`${path(id)}/settings`)
}

export function updateSettings(id: string, patch: SettingsPatch, client: ApiClient = api): Promise<SurveySettings> {
  return client.patch<SurveySettings>(`${path(id)}/settings`, { body: patch })
}

/** Reads a survey pasted as plain text (docs/text-import.md); nothing is stored. A text without questions is validation_failed on field text. */
export function parseSurveyText(text: string, locale?: string, client: ApiClient = api): Promise<ParseTextOutput> {
  return client.post<ParseTextOutput>('/surveys/parse-text', { body: { text, locale } })
}

/** Logic test: simulated respondents answer the draft (version 0) or a published version at random. */
export function simulateSurvey(id: string, input: SimulateInput = {}, client: ApiClient = api): Promise<SimulateOutput> {
  return client.post<SimulateOutput>(`${path(id)}/simulate`, { body: input })
}

/** An image stored by uploadMedia. url (/media/{id}) is public, for hotspot images, option images, video posters and theme logos. */
export interface UploadedMedia {
  id: string
  url: string
  /** Read by the server from the bytes, whatever the file claimed. */
  content_type: string
  size: number
  width: number
  height: number
}

/**
 * Uploads an image for a survey as multipart/form-data (through the API client: CSRF, errors, sign-in on 401). The server sniffs the
 * bytes: PNG, JPEG, GIF or WebP up to 5 MiB and 8000×8000 pixels; anything else fails with an ApiError whose code is
 * media_type_unsupported, media_too_large or media_dimensions_invalid.
 */
export function uploadMedia(surveyId: string, file: Blob, client: ApiClient = api): Promise<UploadedMedia> {
  const form = new FormData()
  form.append('file', file, file instanceof File ? file.name : 'image')
  return client.post<UploadedMedia>(`${path(surveyId)}/media`, { body: form })
}
