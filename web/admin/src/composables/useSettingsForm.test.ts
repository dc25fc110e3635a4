import { describe, expect, it } from 'vitest'
import type { SurveySettings } from '../api/surveyTypes'
import {
  newQuota,
  serverFieldErrors,
  settingsErrorKey,
  settingsForm,
  settingsPatch,
  validateSettings,
  type SettingsForm,
} from './useSettingsForm'

const server = (): SurveySettings => ({
  privacy: { collects: ['answers'] },
  quotas: [
    { id: 'total', name: 'Total', limit: 100, action: 'flag' },
    { id: 'north', name: 'North', condition: "{city.province} = '110000'", limit: 20, action: 'end', message: { 'zh-CN': '已满', ja: '満員' } },
  ],
  dedupe: { device: true, openid: false, invite: false, contact: false, ip_limit: 0, ip_window_hours: 0 },
  validity: { min_seconds: 0, require_token: true },
  resume: { enabled: true, expiry_days: 7 },
  mode: 'paged',
  theme: {},
  anonymise_ip: false,
})

const form = (change: (f: SettingsForm) => void = () => {}): SettingsForm => {
  const f = settingsForm(server())
  change(f)
  return f
}

describe('settings form', () => {
  it('round-trips the server settings, keeping texts of other locales', () => {
    const patch = settingsPatch(form())
    expect(patch.quotas).toEqual(server().quotas)
    expect(patch.privacy).toEqual({ collects: ['answers'] })
    expect(patch.theme).toEqual({})
    expect(patch.dedupe).toEqual(server().dedupe)
  })

  it('trims, drops empty texts and sends only what the chosen action uses', () => {
    const patch = settingsPatch(
      form((f) => {
        f.purpose['zh-CN'] = '  改进服务 '
        f.quotas[1].action = 'redirect'
        f.quotas[1].redirect = ' https://example.com/full '
        f.quotas[0].condition = '  '
        f.quotas[0].channel = ' wechat '
        f.color = '#1456F0'
      }),
    )
    expect(patch.privacy).toEqual({ collects: ['answers'], purpose: { 'zh-CN': '改进服务' } })
    expect(patch.quotas?.[0]).toEqual({ id: 'total', name: 'Total', limit: 100, action: 'flag', channel: 'wechat' })
    expect(patch.quotas?.[1]).toEqual({
      id: 'north',
      name: 'North',
      condition: "{city.province} = '110000'",
      limit: 20,
      action: 'redirect',
      redirect: 'https://example.com/full',
    })
    expect(patch.theme).toEqual({ color: '#1456F0' })
  })

  it('gives new quotas an id not used yet', () => {
    const rows = form().quotas
    rows.push({ ...newQuota(rows), id: 'q3' })
    expect(newQuota(rows).id).toBe('q4')
    expect(newQuota([]).id).toBe('q1')
  })
})

describe('validateSettings', () => {
  it('accepts the server settings as they are', () => {
    expect(validateSettings(form())).toEqual({})
  })

  it('checks every quota field the server checks, by the server path', () => {
    const errors = validateSettings(
      form((f) => {
        f.quotas[0].id = 'bad id'
        f.quotas[1].id = 'total'
        f.quotas.push({ ...newQuota(f.quotas), id: 'total', name: ' ', limit: 0, action: 'redirect', redirect: 'ftp://x' })
      }),
    )
    expect(errors).toEqual({
      'quotas[0].id': 'quotaId',
      'quotas[2].id': 'quotaIdTaken',
      'quotas[2].name': 'required',
      'quotas[2].limit': 'quotaLimit',
      'quotas[2].redirect': 'httpAddress',
    })
  })

  it('asks why personal information is collected, and checks numbers, colour and logo', () => {
    const errors = validateSettings(
      form((f) => {
        f.collects.push('ip')
        f.dedupe.ip_limit = 3
        f.validity.min_seconds = -1
        f.resume.expiry_days = 400
        f.color = 'red'
        f.logo = 'javascript:alert(1)'
      }),
    )
    expect(errors).toEqual({
      'privacy.purpose': 'purposeRequired',
      'dedupe.ip_window_hours': 'ipWindow',
      'validity.min_seconds': 'notNegative',
      'resume.expiry_days': 'resumeDays',
      'theme.color': 'color',
      'theme.logo': 'httpAddress',
    })
    expect(validateSettings(form((f) => ((f.resume.enabled = false), (f.resume.expiry_days = 0))))).toEqual({})
    expect(validateSettings(form((f) => (f.logo = '/static/logo.png')))).toEqual({})
  })
})

describe('server field errors', () => {
  it('puts each reason where the form shows it and keeps the rest for the banner', () => {
    const { byKey, other } = serverFieldErrors([
      { name: 'quotas[1].condition', reason: 'unknown reference {nosuch}' },
      { name: 'quotas[1].condition', reason: 'type mismatch' },
      { name: 'privacy.collects[2]', reason: 'unknown item "x"' },
      { name: 'quotas[0].message.en', reason: 'too long' },
      { name: 'surprise', reason: 'odd' },
    ])
    expect(byKey).toEqual({
      'quotas[1].condition': 'unknown reference {nosuch}; type mismatch',
      'privacy.collects': 'unknown item "x"',
      'quotas[0].message': 'too long',
    })
    expect(other).toEqual([{ name: 'surprise', reason: 'odd' }])
    expect(settingsErrorKey('dedupe.ip_window_hours')).toBe('dedupe.ip_window_hours')
    expect(settingsErrorKey('anonymise')).toBeNull()
  })
})
