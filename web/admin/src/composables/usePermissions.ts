import { computed } from 'vue'
import { useSession } from './useSession'

/** Permission ids used by the admin app (the server's catalogue has more). */
export const PERM = {
  usersRead: 'users.read',
  usersManage: 'users.manage',
  rolesManage: 'roles.manage',
  orgRead: 'org.read',
  orgManage: 'org.manage',
  keysManage: 'keys.manage',
  auditRead: 'audit.read',
  alarmsManage: 'alarms.manage',
  surveysRead: 'surveys.read',
  surveysManage: 'surveys.manage',
  surveysPublish: 'surveys.publish',
  responsesRead: 'responses.read',
  responsesManage: 'responses.manage',
  responsesExport: 'responses.export',
} as const

/** True when held includes at least one of wanted; an empty wanted list needs nothing. */
export function holdsAny(held: readonly string[], wanted: readonly string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true
  return wanted.some((p) => held.includes(p))
}

/** What the signed-in user may do, from GET /me. The server checks again; this only hides what would fail. */
export function usePermissions() {
  const { user } = useSession()
  const held = computed<readonly string[]>(() => user.value?.permissions ?? [])

  return {
    held,
    can: (permission: string) => held.value.includes(permission),
    canAny: (permissions: readonly string[] | undefined) => holdsAny(held.value, permissions),
    /** Sees every organisation unit (may create top-level units, keys without a unit). */
    scopeAll: computed(() => user.value?.data_scope_all ?? false),
  }
}
