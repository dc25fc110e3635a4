// The restore operation (restoreSurveyVersion, POST
// /surveys/{id}/versions/{version}/restore) had no client function yet; it
// lives here with the version history that uses it. The lead may move it
// into api/surveys.ts with the other survey calls.
import type { ApiClient } from '../../../api/client'
import { api } from '../../../api/index'
import type { SurveyDetail } from '../../../api/surveyTypes'

/** Replaces the draft with a published version's definition (a new draft revision; versions never change). */
export function restoreVersion(id: string, version: number, client: ApiClient = api): Promise<SurveyDetail> {
  return client.post<SurveyDetail>(`/surveys/${encodeURIComponent(id)}/versions/${version}/restore`)
}
