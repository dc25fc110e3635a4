import type { PatchUserInput } from '../api/identity'
import type { User } from '../api/types'

/** The editable fields of a user, as the edit drawer holds them. */
export interface UserFormValues {
  name: string
  email: string
  roles: string[]
  unit_ids: string[]
  disabled: boolean
}

export function userFormValues(user: User): UserFormValues {
  return {
    name: user.name,
    email: user.email ?? '',
    roles: [...user.roles],
    unit_ids: [...(user.unit_ids ?? [])],
    disabled: user.disabled ?? false,
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item))

/**
 * The PATCH body for what changed, and only that: the server checks each
 * field sent (granting a role needs its permissions), so unchanged fields
 * are left out. Null when nothing changed.
 */
export function userPatch(original: User, form: UserFormValues): PatchUserInput | null {
  const before = userFormValues(original)
  const patch: PatchUserInput = {}
  if (form.name.trim() !== before.name) patch.name = form.name.trim()
  if (form.email.trim() !== before.email) patch.email = form.email.trim()
  if (!sameSet(form.roles, before.roles)) patch.roles = [...form.roles]
  if (!sameSet(form.unit_ids, before.unit_ids)) patch.unit_ids = [...form.unit_ids]
  if (form.disabled !== before.disabled) patch.disabled = form.disabled
  return Object.keys(patch).length > 0 ? patch : null
}
