// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearSaved, deviceId, loadSaved, randomId, saveSaved } from '../storage'

afterEach(() => {
  localStorage.clear()
  vi.restoreAllMocks()
})

describe('local storage', () => {
  it('makes response ids the API accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomId()))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(id).toMatch(/^r[A-Za-z0-9_-]{22}$/)
  })

  it('keeps one device id', () => {
    const a = deviceId()
    expect(a).toMatch(/^d[A-Za-z0-9_-]{22}$/)
    expect(deviceId()).toBe(a)
    expect(localStorage.getItem('opencem:device')).toBe(a)
    localStorage.setItem('opencem:device', 'bad id!')
    expect(deviceId()).not.toBe('bad id!')
  })

  it('saves, loads and clears the response in progress per survey code', () => {
    const s = { id: 'rABCDEFGHIJKLMNOPQRSTUV', token: 'tok', until: '2099-01-01T00:00:00Z', consent: true, started: '2026-01-01T00:00:00Z' }
    saveSaved('code1', s)
    expect(loadSaved('code1')).toEqual(s)
    expect(loadSaved('code2')).toBeNull()
    clearSaved('code1')
    expect(loadSaved('code1')).toBeNull()
  })

  it('forgets an expired resume token and malformed entries', () => {
    saveSaved('c', { id: 'rABCDEFGHIJKLMNOPQRSTUV', token: 't', until: '2020-01-01T00:00:00Z' })
    expect(loadSaved('c', Date.parse('2021-01-01'))).toBeNull()
    expect(localStorage.getItem('opencem:s:c')).toBeNull()
    localStorage.setItem('opencem:s:x', '{not json')
    expect(loadSaved('x')).toBeNull()
    localStorage.setItem('opencem:s:y', JSON.stringify({ id: 'short' }))
    expect(loadSaved('y')).toBeNull()
  })

  it('works without storage (private modes, refused access)', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError')
    })
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError')
    })
    expect(deviceId()).toMatch(/^d/)
    expect(() => saveSaved('c', { id: 'rABCDEFGHIJKLMNOPQRSTUV' })).not.toThrow()
    expect(loadSaved('c')).toBeNull()
  })
})
