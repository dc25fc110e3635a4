import type { ApiClient } from './client'
import type { CreatedUser, CreateUserInput, PatchUserInput, UserFilter } from './identity'
import { api } from './index'
import type { Page, User } from './types'

export const PAGE_SIZE = 50

export function listUsers(filter: UserFilter, cursor?: string, client: ApiClient = api): Promise<Page<User>> {
  return client.page<User>('/users', { query: { ...filter, cursor, limit: PAGE_SIZE } })
}

export function createUser(input: CreateUserInput, client: ApiClient = api): Promise<CreatedUser> {
  return client.post<CreatedUser>('/users', { body: input })
}

export function updateUser(id: string, patch: PatchUserInput, client: ApiClient = api): Promise<User> {
  return client.patch<User>(`/users/${encodeURIComponent(id)}`, { body: patch })
}

/** A new temporary password, shown once. */
export async function resetUserPassword(id: string, client: ApiClient = api): Promise<string> {
  const out = await client.post<{ password: string }>(`/users/${encodeURIComponent(id)}/reset-password`)
  return out.password
}

export async function resetUserMfa(id: string, client: ApiClient = api): Promise<void> {
  await client.post<void>(`/users/${encodeURIComponent(id)}/reset-mfa`)
}
