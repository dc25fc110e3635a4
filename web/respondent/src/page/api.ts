// The public respondent API (api/openapi-v1.json, tag Respondents). Every
// request goes to the page's own origin; nothing leaves for a third party.
import type { PublicSurvey, ResumeOutput, SubmitOutput } from './types'

export interface FieldError { name: string; reason: string }

/** An API error: the envelope's code, or "network" when nothing came back. */
export class ApiError extends Error {
  constructor(
    public code: string,
    message: string,
    public status = 0,
    public fields: FieldError[] = [],
    public retryAfter = 0,
  ) {
    super(message)
  }
}

const API = '/api/v1'

async function call<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
  let res: Response
  try {
    res = await fetch(API + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      keepalive,
    })
  } catch (e) {
    throw new ApiError('network', String(e))
  }
  if (res.status === 204) return undefined as T
  let json: { data?: T; error?: { code: string; message: string; fields?: FieldError[] } } | null = null
  try {
    json = await res.json()
  } catch {
    /* not JSON: a proxy error page */
  }
  if (!res.ok || !json || json.error) {
    const e = json?.error
    throw new ApiError(e?.code || 'http_' + res.status, e?.message || res.statusText, res.status, e?.fields || [], Number(res.headers.get('Retry-After')) || 0)
  }
  return json.data as T
}

export const loadSurvey = (code: string) => call<PublicSurvey>('GET', `/public/surveys/${encodeURIComponent(code)}`)
export const decline = (code: string) => call<void>('POST', `/public/surveys/${encodeURIComponent(code)}/decline`)
export const resume = (token: string) => call<ResumeOutput>('GET', `/responses/resume?token=${encodeURIComponent(token)}`)
export const submit = (body: Record<string, unknown>, keepalive = false) => call<SubmitOutput>('POST', '/responses', body, keepalive)

export interface Region { code: string; name: string; has_children: boolean }
const regionCache = new Map<string, Promise<Region[]>>()
/** Lists already loaded, for the engine's synchronous region look-ups. */
export const loadedRegions = new Map<string, Region[]>()

/** Children of a division ("" for the provinces), fetched once each. */
export function regions(parent: string): Promise<Region[]> {
  let p = regionCache.get(parent)
  if (!p) {
    p = call<Region[]>('GET', parent ? `/public/regions/${encodeURIComponent(parent)}` : '/public/regions')
    p.then((l) => loadedRegions.set(parent, l), () => regionCache.delete(parent))
    regionCache.set(parent, p)
  }
  return p
}
