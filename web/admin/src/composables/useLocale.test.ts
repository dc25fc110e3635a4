import { afterEach, describe, expect, it } from 'vitest'
import { i18n, LOCALE_STORAGE_KEY, savedLocale } from '../i18n'
import { useLocale } from './useLocale'

describe('useLocale', () => {
  afterEach(() => {
    useLocale().setLocale('zh-CN')
    localStorage.clear()
  })

  it('starts in zh-CN when nothing was saved', () => {
    localStorage.clear()
    expect(savedLocale()).toBe('zh-CN')
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr')
    expect(savedLocale()).toBe('zh-CN')
  })

  it('switches vue-i18n, Element Plus and <html lang> together and remembers the choice', () => {
    const { setLocale, elementLocale, locale } = useLocale()
    setLocale('en')
    expect(locale.value).toBe('en')
    expect(i18n.global.t('home.welcome', { name: 'Ada' })).toBe('Welcome, Ada')
    expect(elementLocale.value.name).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(savedLocale()).toBe('en')

    setLocale('zh-CN')
    expect(i18n.global.t('home.welcome', { name: 'Ada' })).toBe('欢迎，Ada')
    expect(elementLocale.value.name).toBe('zh-cn')
    expect(document.documentElement.lang).toBe('zh-CN')
  })
})
