import type { ApiClient } from './client'
import { api } from './index'
import type { LoginResult, Me, MfaAnswer } from './types'

export interface Credentials {
  username: string
  password: string
}

export function login(credentials: Credentials, client: ApiClient = api): Promise<LoginResult> {
  return client.post<LoginResult>('/auth/login', { body: credentials })
}

export function loginMfa(answer: MfaAnswer, client: ApiClient = api): Promise<LoginResult> {
  return client.post<LoginResult>('/auth/login/mfa', { body: answer })
}

export async function logout(client: ApiClient = api): Promise<void> {
  await client.post<void>('/auth/logout')
}

export function fetchMe(client: ApiClient = api): Promise<Me> {
  return client.get<Me>('/me')
}
