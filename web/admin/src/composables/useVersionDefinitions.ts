import { getVersion } from '../api/surveys'
import type { SurveyDefinition } from '../api/surveyTypes'

/**
 * The definition a response was answered against: its published version,
 * read once per version; the draft when the version cannot be read (so
 * answers still get titles and labels).
 */
export function useVersionDefinitions(surveyId: () => string, draft: () => SurveyDefinition) {
  const cache = new Map<number, Promise<SurveyDefinition>>()

  function definitionFor(version: number): Promise<SurveyDefinition> {
    if (version < 1) return Promise.resolve(draft())
    let found = cache.get(version)
    if (!found) {
      found = getVersion(surveyId(), version)
        .then((v) => v.definition ?? draft())
        .catch(() => {
          cache.delete(version)
          return draft()
        })
      cache.set(version, found)
    }
    return found
  }

  return { definitionFor }
}
