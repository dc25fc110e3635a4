import { mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import {
  durationSeconds,
  emptyResponseFilter,
  QUALITY_FLAGS,
  quotaOfFlag,
  responseQuery,
  useResponseLabels,
} from './useResponseFilter'
import { emptySurveyFilter, parseJsonObject, publicUrl, surveyQuery } from './useSurveyFilter'

function labels(locale: 'zh-CN' | 'en') {
  i18n.global.locale.value = locale
  let out!: ReturnType<typeof useResponseLabels>
  mount(defineComponent({ setup: () => ((out = useResponseLabels()), () => h('div')) }), { global: { plugins: [i18n] } })
  return out
}

describe('responseQuery', () => {
  it('sends nothing for an empty filter', () => {
    expect(responseQuery(emptyResponseFilter())).toEqual({})
  })

  it('keeps chosen status and quality, trims text and turns the range into RFC 3339', () => {
    const from = new Date('2026-03-01T00:00:00Z')
    const to = new Date('2026-03-02T12:30:00Z')
    expect(
      responseQuery({ status: 'complete', quality: 'flagged', channel: ' wechat ', q: ' 太贵 ', range: [from, to] }),
    ).toEqual({
      status: 'complete',
      quality: 'flagged',
      channel: 'wechat',
      q: '太贵',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T12:30:00.000Z',
    })
  })

  it('leaves out blank text', () => {
    expect(responseQuery({ ...emptyResponseFilter(), channel: '  ', q: '' })).toEqual({})
  })
})

describe('surveyQuery', () => {
  it('turns "me" into the signed-in user and leaves "all" unfiltered', () => {
    expect(surveyQuery(emptySurveyFilter(), 'u1')).toEqual({})
    expect(surveyQuery({ q: ' NPS ', status: 'published', owner: 'me' }, 'u1')).toEqual({ q: 'NPS', status: 'published', owner_id: 'u1' })
    expect(surveyQuery({ q: '', status: '', owner: 'me' }, undefined)).toEqual({})
  })

  it('builds the public link on this server', () => {
    expect(publicUrl('/s/abc123', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/s/abc123')
  })

  it('parses pasted JSON objects and refuses anything else', () => {
    expect(parseJsonObject('{"nps": 9}')).toEqual({ nps: 9 })
    expect(() => parseJsonObject('[1]')).toThrow(TypeError)
    expect(() => parseJsonObject('{nps: 9}')).toThrow(SyntaxError)
  })
})

describe('durationSeconds', () => {
  it('counts from the first save to the submit, and nothing for partial responses', () => {
    expect(durationSeconds({ started_at: '2026-03-01T10:00:00Z', submitted_at: '2026-03-01T10:02:05.4Z' })).toBe(125)
    expect(durationSeconds({ started_at: '2026-03-01T10:00:00Z', submitted_at: null })).toBeNull()
    expect(durationSeconds({ started_at: '2026-03-01T10:00:00Z', submitted_at: '2026-03-01T09:00:00Z' })).toBeNull()
  })
})

describe('quality flags', () => {
  it('translates every flag the server sets, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const { flagLabel } = labels(locale)
      for (const flag of QUALITY_FLAGS) expect(flagLabel(flag), `${locale} ${flag}`).not.toBe(flag)
    }
    expect(labels('zh-CN').flagLabel('too_fast')).toBe('作答过快')
    expect(labels('en').flagLabel('straight_lining')).toBe('Straight-lining')
  })

  it('names the quota of a quota flag, and shows unknown flags as they are', () => {
    const { flagLabel } = labels('en')
    expect(quotaOfFlag('quota:north')).toBe('north')
    expect(quotaOfFlag('over_quota')).toBeNull()
    expect(flagLabel('quota:north', { north: 'North region' })).toBe('Quota full: North region')
    expect(flagLabel('quota:south')).toBe('Quota full: south')
    expect(flagLabel('brand_new')).toBe('brand_new')
  })

  it('words durations in minutes and seconds', () => {
    expect(labels('zh-CN').duration(125)).toBe('2 分 5 秒')
    expect(labels('en').duration(42)).toBe('42 s')
    expect(labels('en').duration(null)).toBe('—')
    expect(labels('en').millis(1500)).toBe('1.5 s')
  })
})
