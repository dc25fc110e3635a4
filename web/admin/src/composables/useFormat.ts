import { useI18n } from 'vue-i18n'

/** Dates and times in the current language; "—" for none. */
export function useFormat() {
  const { locale } = useI18n()

  function dateTime(value: string | null | undefined): string {
    if (!value) return '—'
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) return value
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
  }

  return { dateTime }
}

/** An audit value for display: strings as they are (empty as ""), everything else as compact JSON; null as "—". */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (value === '') return '""'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
