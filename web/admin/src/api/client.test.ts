import { describe, expect, it, vi } from 'vitest'
import { ApiError, BAD_RESPONSE, createClient, CSRF_HEADER, filenameOf, NETWORK_ERROR, readCookie } from './client'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function clientWith(response: Response | Error, extra: Parameters<typeof createClient>[0] = {}) {
  const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    if (response instanceof Error) throw response
    return response
  })
  return { fetch, client: createClient({ fetch, csrfToken: () => 'csrf-123', ...extra }) }
}

function sentHeaders(fetch: ReturnType<typeof clientWith>['fetch']): Record<string, string> {
  return (fetch.mock.calls[0][1]?.headers ?? {}) as Record<string, string>
}

describe('api client', () => {
  it('unwraps data and meta from the success envelope', async () => {
    const { client, fetch } = clientWith(jsonResponse(200, { data: [{ id: 's1' }], meta: { next_cursor: 'c2' } }))
    const result = await client.request<{ id: string }[]>('GET', '/surveys', { query: { limit: 10, q: undefined } })
    expect(result).toEqual({ data: [{ id: 's1' }], meta: { next_cursor: 'c2' } })
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/surveys?limit=10')
  })

  it('returns data alone from the method shortcuts', async () => {
    const { client } = clientWith(jsonResponse(200, { data: { id: 'u1', name: 'Administrator' } }))
    await expect(client.get('/me')).resolves.toEqual({ id: 'u1', name: 'Administrator' })
  })

  it('throws an ApiError carrying the error envelope', async () => {
    const { client } = clientWith(
      jsonResponse(400, {
        error: {
          code: 'validation_failed',
          message: 'username is required',
          fields: [{ name: 'username', reason: 'required' }],
          request_id: 'req-42',
        },
      }),
    )
    const error = await client.post('/auth/login', { body: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'username is required',
      fields: [{ name: 'username', reason: 'required' }],
      requestId: 'req-42',
    })
  })

  it('sends the CSRF token on unsafe methods only', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const { client, fetch } = clientWith(new Response(null, { status: 204 }))
      await client.request(method, '/things/1')
      expect(sentHeaders(fetch)[CSRF_HEADER], method).toBe('csrf-123')
    }
    const { client, fetch } = clientWith(jsonResponse(200, { data: null }))
    await client.get('/me')
    expect(sentHeaders(fetch)[CSRF_HEADER]).toBeUndefined()
  })

  it('sends JSON bodies with their content type and same-origin cookies', async () => {
    const { client, fetch } = clientWith(jsonResponse(200, { data: { ok: true } }))
    await client.post('/auth/login', { body: { username: 'admin', password: 'pw' } })
    const init = fetch.mock.calls[0][1]
    expect(init?.method).toBe('POST')
    expect(init?.body).toBe('{"username":"admin","password":"pw"}')
    expect(init?.credentials).toBe('same-origin')
    expect(sentHeaders(fetch)['Content-Type']).toBe('application/json')
  })

  it('sends a FormData body (an upload) as is, letting the browser set the multipart type', async () => {
    const { client, fetch } = clientWith(jsonResponse(201, { data: { id: 'm1' } }))
    const form = new FormData()
    form.append('file', new Blob(['x']), 'a.png')
    await expect(client.post('/surveys/s1/media', { body: form })).resolves.toEqual({ id: 'm1' })
    expect(fetch.mock.calls[0][1]?.body).toBe(form)
    expect(sentHeaders(fetch)['Content-Type']).toBeUndefined()
    expect(sentHeaders(fetch)[CSRF_HEADER]).toBe('csrf-123')
  })

  it('reads the CSRF token from the opencem_csrf cookie by default', async () => {
    document.cookie = 'opencem_csrf=from-cookie'
    const fetch = vi.fn(async () => new Response(null, { status: 204 }))
    await createClient({ fetch }).post('/auth/logout')
    expect((fetch.mock.calls[0] as unknown[])[1]).toMatchObject({ headers: { [CSRF_HEADER]: 'from-cookie' } })
  })

  it('treats 204 No Content as success without data', async () => {
    const { client } = clientWith(new Response(null, { status: 204 }))
    await expect(client.post('/auth/logout')).resolves.toBeUndefined()
  })

  it('turns a failed fetch into a translated network error', async () => {
    const translate = (key: string) => `translated:${key}`
    const { client } = clientWith(new TypeError('Failed to fetch'), { translate })
    const error = await client.get('/me').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 0, code: NETWORK_ERROR, message: `translated:errors.${NETWORK_ERROR}` })
  })

  it('reports a failure without an envelope as bad_response', async () => {
    const { client } = clientWith(new Response('<html>Oops</html>', { status: 500 }))
    await expect(client.get('/me')).rejects.toMatchObject({ status: 500, code: BAD_RESPONSE })
  })

  it('reports a gateway error page (server unreachable behind a proxy) as a network error', async () => {
    const { client } = clientWith(new Response('<html>Bad Gateway</html>', { status: 502 }))
    await expect(client.get('/me')).rejects.toMatchObject({ status: 502, code: NETWORK_ERROR })
  })

  it('reports a success without an envelope as bad_response', async () => {
    const { client } = clientWith(new Response('<html>index</html>', { status: 200 }))
    await expect(client.get('/me')).rejects.toMatchObject({ status: 200, code: BAD_RESPONSE })
  })

  it('calls onUnauthenticated for a 401', async () => {
    const onUnauthenticated = vi.fn()
    const { client } = clientWith(jsonResponse(401, { error: { code: 'unauthenticated', message: 'sign in' } }), {
      onUnauthenticated,
    })
    await expect(client.get('/me')).rejects.toBeInstanceOf(ApiError)
    expect(onUnauthenticated).toHaveBeenCalledWith(expect.objectContaining({ code: 'unauthenticated' }))
  })
})

describe('readCookie', () => {
  it('finds one cookie among several and decodes it', () => {
    expect(readCookie('opencem_csrf', 'a=1; opencem_csrf=x%3Dy; b=2')).toBe('x=y')
    expect(readCookie('missing', 'a=1')).toBe('')
  })
})

describe('list pages', () => {
  it('gives the items and the next cursor, or null on the last page', async () => {
    const { client, fetch } = clientWith(jsonResponse(200, { data: [{ id: 'u1' }], meta: { next_cursor: 'c2' } }))
    await expect(client.page('/users', { query: { q: 'li', cursor: undefined } })).resolves.toEqual({
      items: [{ id: 'u1' }],
      nextCursor: 'c2',
    })
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/users?q=li')
    const last = clientWith(jsonResponse(200, { data: [], meta: { next_cursor: null } }))
    await expect(last.client.page('/users')).resolves.toEqual({ items: [], nextCursor: null })
  })
})

describe('downloads', () => {
  it('gives the file and the name the server suggests', async () => {
    const { client, fetch } = clientWith(
      new Response('\ufeffcode,name\n', {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename=org-units-20261129.csv' },
      }),
    )
    const file = await client.download('/org/units/export', { query: { format: 'csv' } })
    expect(file.filename).toBe('org-units-20261129.csv')
    expect(await file.blob.text()).toContain('code,name')
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/org/units/export?format=csv')
  })

  it('reads the error envelope of a refused export', async () => {
    const { client } = clientWith(jsonResponse(403, { error: { code: 'forbidden', message: 'no', request_id: 'r7' } }))
    await expect(client.download('/audit-events/export')).rejects.toMatchObject({ status: 403, code: 'forbidden', requestId: 'r7' })
  })
})

describe('filenameOf', () => {
  it.each([
    [null, ''],
    ['attachment', ''],
    ['attachment; filename=a.csv', 'a.csv'],
    ['attachment; filename="audit events.csv"', 'audit events.csv'],
    ["attachment; filename=x.csv; filename*=UTF-8''%E7%BB%84%E7%BB%87.xlsx", '组织.xlsx'],
  ])('%s → %s', (header, name) => {
    expect(filenameOf(header)).toBe(name)
  })
})
