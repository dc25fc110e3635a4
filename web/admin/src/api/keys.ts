import type { ApiClient } from './client'
import type { ApiKey, ApiKeyInput, ApiKeySecret } from './identity'
import { api } from './index'

const path = (id: string) => `/api-keys/${encodeURIComponent(id)}`

export async function listKeys(client: ApiClient = api): Promise<ApiKey[]> {
  return (await client.page<ApiKey>('/api-keys')).items
}

export function createKey(input: ApiKeyInput, client: ApiClient = api): Promise<ApiKeySecret> {
  return client.post<ApiKeySecret>('/api-keys', { body: input })
}

export function replaceKey(id: string, input: ApiKeyInput, client: ApiClient = api): Promise<ApiKey> {
  return client.put<ApiKey>(path(id), { body: input })
}

export function rotateKey(id: string, overlapSeconds: number, client: ApiClient = api): Promise<ApiKeySecret> {
  return client.post<ApiKeySecret>(`${path(id)}/rotate`, { body: { overlap_seconds: overlapSeconds } })
}

export function revokeKey(id: string, client: ApiClient = api): Promise<ApiKey> {
  return client.post<ApiKey>(`${path(id)}/revoke`)
}
