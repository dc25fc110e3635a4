import { ref } from 'vue'
import type { User } from '../api/types'
import { listUsers } from '../api/users'
import { PERM, usePermissions } from './usePermissions'
import { useSession } from './useSession'

/**
 * Names for user ids (survey owners, who published a version): the signed-in
 * user always, others when the user may read the user list. An unknown id
 * is shown as it is.
 */
export function useUserNames() {
  const { user } = useSession()
  const { can } = usePermissions()
  const users = ref<User[]>([])

  async function load(): Promise<void> {
    if (!can(PERM.usersRead)) return
    try {
      users.value = (await listUsers({})).items
    } catch {
      // Names are a convenience; ids still identify the user.
    }
  }

  function name(id: string): string {
    if (!id) return '—'
    if (user.value && id === user.value.id) return user.value.name || user.value.username
    const found = users.value.find((u) => u.id === id)
    return found ? found.name || found.username : id
  }

  return { load, name }
}
