import type { CollectItem, Quota, QuotaAction, SettingsPatch, SurveySettings } from '../api/surveyTypes'
import type { FieldError } from '../api/types'

/** The languages the settings form offers texts in (the privacy notice, quota messages). */
export const TEXT_LOCALES = ['zh-CN', 'en'] as const
export const COLLECT_ITEMS: CollectItem[] = ['answers', 'device', 'ip', 'openid', 'contact']
export const QUOTA_ACTIONS: QuotaAction[] = ['end', 'redirect', 'flag']
export const PRIVACY_TEXTS = ['purpose', 'retention', 'controller'] as const
export type PrivacyText = (typeof PRIVACY_TEXTS)[number]

/** Texts by locale; other locales the server had are kept as they are. */
export type LocaleTexts = Record<string, string>

export interface QuotaRow {
  id: string
  name: string
  condition: string
  channel: string
  limit: number
  action: QuotaAction
  message: LocaleTexts
  redirect: string
}

export interface SettingsForm {
  collects: CollectItem[]
  purpose: LocaleTexts
  retention: LocaleTexts
  controller: LocaleTexts
  quotas: QuotaRow[]
  dedupe: SurveySettings['dedupe']
  validity: SurveySettings['validity']
  resume: SurveySettings['resume']
  mode: SurveySettings['mode']
  logo: string
  color: string
  anonymise_ip: boolean
}

const QUOTA_ID = /^[A-Za-z0-9_-]{1,64}$/
const COLOR = /^#[0-9a-fA-F]{6}$/

function texts(source: Record<string, string> | undefined): LocaleTexts {
  const out: LocaleTexts = { ...(source ?? {}) }
  for (const locale of TEXT_LOCALES) out[locale] ??= ''
  return out
}

/** Only the filled texts, trimmed; undefined when none is. */
function filled(source: LocaleTexts): Record<string, string> | undefined {
  const entries = Object.entries(source)
    .map(([locale, value]) => [locale, value.trim()] as const)
    .filter(([, value]) => value !== '')
  return entries.length ? Object.fromEntries(entries) : undefined
}

export function quotaRow(q: Quota): QuotaRow {
  return {
    id: q.id,
    name: q.name,
    condition: q.condition ?? '',
    channel: q.channel ?? '',
    limit: q.limit,
    action: q.action,
    message: texts(q.message),
    redirect: q.redirect ?? '',
  }
}

/** A new quota row with an id not used yet (q1, q2, …). */
export function newQuota(existing: readonly QuotaRow[]): QuotaRow {
  let n = existing.length + 1
  while (existing.some((q) => q.id === `q${n}`)) n++
  return { id: `q${n}`, name: '', condition: '', channel: '', limit: 100, action: 'end', message: texts(undefined), redirect: '' }
}

/** The form's copy of the server's settings. */
export function settingsForm(s: SurveySettings): SettingsForm {
  return {
    collects: [...(s.privacy.collects ?? ['answers'])],
    purpose: texts(s.privacy.purpose),
    retention: texts(s.privacy.retention),
    controller: texts(s.privacy.controller),
    quotas: (s.quotas ?? []).map(quotaRow),
    dedupe: { ...s.dedupe },
    validity: { ...s.validity },
    resume: { ...s.resume },
    mode: s.mode,
    logo: s.theme?.logo ?? '',
    color: s.theme?.color ?? '',
    anonymise_ip: s.anonymise_ip,
  }
}

function quotaOut(row: QuotaRow): Quota {
  const quota: Quota = { id: row.id.trim(), name: row.name.trim(), limit: row.limit, action: row.action }
  const condition = row.condition.trim()
  if (condition) quota.condition = condition
  const channel = row.channel.trim()
  if (channel) quota.channel = channel
  const message = filled(row.message)
  if (message && row.action === 'end') quota.message = message
  if (row.action === 'redirect') quota.redirect = row.redirect.trim()
  return quota
}

/** The PATCH body: every section, as the form holds it (sections replace the server's). */
export function settingsPatch(form: SettingsForm): SettingsPatch {
  const privacy: SurveySettings['privacy'] = { collects: [...form.collects] }
  for (const key of PRIVACY_TEXTS) {
    const value = filled(form[key])
    if (value) privacy[key] = value
  }
  const theme: SurveySettings['theme'] = {}
  if (form.logo.trim()) theme.logo = form.logo.trim()
  if (form.color.trim()) theme.color = form.color.trim()
  return {
    privacy,
    quotas: form.quotas.map(quotaOut),
    dedupe: { ...form.dedupe },
    validity: { ...form.validity },
    resume: { ...form.resume },
    mode: form.mode,
    theme,
    anonymise_ip: form.anonymise_ip,
  }
}

const isHttp = (value: string) => {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * What the form can tell is wrong before sending, keyed by the server's
 * field path (quotas[1].limit) so the same cells show client and server
 * errors; values are i18n keys under surveySettings.errors. Quota
 * conditions are checked by the server against the draft.
 */
export function validateSettings(form: SettingsForm): Record<string, string> {
  const errors: Record<string, string> = {}
  if (form.collects.some((c) => c !== 'answers') && !filled(form.purpose)) errors['privacy.purpose'] = 'purposeRequired'
  const seen = new Set<string>()
  form.quotas.forEach((q, i) => {
    const at = `quotas[${i}]`
    const id = q.id.trim()
    if (!QUOTA_ID.test(id)) errors[`${at}.id`] = 'quotaId'
    else if (seen.has(id)) errors[`${at}.id`] = 'quotaIdTaken'
    seen.add(id)
    if (!q.name.trim()) errors[`${at}.name`] = 'required'
    if (!Number.isInteger(q.limit) || q.limit < 1) errors[`${at}.limit`] = 'quotaLimit'
    if (!QUOTA_ACTIONS.includes(q.action)) errors[`${at}.action`] = 'quotaAction'
    if (q.action === 'redirect' && !isHttp(q.redirect.trim())) errors[`${at}.redirect`] = 'httpAddress'
  })
  if (form.dedupe.ip_limit < 0) errors['dedupe.ip_limit'] = 'notNegative'
  if (form.dedupe.ip_limit > 0 && form.dedupe.ip_window_hours < 1) errors['dedupe.ip_window_hours'] = 'ipWindow'
  if (form.validity.min_seconds < 0) errors['validity.min_seconds'] = 'notNegative'
  if (form.resume.enabled && (form.resume.expiry_days < 1 || form.resume.expiry_days > 365)) errors['resume.expiry_days'] = 'resumeDays'
  if (form.color.trim() && !COLOR.test(form.color.trim())) errors['theme.color'] = 'color'
  const logo = form.logo.trim()
  if (logo && !logo.startsWith('/') && !isHttp(logo)) errors['theme.logo'] = 'httpAddress'
  return errors
}

/** Paths the settings form shows an error next to; privacy.collects[2] is shown at privacy.collects. */
const SHOWN = [
  /^privacy\.(purpose|retention|controller|collects)/,
  /^quotas\[\d+\]\.(id|name|condition|channel|limit|action|message|redirect)/,
  /^dedupe\.(ip_limit|ip_window_hours)$/,
  /^validity\.min_seconds$/,
  /^resume\.expiry_days$/,
  /^mode$/,
  /^theme\.(logo|color)$/,
]

/** Where the form shows an error of a server field path, or null for one it has no place for. */
export function settingsErrorKey(path: string): string | null {
  for (const pattern of SHOWN) {
    const match = pattern.exec(path)
    if (match) return match[0]
  }
  return null
}

/**
 * The server's field errors: those the form can show, keyed as the form
 * shows them (reasons of one place joined), and the rest for the banner.
 */
export function serverFieldErrors(fields: readonly FieldError[]): { byKey: Record<string, string>; other: FieldError[] } {
  const byKey: Record<string, string> = {}
  const other: FieldError[] = []
  for (const field of fields) {
    const key = settingsErrorKey(field.name)
    if (key === null) other.push(field)
    else byKey[key] = byKey[key] ? `${byKey[key]}; ${field.reason}` : field.reason
  }
  return { byKey, other }
}
