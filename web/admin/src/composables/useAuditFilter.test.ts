import { describe, expect, it } from 'vitest'
import { auditQuery, emptyAuditFilter } from './useAuditFilter'

describe('auditQuery', () => {
  it('sends nothing for an empty filter', () => {
    expect(auditQuery(emptyAuditFilter())).toEqual({})
  })

  it('trims text, keeps the outcome and turns the range into RFC 3339', () => {
    const from = new Date('2026-03-01T00:00:00Z')
    const to = new Date('2026-03-02T12:30:00Z')
    expect(
      auditQuery({ ...emptyAuditFilter(), action: ' auth.* ', outcome: 'denied', q: 'li', range: [from, to], target_id: ' ' }),
    ).toEqual({ action: 'auth.*', outcome: 'denied', q: 'li', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T12:30:00.000Z' })
  })
})
