import type { ApiClient, DownloadedFile } from './client'
import { api } from './index'
import type { ResponseFilter, ResponseValidity, SurveyProgress, SurveyResponse } from './surveyTypes'
import type { Page } from './types'

export const RESPONSE_PAGE = 50

const surveyPath = (id: string) => `/surveys/${encodeURIComponent(id)}`
const responsePath = (id: string) => `/responses/${encodeURIComponent(id)}`

export function listResponses(
  surveyId: string,
  filter: ResponseFilter,
  cursor?: string,
  client: ApiClient = api,
): Promise<Page<SurveyResponse>> {
  return client.page<SurveyResponse>(`${surveyPath(surveyId)}/responses`, { query: { ...filter, cursor, limit: RESPONSE_PAGE } })
}

export function getResponse(id: string, client: ApiClient = api): Promise<SurveyResponse> {
  return client.get<SurveyResponse>(responsePath(id))
}

/** valid restores a flagged response into the metrics, invalid removes one, auto follows the checks. */
export function setResponseValidity(id: string, validity: ResponseValidity, client: ApiClient = api): Promise<SurveyResponse> {
  return client.patch<SurveyResponse>(responsePath(id), { body: { validity } })
}

export async function deleteResponse(id: string, client: ApiClient = api): Promise<void> {
  await client.delete<void>(responsePath(id))
}

/** The responses matching the filter as CSV (streamed by the server). */
export function exportResponses(surveyId: string, filter: ResponseFilter, client: ApiClient = api): Promise<DownloadedFile> {
  return client.download(`${surveyPath(surveyId)}/responses/export`, { query: { ...filter, format: 'csv' } })
}

export function getProgress(surveyId: string, client: ApiClient = api): Promise<SurveyProgress> {
  return client.get<SurveyProgress>(`${surveyPath(surveyId)}/progress`)
}
