// Issue #6 item 6: version history with a readable diff; restoring a version
// makes a new draft and never alters a published version.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { i18n } from '../../../i18n'
import VersionHistory from './VersionHistory.vue'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const def = (title: string, extra: Record<string, unknown>[] = []): SurveyDefinition => ({
  pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'text', title }, ...(extra as never[])] }],
})

const versions = [
  { version: 1, note: 'first', published_by: 'u1', published_at: '2026-11-01T10:00:00Z' },
  { version: 2, note: 'reworded', published_by: 'u1', published_at: '2026-11-02T10:00:00Z' },
  { version: 3, note: '', published_by: 'u2', published_at: '2026-11-03T10:00:00Z' },
]
const definitions: Record<number, SurveyDefinition> = {
  1: def('How are you?'),
  2: def('How do you feel?'),
  3: def('How do you feel?', [{ id: 'q2', type: 'text', title: 'Anything else?' }]),
}

const fetch = vi.fn()
let wrapper: VueWrapper
const $ = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null

function serve(restore?: () => Response) {
  fetch.mockImplementation(async (url: string, init?: RequestInit) => {
    const u = String(url)
    if (u.endsWith('/restore') && init?.method === 'POST') return restore ? restore() : json(200, { data: { id: 's1', draft: definitions[1] } })
    const one = u.match(/\/versions\/(\d+)$/)
    if (one) return json(200, { data: { ...versions[Number(one[1]) - 1], definition: definitions[Number(one[1])] } })
    if (u.includes('/versions')) return json(200, { data: versions, meta: {} })
    return json(404, { error: { code: 'not_found', message: 'no', request_id: 'r' } })
  })
}

async function mountHistory(props: Record<string, unknown> = {}) {
  wrapper = mount(VersionHistory, { props: { surveyId: 's1', ...props }, global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
}

beforeEach(() => {
  i18n.global.locale.value = 'en'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  wrapper?.unmount()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('VersionHistory', () => {
  it('lists versions newest first with note, publisher and time', async () => {
    serve()
    await mountHistory()
    const rows = [...document.querySelectorAll('[data-testid^="version-row-"]')]
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['version-row-3', 'version-row-2', 'version-row-1'])
    expect(rows[1].textContent).toContain('reworded')
    expect(rows[1].textContent).toContain('u1')
    expect(rows[0].textContent).toContain('—')
  })

  it('compares the newest two by default and another pair when picked', async () => {
    serve()
    await mountHistory()
    expect($('version-diff-summary')?.textContent).toContain('1 added')
    expect($('version-diff')?.textContent).toContain('Question q2 (page p1)')

    const [before, after] = wrapper.findAllComponents(ElSelect)
    before.vm.$emit('update:modelValue', 1)
    after.vm.$emit('update:modelValue', 2)
    await flushPromises()
    const change = $('version-diff-change')
    expect(change?.getAttribute('data-kind')).toBe('changed')
    expect(change?.textContent).toContain('How are you?')
    expect(change?.textContent).toContain('How do you feel?')
  })

  it('compares the newest version with the draft when given one', async () => {
    serve()
    await mountHistory({ draft: def('How do you feel today?', [{ id: 'q2', type: 'text', title: 'Anything else?' }]) })
    const changes = [...document.querySelectorAll('[data-testid="version-diff-change"]')]
    expect(changes).toHaveLength(1)
    expect(changes[0].textContent).toContain('How do you feel today?')
  })

  it('restores a version as the draft only after confirmation', async () => {
    serve()
    await mountHistory()
    $('version-restore-1')?.click()
    await flushPromises()
    expect(fetch.mock.calls.some(([u]) => String(u).endsWith('/restore'))).toBe(false)
    expect($('version-restore-dialog')?.textContent).toContain('Replace the current draft with version 1?')
    $('version-restore-confirm')?.click()
    await flushPromises()
    const call = fetch.mock.calls.find(([u]) => String(u).endsWith('/restore'))
    expect(call?.[0]).toBe('/api/v1/surveys/s1/versions/1/restore')
    expect(wrapper.emitted('restored')?.[0]).toEqual([{ id: 's1', draft: definitions[1] }])
  })

  it('says why a restore failed', async () => {
    serve(() => json(404, { error: { code: 'survey_version_not_found', message: 'No such version.', request_id: 'r' } }))
    await mountHistory()
    $('version-restore-2')?.click()
    await flushPromises()
    $('version-restore-confirm')?.click()
    await flushPromises()
    expect($('version-history-error')?.textContent).not.toBe('')
    expect(wrapper.emitted('restored')).toBeUndefined()
  })

  it('explains an empty history', async () => {
    fetch.mockResolvedValue(json(200, { data: [], meta: {} }))
    await mountHistory()
    expect($('version-history-empty')?.textContent).toContain('No version has been published yet.')
  })
})
