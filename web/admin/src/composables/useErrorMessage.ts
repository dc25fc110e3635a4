import { useI18n } from 'vue-i18n'
import { ApiError, NETWORK_ERROR } from '../api/client'

/**
 * Turns any thrown error into a sentence for the user: known API codes are
 * translated; unknown ones show the server's message and the request id so
 * support can find the log line.
 */
export function useErrorMessage() {
  const { t, te } = useI18n()

  return function errorMessage(error: unknown): string {
    if (!(error instanceof ApiError)) return t('errors.unexpected')
    const key = `errors.${error.code}`
    if (error.code === NETWORK_ERROR || te(key)) return t(key)
    const message = error.message || t('errors.unexpected')
    return error.requestId ? t('errors.withRequestId', { message, requestId: error.requestId }) : message
  }
}

/** Translates the per-field reasons of a validation_failed error, keyed by field name. */
export function useFieldErrors() {
  const { t, te } = useI18n()

  return function fieldErrors(error: unknown): Record<string, string> {
    const result: Record<string, string> = {}
    if (!(error instanceof ApiError)) return result
    for (const field of error.fields) {
      const key = `validation.${field.reason}`
      result[field.name] = te(key) ? t(key) : field.reason
    }
    return result
  }
}
