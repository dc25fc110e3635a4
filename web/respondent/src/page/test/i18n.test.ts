import { describe, expect, it } from 'vitest'
import { ERROR_CODES, en, errorMessage, fmt, pickLocale, resolve, uiMessages, zh } from '../i18n'
import type { Definition } from '../types'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('interface messages', () => {
  it('have the same keys, all filled, with the same placeholders in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[k].trim(), k).not.toBe('')
      expect(en[k].trim(), k).not.toBe('')
      expect(placeholders(en[k]), k).toEqual(placeholders(zh[k]))
    }
  })

  it('translate every answer error code of the engine', () => {
    for (const code of ERROR_CODES) {
      expect(zh[`e_${code}` as keyof typeof zh], code).toBeTruthy()
      expect(en[`e_${code}` as keyof typeof en], code).toBeTruthy()
    }
  })

  it('fill limits from the validation and fall back where they are missing', () => {
    expect(errorMessage(zh, { code: 'too_few' }, { min_select: 2 })).toBe('请至少选择 2 项。')
    expect(errorMessage(en, { code: 'too_many' }, { max_select: 3 })).toBe('Please choose at most 3.')
    expect(errorMessage(en, { code: 'too_long' }, { max_length: 20 })).toBe('Please enter at most 20 characters.')
    expect(errorMessage(zh, { code: 'too_early' }, { min_date: '2024-01-01' })).toBe('不能早于 2024-01-01。')
    expect(errorMessage(zh, { code: 'too_few' }, undefined)).toBe(zh.e_incomplete) // a required ranking without min_select
    expect(errorMessage(zh, { code: 'required', item: 'r2' }, undefined, { item: '服务' })).toBe('请回答“服务”。')
    expect(errorMessage(en, { code: 'custom', rule: 0 }, undefined, { custom: 'Age must be 18+' })).toBe('Age must be 18+')
    expect(errorMessage(en, { code: 'pattern' }, undefined, { pattern: 'Six digits' })).toBe('Six digits')
    expect(errorMessage(en, { code: 'watch' }, undefined, { watch: 80 })).toBe('Please watch at least 80% of the video.')
    expect(errorMessage(en, { code: 'no_such_code' }, undefined)).toBe(en.e_invalid)
  })

  it('pick the survey locale from the lang parameter or the browser', () => {
    const def = { default_locale: 'zh-CN', locales: ['en', 'ja'], pages: [] } as Definition
    expect(pickLocale(def, ['en-US', 'zh-CN'])).toBe('en')
    expect(pickLocale(def, ['fr', 'ja-JP'])).toBe('ja')
    expect(pickLocale(def, ['fr'])).toBe('zh-CN')
    expect(pickLocale(def, ['ZH-cn'])).toBe('zh-CN')
    expect(pickLocale({ pages: [] } as unknown as Definition, ['en'])).toBe('zh-CN')
    expect(uiMessages('en-GB')).toBe(en)
    expect(uiMessages('ja')).toBe(zh)
  })

  it('resolve survey texts with the fallback rules', () => {
    const def = { default_locale: 'zh-CN', locales: ['en-US'], pages: [] } as Definition
    expect(resolve({ 'zh-CN': '满意', 'en-US': 'Satisfied' }, 'en', def)).toBe('Satisfied')
    expect(resolve({ 'zh-CN': '满意' }, 'en', def)).toBe('满意')
    expect(resolve('同一', 'en', def)).toBe('同一')
    expect(resolve(undefined, 'en', def)).toBe('')
    expect(fmt('{a}-{b}-{c}', { a: 1, b: 'x' })).toBe('1-x-{c}')
  })
})
