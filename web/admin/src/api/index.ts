import { i18n } from '../i18n'
import { ApiError, createClient } from './client'

let unauthenticatedHandler: ((error: ApiError) => void) | undefined

/** Registers what to do when a signed-in call comes back 401 (set once in main.ts). */
export function onUnauthenticated(handler: (error: ApiError) => void): void {
  unauthenticatedHandler = handler
}

/** The app's client for /api/v1, with network errors worded in the current locale. */
export const api = createClient({
  translate: (key) => i18n.global.t(key),
  onUnauthenticated: (error) => unauthenticatedHandler?.(error),
})

export { ApiError }
