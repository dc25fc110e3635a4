import type { ErrorEnvelope, FieldError, Page, SuccessEnvelope } from './types'

/** Codes the client itself raises when no error envelope could be read. */
export const NETWORK_ERROR = 'network_error'
export const BAD_RESPONSE = 'bad_response'

export const CSRF_COOKIE = 'opencem_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const GATEWAY_STATUSES = new Set([502, 503, 504])

/** A failed API call: the server's error envelope, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: FieldError[]
  readonly requestId: string

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], requestId = '') {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.requestId = requestId
  }
}

export interface ApiResult<T> {
  data: T
  meta: Record<string, unknown>
}

export interface ClientOptions {
  /** Prefix of every path, e.g. "/api/v1". */
  baseUrl?: string
  fetch?: typeof fetch
  /** Returns the CSRF token to send on unsafe methods; defaults to the opencem_csrf cookie. */
  csrfToken?: () => string
  /** Turns a message key (errors.network_error, errors.bad_response) into text. */
  translate?: (key: string) => string
  /** Called when a request fails with 401, e.g. to send the user to the sign-in page. */
  onUnauthenticated?: (error: ApiError) => void
}

/** A file returned by an export operation. */
export interface DownloadedFile {
  blob: Blob
  /** From Content-Disposition; empty when the server named none. */
  filename: string
}

export interface RequestOptions {
  body?: unknown
  query?: Record<string, string | number | boolean | undefined>
  signal?: AbortSignal
}

/** Reads one cookie from document.cookie ("" when absent). */
export function readCookie(name: string, source = typeof document === 'undefined' ? '' : document.cookie): string {
  for (const part of source.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key !== name) continue
    try {
      return decodeURIComponent(rest.join('='))
    } catch {
      return rest.join('=')
    }
  }
  return ''
}

export function createClient(options: ClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '/api/v1'
  const csrfToken = options.csrfToken ?? (() => readCookie(CSRF_COOKIE))
  const translate = options.translate ?? ((key: string) => key)

  /** Sends one request; failures to reach the server become a network ApiError. */
  async function send(method: string, path: string, opts: RequestOptions, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept }
    // A FormData body (a file upload) is sent as is: the browser sets the multipart boundary.
    const form = typeof FormData !== 'undefined' && opts.body instanceof FormData
    if (opts.body !== undefined && !form) headers['Content-Type'] = 'application/json'
    if (UNSAFE_METHODS.has(method)) {
      const token = csrfToken()
      if (token) headers[CSRF_HEADER] = token
    }
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
    try {
      const response = await doFetch(baseUrl + path + queryString(opts.query), {
        method,
        headers,
        credentials: 'same-origin',
        body: opts.body === undefined ? undefined : form ? (opts.body as FormData) : JSON.stringify(opts.body),
        signal: opts.signal,
      })
      if (!response) throw new TypeError('fetch answered nothing')
      return response
    } catch (cause) {
      throw networkOrAbort(cause)
    }
  }

  function networkOrAbort(cause: unknown): unknown {
    if (cause instanceof DOMException && cause.name === 'AbortError') return cause
    return new ApiError(0, NETWORK_ERROR, translate(`errors.${NETWORK_ERROR}`))
  }

  async function fail(response: Response): Promise<never> {
    let body: unknown
    try {
      body = await readJson(response)
    } catch (cause) {
      throw networkOrAbort(cause)
    }
    const error = toApiError(response.status, body, translate)
    if (response.status === 401) options.onUnauthenticated?.(error)
    throw error
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
    const response = await send(method, path, opts, 'application/json')
    if (!response.ok) return fail(response)
    let body: unknown
    try {
      body = await readJson(response)
    } catch (cause) {
      throw networkOrAbort(cause)
    }
    if (body === undefined) return { data: undefined as T, meta: {} }
    if (!isObject(body) || !('data' in body)) {
      throw new ApiError(response.status, BAD_RESPONSE, translate(`errors.${BAD_RESPONSE}`))
    }
    const envelope = body as unknown as SuccessEnvelope<T>
    return { data: envelope.data, meta: envelope.meta ?? {} }
  }

  /** GETs one page of a list: its items and the cursor of the next page. */
  async function page<T>(path: string, opts: RequestOptions = {}): Promise<Page<T>> {
    const { data, meta } = await request<T[]>('GET', path, opts)
    const next = meta.next_cursor
    return { items: data ?? [], nextCursor: typeof next === 'string' && next !== '' ? next : null }
  }

  /** GETs a file (an export): its content and the name the server suggests. */
  async function download(path: string, opts: RequestOptions = {}): Promise<DownloadedFile> {
    const response = await send('GET', path, opts, '*/*')
    if (!response.ok) return fail(response)
    try {
      const blob = await response.blob()
      return { blob, filename: filenameOf(response.headers.get('Content-Disposition')) }
    } catch (cause) {
      throw networkOrAbort(cause)
    }
  }

  const call =
    (method: string) =>
    async <T>(path: string, opts?: RequestOptions): Promise<T> =>
      (await request<T>(method, path, opts)).data

  return {
    request,
    page,
    download,
    get: call('GET'),
    post: call('POST'),
    put: call('PUT'),
    patch: call('PATCH'),
    delete: call('DELETE'),
  }
}

export type ApiClient = ReturnType<typeof createClient>

function queryString(query: RequestOptions['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The filename of a Content-Disposition header (plain or RFC 5987 filename*). */
export function filenameOf(disposition: string | null): string {
  if (!disposition) return ''
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim())
    } catch {
      return extended[1].trim()
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition)
  return plain ? (plain[2] ?? plain[1]).trim() : ''
}

/** Parses a JSON body; undefined for an empty body (204), null for one that is not JSON. */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

function toApiError(status: number, body: unknown, translate: (key: string) => string): ApiError {
  if (isObject(body) && isObject(body.error) && typeof body.error.code === 'string') {
    const e = body.error as ErrorEnvelope['error']
    return new ApiError(status, e.code, e.message ?? '', e.fields ?? [], e.request_id ?? '')
  }
  // A gateway in front of the server answered for it: the server is unreachable.
  const code = GATEWAY_STATUSES.has(status) ? NETWORK_ERROR : BAD_RESPONSE
  return new ApiError(status, code, translate(`errors.${code}`))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
