import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Role } from '../../api/identity'
import { i18n } from '../../i18n'
import UserCreateDialog from './UserCreateDialog.vue'

// Element Plus shows field messages after a short debounce; allow for a busy machine.
const WAIT = { timeout: 10_000 }

const roles: Role[] = [
  { id: 'analyst', name: 'Analyst', description: '', permissions: [], builtin: true, require_2fa: false, updated_at: '' },
]

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const $ = <T extends Element = HTMLElement>(testId: string) => document.querySelector(`[data-testid="${testId}"]`) as T

function type(testId: string, value: string) {
  const input = $<HTMLInputElement>(testId)
  input.value = value
  input.dispatchEvent(new Event('input'))
}

async function mountDialog() {
  const wrapper = mount(UserCreateDialog, {
    props: { modelValue: true, roles, tree: [] },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
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

describe('UserCreateDialog', () => {
  it('marks the fields the server refused and keeps everything typed', async () => {
    fetch.mockResolvedValue(
      json(400, {
        error: {
          code: 'validation_failed',
          message: 'Some fields are invalid.',
          fields: [{ name: 'username', reason: '2–64 letters, digits or . _ @ -' }],
          request_id: 'r1',
        },
      }),
    )
    const wrapper = await mountDialog()
    type('user-username', 'x')
    type('user-name-input', '王芳')
    type('user-password', 'Secret-123456')
    $('user-create-submit').click()
    await flushPromises()

    expect($('user-create-error').textContent).toContain('请检查标出的字段。')
    await vi.waitFor(() => expect(document.querySelector('.el-form-item__error')?.textContent).toContain('2–64 letters'), WAIT)
    expect($<HTMLInputElement>('user-username').value).toBe('x')
    expect($<HTMLInputElement>('user-name-input').value).toBe('王芳')
    expect($<HTMLInputElement>('user-password').value).toBe('Secret-123456')
    expect(wrapper.emitted('created')).toBeUndefined()
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({
      username: 'x',
      name: '王芳',
      password: 'Secret-123456',
      roles: [],
      unit_ids: [],
    })
  })

  it('asks for the required fields before sending', async () => {
    await mountDialog()
    $('user-create-submit').click()
    await flushPromises()
    expect(fetch).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.querySelectorAll('.el-form-item__error')).toHaveLength(2), WAIT)
  })

  it('hands the one-time password to the page and closes', async () => {
    const user = { id: 'u9', username: 'wang', name: 'Wang', roles: [], created_at: '' }
    fetch.mockResolvedValue(json(201, { data: { user, initial_password: 'tmp-pass-0123' } }))
    const wrapper = await mountDialog()
    type('user-username', 'wang')
    type('user-name-input', 'Wang')
    $('user-create-submit').click()
    await flushPromises()
    expect(wrapper.emitted('created')?.[0]).toEqual([{ user, initial_password: 'tmp-pass-0123' }])
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([false])
    // No password typed: the server generates one.
    expect(JSON.parse(fetch.mock.calls[0][1].body).password).toBeUndefined()
  })
})
