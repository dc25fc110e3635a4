import { describe, expect, it } from 'vitest'
import { redirectTarget } from './redirect'

describe('redirectTarget', () => {
  it.each([
    ['/surveys', '/surveys'],
    ['/surveys?tab=mine#top', '/surveys?tab=mine#top'],
  ])('keeps the in-app path %s', (input, expected) => {
    expect(redirectTarget(input)).toBe(expected)
  })

  it.each([undefined, '', 'surveys', '//evil.example/', '/\\evil.example', 'https://evil.example/', '/login', ['/a']])(
    'falls back to home for %j',
    (input) => {
      expect(redirectTarget(input)).toEqual({ name: 'home' })
    },
  )
})
