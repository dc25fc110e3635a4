import elementEn from 'element-plus/es/locale/lang/en'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import { computed } from 'vue'
import { i18n, LOCALE_STORAGE_KEY, LOCALES, type AppLocale } from '../i18n'

const elementLocales = { 'zh-CN': elementZhCn, en: elementEn }

/** Marks the document with the current language (screen readers, fonts, spell check). */
export function applyDocumentLocale(locale: AppLocale = i18n.global.locale.value): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/** The UI language: vue-i18n and Element Plus switch together, and the choice is remembered. */
export function useLocale() {
  const locale = computed(() => i18n.global.locale.value)
  const elementLocale = computed(() => elementLocales[locale.value])

  function setLocale(next: AppLocale): void {
    i18n.global.locale.value = next
    applyDocumentLocale(next)
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next)
    } catch {
      // Storage may be unavailable (private mode); the switch still works for this visit.
    }
  }

  return { locale, locales: LOCALES, elementLocale, setLocale }
}
