import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Permission, Role } from '../api/identity'
import { listPermissions } from '../api/roles'

/** Groups in the order a reader meets them; unknown groups follow, alphabetically. */
export const GROUP_ORDER = ['system', 'security', 'operations', 'surveys', 'data', 'tickets', 'journeys']

export interface PermissionGroup {
  group: string
  permissions: Permission[]
}

/** The catalogue grouped by its group, groups in GROUP_ORDER, permissions in catalogue order. */
export function groupPermissions(catalogue: readonly Permission[], only?: readonly string[]): PermissionGroup[] {
  const groups = new Map<string, Permission[]>()
  for (const permission of catalogue) {
    if (only && !only.includes(permission.id)) continue
    const list = groups.get(permission.group) ?? []
    list.push(permission)
    groups.set(permission.group, list)
  }
  const rank = (group: string) => {
    const i = GROUP_ORDER.indexOf(group)
    return i < 0 ? GROUP_ORDER.length : i
  }
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([group, permissions]) => ({ group, permissions }))
}

/** i18n key of a permission id: dots are path separators in vue-i18n. */
export function permissionKey(id: string): string {
  return `permissions.items.${id.replace(/\./g, '_')}`
}

/** Translated names of permissions, groups and built-in roles, with the server's words as fallback. */
export function usePermissionLabels() {
  const { t, te } = useI18n()
  return {
    permissionLabel(permission: Pick<Permission, 'id' | 'description'>): string {
      const key = permissionKey(permission.id)
      return te(key) ? t(key) : permission.description || permission.id
    },
    groupLabel(group: string): string {
      const key = `permissions.groups.${group}`
      return te(key) ? t(key) : group
    },
    roleLabel(role: Pick<Role, 'id' | 'name' | 'builtin'>): string {
      const key = `roles.builtinNames.${role.id}`
      return role.builtin && te(key) ? t(key) : role.name
    },
    roleDescription(role: Pick<Role, 'id' | 'description' | 'builtin'>): string {
      const key = `roles.builtinDescriptions.${role.id}`
      return role.builtin && te(key) ? t(key) : role.description
    },
  }
}

/** The permission catalogue (GET /permissions), loaded once per page. */
export function usePermissionCatalogue() {
  const catalogue = ref<Permission[]>([])
  const byId = computed(() => new Map(catalogue.value.map((p) => [p.id, p])))
  async function load(): Promise<void> {
    catalogue.value = await listPermissions()
  }
  return { catalogue, byId, load }
}
