import type { ApiClient } from './client'
import type { Permission, Role, RoleInput } from './identity'
import { api } from './index'

export async function listRoles(client: ApiClient = api): Promise<Role[]> {
  return (await client.page<Role>('/roles')).items
}

export async function listPermissions(client: ApiClient = api): Promise<Permission[]> {
  return (await client.page<Permission>('/permissions')).items
}

export function createRole(input: RoleInput, client: ApiClient = api): Promise<Role> {
  return client.post<Role>('/roles', { body: input })
}

export function replaceRole(id: string, input: RoleInput, client: ApiClient = api): Promise<Role> {
  const { id: _ignored, ...body } = input
  return client.put<Role>(`/roles/${encodeURIComponent(id)}`, { body })
}

export async function deleteRole(id: string, client: ApiClient = api): Promise<void> {
  await client.delete<void>(`/roles/${encodeURIComponent(id)}`)
}
