import type { ApiClient } from './client'
import type { SessionInfo, TotpSetup } from './identity'
import { api } from './index'

export async function changePassword(currentPassword: string, newPassword: string, client: ApiClient = api): Promise<void> {
  await client.post<void>('/me/password', { body: { current_password: currentPassword, new_password: newPassword } })
}

export async function listSessions(client: ApiClient = api): Promise<SessionInfo[]> {
  return (await client.page<SessionInfo>('/me/sessions')).items
}

export async function revokeSession(id: string, client: ApiClient = api): Promise<void> {
  await client.delete<void>(`/me/sessions/${encodeURIComponent(id)}`)
}

/** Starts two-factor set-up: a pending secret to confirm with a code. */
export function beginTotp(client: ApiClient = api): Promise<TotpSetup> {
  return client.post<TotpSetup>('/me/mfa/totp')
}

/** Confirms set-up with a code; answers the recovery codes, shown once. */
export async function enableTotp(code: string, client: ApiClient = api): Promise<string[]> {
  return (await client.post<{ codes: string[] }>('/me/mfa/totp/enable', { body: { code } })).codes
}

export async function disableTotp(password: string, code: string, client: ApiClient = api): Promise<void> {
  await client.post<void>('/me/mfa/totp/disable', { body: { password, code } })
}

export async function regenerateRecoveryCodes(code: string, client: ApiClient = api): Promise<string[]> {
  return (await client.post<{ codes: string[] }>('/me/mfa/recovery-codes', { body: { code } })).codes
}
