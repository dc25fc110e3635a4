import { describe, expect, it } from 'vitest'
import type { ApiKey } from '../api/identity'
import { keyFormValues, keyInput, keyStatus, parseCidrs } from './useApiKeyForm'

const key: ApiKey = {
  id: 'k1',
  name: 'CRM',
  permissions: ['users.read'],
  unit_id: 'sh',
  cidrs: ['10.0.0.0/8', '2001:db8::/32'],
  expires_at: '2030-01-01T00:00:00Z',
  require_signature: true,
  has_public_key: true,
  cert_subject: 'CN=crm',
  rate_limit: 120,
  rotation_ends_at: null,
  created_by: 'u1',
  created_at: '2026-01-01T00:00:00Z',
  revoked_at: null,
  last_used_at: null,
  last_used_ip: '',
}

describe('parseCidrs', () => {
  it('splits lines, commas and spaces and drops blanks', () => {
    expect(parseCidrs('10.0.0.0/8\n\n 192.0.2.1, 2001:db8::/32 ;fe80::1')).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      '2001:db8::/32',
      'fe80::1',
    ])
    expect(parseCidrs('   ')).toEqual([])
  })
})

describe('keyInput', () => {
  it('round-trips a key through the form (the PEM must be given again)', () => {
    const form = keyFormValues(key)
    expect(form.cidrsText).toBe('10.0.0.0/8\n2001:db8::/32')
    expect(form.public_key_pem).toBe('')
    expect(keyInput(form)).toEqual({
      name: 'CRM',
      permissions: ['users.read'],
      unit_id: 'sh',
      cidrs: ['10.0.0.0/8', '2001:db8::/32'],
      expires_at: '2030-01-01T00:00:00.000Z',
      rate_limit: 120,
      require_signature: true,
      cert_subject: 'CN=crm',
    })
  })

  it('leaves out what a new key did not set', () => {
    const form = { ...keyFormValues(), name: ' Ops ', permissions: ['audit.read'], public_key_pem: ' PEM \n' }
    expect(keyInput(form)).toEqual({
      name: 'Ops',
      permissions: ['audit.read'],
      cidrs: [],
      expires_at: null,
      rate_limit: 600,
      require_signature: false,
      public_key_pem: 'PEM',
    })
  })
})

describe('keyStatus', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  it.each([
    [{}, 'active'],
    [{ revoked_at: '2026-05-01T00:00:00Z' }, 'revoked'],
    [{ expires_at: '2026-05-01T00:00:00Z' }, 'expired'],
    [{ rotation_ends_at: '2026-06-02T00:00:00Z' }, 'rotating'],
    [{ rotation_ends_at: '2026-05-31T00:00:00Z' }, 'active'],
  ])('%j is %s', (change, status) => {
    expect(keyStatus({ ...key, ...change }, now)).toBe(status)
  })
})
