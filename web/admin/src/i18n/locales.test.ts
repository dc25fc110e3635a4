import { describe, expect, it } from 'vitest'
import { LOCALES, messages } from './index'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
}

const flat = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(messages[locale] as Tree)]))

describe('locale messages', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zh = [...flat['zh-CN'].keys()].sort()
    const en = [...flat.en.keys()].sort()
    expect(zh.filter((k) => !flat.en.has(k)), 'keys missing in en').toEqual([])
    expect(en.filter((k) => !flat['zh-CN'].has(k)), 'keys missing in zh-CN').toEqual([])
    expect(zh.length).toBeGreaterThan(0)
  })

  it('no message is empty and both locales use the same placeholders', () => {
    for (const [key, zh] of flat['zh-CN']) {
      const en = flat.en.get(key) ?? ''
      expect(zh.trim(), `zh-CN ${key}`).not.toBe('')
      expect(en.trim(), `en ${key}`).not.toBe('')
      expect(placeholders(en), `placeholders of ${key}`).toEqual(placeholders(zh))
    }
  })

  it('avoids characters vue-i18n would parse as syntax', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of flat[locale]) {
        expect(text, `${locale} ${key}`).not.toMatch(/[@|$]/)
      }
    }
  })
})
