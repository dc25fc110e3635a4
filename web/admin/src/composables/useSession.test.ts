import { afterEach, describe, expect, it, vi } from 'vitest'

const loginUser = { id: 'u1', username: 'li', name: 'Li', roles: ['analyst'], created_at: '' }
const me = { ...loginUser, permissions: ['org.read'], data_scope_all: false, must_change_password: true }

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

async function freshSession() {
  vi.resetModules()
  return (await import('./useSession')).useSession()
}

describe('useSession', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads permissions and obligations from /me after signing in', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(200, { data: { status: 'ok', user: loginUser, csrf_token: 'c' } }))
      .mockResolvedValueOnce(json(200, { data: me }))
    vi.stubGlobal('fetch', fetch)
    const session = await freshSession()
    await session.signIn({ username: 'li', password: 'pw' })
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/me')
    expect(session.user.value?.permissions).toEqual(['org.read'])
    expect(session.user.value?.must_change_password).toBe(true)
  })

  it('falls back to the sign-in answer, with no permissions, when /me cannot be read', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(200, { data: { status: 'ok', user: loginUser, csrf_token: 'c' } }))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
    vi.stubGlobal('fetch', fetch)
    const session = await freshSession()
    await session.signIn({ username: 'li', password: 'pw' })
    expect(session.signedIn.value).toBe(true)
    expect(session.user.value?.permissions).toEqual([])
    expect(session.user.value?.mfa_setup_required).toBe(false)
  })

  it('does not ask /me while a second factor is still needed', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(json(200, { data: { status: 'mfa_required', user: null, challenge: 'ch' } }))
    vi.stubGlobal('fetch', fetch)
    const session = await freshSession()
    const result = await session.signIn({ username: 'li', password: 'pw' })
    expect(result.status).toBe('mfa_required')
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(session.signedIn.value).toBe(false)
  })
})
