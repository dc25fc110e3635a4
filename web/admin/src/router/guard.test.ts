import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const ADMIN_PERMISSIONS = ['users.read', 'users.manage', 'org.read', 'audit.read', 'dashboards.read', 'tickets.read']
const admin = {
  id: 'u1',
  username: 'admin',
  name: 'Administrator',
  roles: ['admin'],
  created_at: '2026-01-01T00:00:00Z',
  permissions: ADMIN_PERMISSIONS,
}

function meAnswers(status: number, me: Record<string, unknown> = admin) {
  const body =
    status === 200 ? { data: me } : { error: { code: 'unauthenticated', message: 'Please sign in.', request_id: 'r' } }
  return vi.fn(async () => new Response(JSON.stringify(body), { status }))
}

// The session is module state, so each test loads the router afresh.
async function freshRouter() {
  vi.resetModules()
  const { createAppRouter } = await import('./index')
  return createAppRouter()
}

describe('route guard', () => {
  beforeEach(() => window.history.replaceState(null, '', '/admin/'))
  afterEach(() => vi.unstubAllGlobals())

  it('sends an unauthenticated visit to the sign-in page with a redirect back', async () => {
    const fetch = meAnswers(401)
    vi.stubGlobal('fetch', fetch)
    const router = await freshRouter()
    await router.push('/surveys?tab=mine')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/surveys?tab=mine')
    expect(fetch).toHaveBeenCalledWith('/api/v1/me', expect.anything())
  })

  it('lets a signed-in user through and asks the server only once', async () => {
    const fetch = meAnswers(200)
    vi.stubGlobal('fetch', fetch)
    const router = await freshRouter()
    await router.push('/dashboards')
    expect(router.currentRoute.value.name).toBe('dashboards')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('home')
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('sends a signed-in user away from the sign-in page', async () => {
    vi.stubGlobal('fetch', meAnswers(200))
    const router = await freshRouter()
    await router.push('/login?redirect=/tickets')
    expect(router.currentRoute.value.name).toBe('tickets')
  })

  it('shows "no access" for a page whose permission the user lacks', async () => {
    vi.stubGlobal('fetch', meAnswers(200, { ...admin, permissions: ['org.read'] }))
    const router = await freshRouter()
    await router.push('/settings/users')
    expect(router.currentRoute.value.name).toBe('forbidden')
    await router.push('/settings/org')
    expect(router.currentRoute.value.name).toBe('org')
  })

  it('opens the first settings page the user may use', async () => {
    vi.stubGlobal('fetch', meAnswers(200, { ...admin, permissions: ['audit.read'] }))
    const router = await freshRouter()
    await router.push('/settings')
    expect(router.currentRoute.value.name).toBe('audit')
  })

  it('holds a user who must change their password on that page, then lets them back', async () => {
    vi.stubGlobal('fetch', meAnswers(200, { ...admin, must_change_password: true }))
    const router = await freshRouter()
    await router.push('/settings/users?q=li')
    expect(router.currentRoute.value.name).toBe('change-password')
    expect(router.currentRoute.value.query.redirect).toBe('/settings/users?q=li')
    await router.push('/profile')
    expect(router.currentRoute.value.name).toBe('change-password')
  })

  it('sends a user whose role requires two-factor sign-in to set it up', async () => {
    vi.stubGlobal('fetch', meAnswers(200, { ...admin, mfa_setup_required: true }))
    const router = await freshRouter()
    await router.push('/settings/users')
    expect(router.currentRoute.value.name).toBe('profile')
    expect(router.currentRoute.value.query.setup).toBe('2fa')
  })
})
