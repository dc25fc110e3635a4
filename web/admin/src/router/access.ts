import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { holdsAny } from '../composables/usePermissions'
import { SETTINGS_ITEMS } from '../navigation'

/** Routes a user with an open obligation (new password, two-factor set-up) may still open. */
const PASSWORD_ROUTE = 'change-password'
const PROFILE_ROUTE = 'profile'

type Target = Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta'>

/** The parts of GET /me that decide access. */
export interface Obligations {
  must_change_password: boolean
  mfa_setup_required: boolean
  permissions: readonly string[]
}

/**
 * Where a signed-in user may go: first a forced password change, then a
 * required two-factor set-up (only the profile works until then), then the
 * page's permissions. Returns true to go on, else where to go instead.
 */
export function accessRedirect(to: Target, me: Obligations): true | RouteLocationRaw {
  if (me.must_change_password) {
    return to.name === PASSWORD_ROUTE ? true : { name: PASSWORD_ROUTE, query: { redirect: to.fullPath } }
  }
  if (me.mfa_setup_required && to.name !== PROFILE_ROUTE && to.name !== PASSWORD_ROUTE) {
    return { name: PROFILE_ROUTE, query: { setup: '2fa' } }
  }
  if (to.name === 'settings') {
    const first = SETTINGS_ITEMS.find((item) => holdsAny(me.permissions, item.permissions))
    return first ? { name: first.name } : { name: 'forbidden' }
  }
  if (!holdsAny(me.permissions, to.meta.permissions)) return { name: 'forbidden' }
  return true
}
