import { useI18n } from 'vue-i18n'
import type { ResponseFilter, ResponseQuality, ResponseStatus, SurveyResponse } from '../api/surveyTypes'

export const RESPONSE_STATUSES: ResponseStatus[] = ['partial', 'complete', 'screened_out', 'quota_full']
export const RESPONSE_QUALITIES: ResponseQuality[] = ['valid', 'flagged', 'invalid']

/** The quality flags the server sets (besides quota:<id>), each translated under responses.flags. */
export const QUALITY_FLAGS = [
  'honeypot',
  'no_token',
  'too_fast',
  'straight_lining',
  'gibberish',
  'burst',
  'forwarded',
  'duplicate',
  'ip_limit',
  'over_quota',
] as const

/** The response browser's filter form: a time range picker instead of from / to strings. */
export interface ResponseFormFilter {
  status: ResponseStatus | ''
  quality: ResponseQuality | ''
  channel: string
  range: [Date, Date] | null
  q: string
}

export function emptyResponseFilter(): ResponseFormFilter {
  return { status: '', quality: '', channel: '', range: null, q: '' }
}

/** The query of listResponses / exportResponses: blank fields left out, times as RFC 3339. */
export function responseQuery(form: ResponseFormFilter): ResponseFilter {
  const query: ResponseFilter = {}
  if (form.status) query.status = form.status
  if (form.quality) query.quality = form.quality
  const channel = form.channel.trim()
  if (channel) query.channel = channel
  const q = form.q.trim()
  if (q) query.q = q
  if (form.range) {
    query.from = form.range[0].toISOString()
    query.to = form.range[1].toISOString()
  }
  return query
}

/** Seconds from the first save to the final submit; null for a partial response or odd clocks. */
export function durationSeconds(response: Pick<SurveyResponse, 'started_at' | 'submitted_at'>): number | null {
  if (!response.submitted_at) return null
  const ms = Date.parse(response.submitted_at) - Date.parse(response.started_at)
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 1000) : null
}

/** Splits a quota flag ("quota:north") into its quota id; null for other flags. */
export function quotaOfFlag(flag: string): string | null {
  return flag.startsWith('quota:') ? flag.slice('quota:'.length) : null
}

/** Labels for response fields in the current language. */
export function useResponseLabels() {
  const { t, te } = useI18n()

  /** A quality flag in words; quota:<id> names the quota (by its name when known). */
  function flagLabel(flag: string, quotaNames: Record<string, string> = {}): string {
    const quota = quotaOfFlag(flag)
    if (quota !== null) return t('responses.flags.quota', { name: quotaNames[quota] || quota })
    return te(`responses.flags.${flag}`) ? t(`responses.flags.${flag}`) : flag
  }

  /** A duration as minutes and seconds ("2 分 5 秒", "2 min 5 s"); "—" for none. */
  function duration(seconds: number | null): string {
    if (seconds === null) return '—'
    const minutes = Math.floor(seconds / 60)
    const rest = seconds % 60
    return minutes > 0 ? t('responses.minutesSeconds', { m: minutes, s: rest }) : t('responses.seconds', { s: rest })
  }

  /** Milliseconds (page and question timing) as seconds with one decimal. */
  function millis(ms: number): string {
    return t('responses.seconds', { s: (ms / 1000).toFixed(1) })
  }

  return { flagLabel, duration, millis }
}
