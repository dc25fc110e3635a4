import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SurveyDetail, SurveyResponse } from '../../api/surveyTypes'
import { useSession } from '../../composables/useSession'
import { i18n } from '../../i18n'
import ResponseDrawer from './ResponseDrawer.vue'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const $ = (testId: string) => document.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null

const definition = {
  default_locale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'rating', scale: 'nps', title: { 'zh-CN': '推荐意愿', en: 'Recommend' } },
        { id: 'areas', type: 'multiple', title: '不满意的方面', options: [{ code: 'price', label: { 'zh-CN': '价格', en: 'Price' } }] },
      ],
    },
  ],
}

const survey = { id: 's1', code: 'abc', draft: definition } as unknown as SurveyDetail

const response: SurveyResponse = {
  id: 'r1',
  survey_id: 's1',
  version: 1,
  status: 'complete',
  validity: 'auto',
  counted: true,
  quality_score: 40,
  quality_flags: ['too_fast', 'quota:north'],
  duplicate: false,
  channel: 'wechat',
  params: { ch: 'wechat', store: 'S001' },
  answers: { nps: 3, areas: ['price'] },
  timing: { p1: 12000 },
  quotas: [],
  consent: { given: false },
  ip: '127.0.0.0',
  user_agent: 'test',
  started_at: '2026-03-01T10:00:00Z',
  submitted_at: '2026-03-01T10:02:00Z',
}

const fetch = vi.fn()

/** Signs in a user with these permissions, then answers the drawer's calls. */
async function signInWith(permissions: string[]) {
  fetch.mockImplementation(async (url: string, init: RequestInit) => {
    if (url === '/api/v1/me') return json(200, { data: { id: 'u1', username: 'li', name: 'Li', roles: [], created_at: '', permissions } })
    if (url === '/api/v1/surveys/s1/versions/1') return json(200, { data: { version: 1, note: '', definition } })
    if (url === '/api/v1/responses/r1' && init.method === 'PATCH') {
      return json(200, { data: { ...response, validity: 'invalid', counted: false } })
    }
    if (url === '/api/v1/responses/r1') return json(200, { data: response })
    return json(404, { error: { code: 'not_found', message: url } })
  })
  await useSession().refresh()
}

async function mountDrawer() {
  const wrapper = mount(ResponseDrawer, {
    props: { modelValue: true, responseId: 'r1', survey, quotaNames: { north: '华北' } },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await vi.waitFor(() => expect($('response-answers')).not.toBeNull())
  return wrapper
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('ResponseDrawer', () => {
  it('shows answers against the questions, with labels and translated flags', async () => {
    await signInWith(['responses.read'])
    await mountDrawer()
    expect($('answer-nps')?.textContent).toContain('推荐意愿')
    expect($('answer-nps')?.textContent).toContain('3 / 10')
    expect($('answer-areas')?.textContent).toContain('价格')
    expect($('flag-too_fast')?.textContent).toBe('作答过快')
    expect($('flag-quota:north')?.textContent).toBe('配额已满：华北')
    expect($('response-params')?.textContent).toContain('S001')
  })

  it('offers no actions without responses.manage', async () => {
    await signInWith(['responses.read'])
    await mountDrawer()
    expect($('response-actions')).toBeNull()
  })

  it('marks a response invalid and hands the new state to the page', async () => {
    await signInWith(['responses.read', 'responses.manage'])
    const wrapper = await mountDrawer()
    $('response-mark-invalid')?.click()
    await flushPromises()
    const patch = fetch.mock.calls.find(([, init]) => init.method === 'PATCH')
    expect(patch?.[0]).toBe('/api/v1/responses/r1')
    expect(JSON.parse(patch?.[1].body)).toEqual({ validity: 'invalid' })
    await vi.waitFor(() => expect($('drawer-validity')?.textContent).toBe('判为无效'))
    expect(wrapper.emitted('changed')?.[0]?.[0]).toMatchObject({ id: 'r1', counted: false })
  })
})
