import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../i18n'
import LoginView from './LoginView.vue'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

// Element Plus shows field messages after a short debounce; allow for a busy machine.
const WAIT = { timeout: 10_000 }

const admin = { id: 'u1', username: 'admin', name: 'Administrator', roles: ['admin'], created_at: '2026-01-01T00:00:00Z' }

async function mountLogin(path = '/login') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginView },
      { path: '/', name: 'home', component: { render: () => h('p', 'home') } },
      { path: '/surveys', name: 'surveys', component: { render: () => h('p', 'surveys') } },
    ],
  })
  await router.push(path)
  const wrapper = mount(LoginView, { global: { plugins: [i18n, router] }, attachTo: document.body })
  return { wrapper, router }
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'], username: string, password: string) {
  await wrapper.get('[data-testid="login-username"]').setValue(username)
  await wrapper.get('[data-testid="login-password"]').setValue(password)
  await wrapper.get('form').trigger('submit')
}

const fetch = vi.fn()

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('LoginView', () => {
  it('shows the translated error and keeps what was typed when the credentials are wrong', async () => {
    fetch.mockResolvedValue(
      jsonResponse(401, { error: { code: 'invalid_credentials', message: 'invalid credentials', request_id: 'r1' } }),
    )
    const { wrapper, router } = await mountLogin()
    await fillAndSubmit(wrapper, 'admin', 'wrong-password')
    await flushPromises()

    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('用户名或密码不正确')
    expect((wrapper.get('[data-testid="login-username"]').element as HTMLInputElement).value).toBe('admin')
    expect((wrapper.get('[data-testid="login-password"]').element as HTMLInputElement).value).toBe('wrong-password')
    expect(router.currentRoute.value.name).toBe('login')
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/auth/login')
    expect(JSON.parse(init.body)).toEqual({ username: 'admin', password: 'wrong-password' })
  })

  it("shows an unknown error's server message with its request id", async () => {
    fetch.mockResolvedValue(jsonResponse(500, { error: { code: 'internal', message: 'Sorry, something broke.', request_id: 'req-9' } }))
    const { wrapper } = await mountLogin()
    await fillAndSubmit(wrapper, 'admin', 'pw')
    await flushPromises()
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('Sorry, something broke.（请求 ID：req-9）')
  })

  it('asks for blank fields before sending anything', async () => {
    const { wrapper } = await mountLogin()
    await fillAndSubmit(wrapper, '  ', '')
    await flushPromises()
    expect(fetch).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(wrapper.findAll('.el-form-item__error')).toHaveLength(2), WAIT)
    expect(wrapper.get('.el-form-item__error').text()).toBe('此项为必填项')
  })

  it('marks the fields a validation_failed error lists', async () => {
    fetch.mockResolvedValue(
      jsonResponse(400, {
        error: { code: 'validation_failed', message: 'invalid', fields: [{ name: 'password', reason: 'too_long' }] },
      }),
    )
    const { wrapper } = await mountLogin()
    await fillAndSubmit(wrapper, 'admin', 'x'.repeat(2000))
    await flushPromises()
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('请检查标出的字段。')
    await vi.waitFor(() => expect(wrapper.get('.el-form-item__error').text()).toBe('too_long'), WAIT)
  })

  it('disables the button while signing in, then goes to the redirect target', async () => {
    let answer: (response: Response) => void = () => {}
    fetch.mockReturnValue(new Promise<Response>((resolve) => (answer = resolve)))
    const { wrapper, router } = await mountLogin('/login?redirect=/surveys')
    await fillAndSubmit(wrapper, 'admin', 'secret')

    const button = wrapper.get('[data-testid="login-submit"]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.text()).toBe('正在登录…')

    answer(jsonResponse(200, { data: { user: admin, csrf_token: 'c1' } }))
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/surveys')
  })

  it('ignores a redirect that leaves the app', async () => {
    fetch.mockResolvedValue(jsonResponse(200, { data: { user: admin, csrf_token: 'c1' } }))
    const { wrapper, router } = await mountLogin('/login?redirect=//evil.example/')
    await fillAndSubmit(wrapper, 'admin', 'secret')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('home')
  })
})

describe('LoginView with two-step verification', () => {
  it('asks for the code after the password, then signs in', async () => {
    fetch
      .mockResolvedValueOnce(jsonResponse(200, { data: { status: 'mfa_required', user: null, challenge: 'ch-1' } }))
      .mockResolvedValueOnce(jsonResponse(401, { error: { code: 'mfa_code_invalid', message: 'wrong code' } }))
      .mockResolvedValueOnce(jsonResponse(200, { data: { status: 'ok', user: admin, csrf_token: 'c1' } }))
    const { wrapper, router } = await mountLogin('/login?redirect=/tickets')
    await fillAndSubmit(wrapper, 'admin', 'secret')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('login')

    await wrapper.get('[data-testid="mfa-code"]').setValue('000000')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="mfa-error"]').text()).toBe('验证码错误、已过期或已被使用。')

    await wrapper.get('[data-testid="mfa-code"]').setValue('123456')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(JSON.parse(fetch.mock.calls[2][1].body)).toEqual({ challenge: 'ch-1', code: '123456' })
    expect(fetch.mock.calls[2][0]).toBe('/api/v1/auth/login/mfa')
    expect(router.currentRoute.value.fullPath).toBe('/tickets')
  })

  it('starts over when the challenge expired, keeping the username', async () => {
    fetch
      .mockResolvedValueOnce(jsonResponse(200, { data: { status: 'mfa_required', user: null, challenge: 'ch-1' } }))
      .mockResolvedValueOnce(jsonResponse(401, { error: { code: 'mfa_challenge_invalid', message: 'expired' } }))
    const { wrapper } = await mountLogin()
    await fillAndSubmit(wrapper, 'admin', 'secret')
    await flushPromises()
    await wrapper.get('[data-testid="mfa-code"]').setValue('123456')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('验证步骤已过期，请重新登录。')
    expect((wrapper.get('[data-testid="login-username"]').element as HTMLInputElement).value).toBe('admin')
  })
})
