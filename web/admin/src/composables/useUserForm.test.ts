import { describe, expect, it } from 'vitest'
import type { User } from '../api/types'
import { userFormValues, userPatch } from './useUserForm'

const user: User = {
  id: 'u1',
  username: 'li.lei',
  name: 'Li Lei',
  email: 'li@example.com',
  roles: ['analyst', 'researcher'],
  unit_ids: ['sh'],
  disabled: false,
  created_at: '',
}

describe('userPatch', () => {
  it('is null when nothing changed, whatever the order of roles', () => {
    expect(userPatch(user, { ...userFormValues(user), roles: ['researcher', 'analyst'] })).toBeNull()
  })

  it('sends only the fields that changed', () => {
    expect(userPatch(user, { ...userFormValues(user), name: ' Li Lei Jr. ', disabled: true })).toEqual({
      name: 'Li Lei Jr.',
      disabled: true,
    })
  })

  it('replaces roles and units as whole lists', () => {
    const patch = userPatch(user, { ...userFormValues(user), roles: ['analyst'], unit_ids: ['sh', 'hz'] })
    expect(patch).toEqual({ roles: ['analyst'], unit_ids: ['sh', 'hz'] })
  })

  it('clears an e-mail with an empty string', () => {
    expect(userPatch(user, { ...userFormValues(user), email: '' })).toEqual({ email: '' })
  })

  it('reads a user without optional fields', () => {
    expect(userFormValues({ id: 'u2', username: 'x', name: 'X', roles: [], created_at: '' })).toEqual({
      name: 'X',
      email: '',
      roles: [],
      unit_ids: [],
      disabled: false,
    })
  })
})
