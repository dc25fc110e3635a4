import type { LocalText } from '../api/surveyTypes'

/** What a survey says about its languages (docs/survey-format.md §2). */
export interface TextLocales {
  default_locale?: string
  locales?: string[]
}

const primary = (locale: string) => locale.split('-')[0].toLowerCase()

/**
 * A survey text in one locale, resolved as the engine does: the locale
 * itself; a key of the same primary language (in the survey's locale order,
 * then alphabetical); the default locale; the first key. A plain string is
 * the same in every locale. Empty when there is no text.
 */
export function resolveText(text: LocalText | null | undefined, locale: string, survey: TextLocales = {}): string {
  if (text === null || text === undefined) return ''
  if (typeof text === 'string') return text
  const filled = Object.keys(text).filter((key) => typeof text[key] === 'string' && text[key] !== '')
  if (filled.length === 0) return ''
  if (filled.includes(locale)) return text[locale]
  const order = survey.locales ?? []
  const ordered = [...filled].sort((a, b) => {
    const ia = order.indexOf(a)
    const ib = order.indexOf(b)
    if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib)
    return a < b ? -1 : a > b ? 1 : 0
  })
  const sameLanguage = ordered.find((key) => primary(key) === primary(locale))
  if (sameLanguage) return text[sameLanguage]
  const fallback = survey.default_locale ?? 'zh-CN'
  if (filled.includes(fallback)) return text[fallback]
  return text[ordered[0]]
}

/** Removes the markup of a rich text (titles may hold a small HTML subset) for plain display. */
export function plainText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return html
  if (typeof DOMParser === 'undefined') return html.replace(/<[^>]*>/g, '')
  const doc = new DOMParser().parseFromString(html, 'text/html')
  return (doc.body.textContent ?? '').trim()
}
