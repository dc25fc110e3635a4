import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SurveyDetail } from '../../api/surveyTypes'
import { i18n } from '../../i18n'
import PublishDialog from './PublishDialog.vue'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const $ = (testId: string) => document.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null
const $$ = (testId: string) => [...document.querySelectorAll(`[data-testid="${testId}"]`)].map((e) => e.textContent?.trim())

const survey = {
  id: 's1',
  published_version: 2,
  draft: { pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'single', options: [{ code: 'a' }] }] }] },
} as unknown as SurveyDetail

const fetch = vi.fn()

async function mountDialog() {
  const wrapper = mount(PublishDialog, { props: { modelValue: true, survey }, global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  i18n.global.locale.value = 'en'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('PublishDialog', () => {
  it('lists every check error with its element, path and reason, and stays open', async () => {
    fetch.mockResolvedValue(
      json(400, {
        error: {
          code: 'validation_failed',
          message: 'The survey definition has errors.',
          fields: [
            { name: 'pages[0].questions[0].options[0].jump.target', reason: 'there is no page "x" [unknown_target]' },
            { name: 'pages[0].questions[0].display', reason: '{q2} comes later [forward_ref]' },
          ],
          request_id: 'r1',
        },
      }),
    )
    const wrapper = await mountDialog()
    expect(document.body.textContent).toContain('Publish as version 3')
    ;(document.querySelector('[data-testid="publish-note"]') as HTMLTextAreaElement).value = 'v3'
    document.querySelector('[data-testid="publish-note"]')?.dispatchEvent(new Event('input'))
    $('publish-submit')?.click()
    await flushPromises()
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({ note: 'v3' })
    expect($('publish-error')?.textContent).toContain('the draft has 2 errors')
    expect($$('problem-path')).toEqual(['pages[0].questions[0].options[0].jump.target', 'pages[0].questions[0].display'])
    expect($$('problem-reason')).toEqual(['there is no page "x"', '{q2} comes later'])
    expect($('publish-problems')?.textContent).toContain('p1 › q1 › a › jump › target')
    expect(wrapper.emitted('published')).toBeUndefined()
  })

  it('says in words why an unchanged draft is not published', async () => {
    fetch.mockResolvedValue(json(409, { error: { code: 'survey_unchanged', message: 'Nothing changed.', request_id: 'r2' } }))
    await mountDialog()
    $('publish-submit')?.click()
    await flushPromises()
    expect($('publish-error')?.textContent).toContain('nothing to publish')
    expect($('publish-problems')).toBeNull()
  })

  it('hands the new version to the page and closes', async () => {
    const result = { survey: { id: 's1', published_version: 3 }, version: { version: 3, note: '' } }
    fetch.mockResolvedValue(json(200, { data: result }))
    const wrapper = await mountDialog()
    $('publish-submit')?.click()
    await flushPromises()
    expect(wrapper.emitted('published')?.[0]).toEqual([result])
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([false])
  })

  it('shows the link, the QR code and what changed since the last version after publishing (issue #6 item 6)', async () => {
    const published = {
      survey: { id: 's1', code: 'abc123', status: 'published', link: '/s/abc123', published_version: 3 },
      version: { version: 3, note: 'v3' },
    }
    const v2 = { pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'single', title: 'Old', options: [{ code: 'a' }] }] }] }
    const v3 = { pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'single', title: 'New', options: [{ code: 'a' }, { code: 'b', label: 'Bee' }] }] }] }
    fetch.mockImplementation(async (url: string) => {
      if (String(url).endsWith('/publish')) return json(200, { data: published })
      if (String(url).endsWith('/versions/2')) return json(200, { data: { version: 2, definition: v2 } })
      if (String(url).endsWith('/versions/3')) return json(200, { data: { version: 3, definition: v3 } })
      return json(404, { error: { code: 'not_found', message: 'no', request_id: 'r' } })
    })
    const wrapper = await mountDialog()
    expect($('publish-result')).toBeNull()
    $('publish-submit')?.click()
    await flushPromises()
    expect(wrapper.emitted('published')?.[0]).toEqual([published])
    expect($('publish-result')?.textContent).toContain('Version 3 is published')
    expect(($('survey-link') as HTMLInputElement).value).toMatch(/\/s\/abc123$/)
    // The QR code is SurveyLinkCard's (drawn asynchronously in the browser); the card is the one the survey page shows.
    expect($('publish-result')?.querySelector('[data-testid="survey-link-card"]')).not.toBeNull()
    expect($('version-diff-summary')?.textContent).toContain('1 added')
    const changes = [...document.querySelectorAll('[data-testid="version-diff-change"]')].map((e) => e.textContent ?? '')
    expect(changes.some((c) => c.includes('Old') && c.includes('New'))).toBe(true)
    expect(changes.some((c) => c.includes('Option b (question q1)') && c.includes('Bee'))).toBe(true)
  })

  it('says the first version has nothing to compare with', async () => {
    const published = { survey: { id: 's1', code: 'abc', status: 'published', link: '/s/abc', published_version: 1 }, version: { version: 1, note: '' } }
    fetch.mockResolvedValue(json(200, { data: published }))
    await mountDialog()
    $('publish-submit')?.click()
    await flushPromises()
    expect($('publish-result-first')?.textContent).toContain('first published version')
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})
