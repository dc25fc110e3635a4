// Shapes of the identity-and-access part of the /api/v1 contract
// (tags Users, Roles, Organisation, API keys, Audit, Alarms, Profile).
import type { User } from './types'

export interface CreateUserInput {
  username: string
  name: string
  email?: string
  /** Empty: the server generates one. */
  password?: string
  roles: string[]
  unit_ids: string[]
}

export interface CreatedUser {
  user: User
  /** Shown only this once. */
  initial_password: string
}

/** Only the fields sent change. */
export interface PatchUserInput {
  name?: string
  email?: string
  roles?: string[]
  unit_ids?: string[]
  disabled?: boolean
}

export interface UserFilter {
  q?: string
  role?: string
  unit_id?: string
  disabled?: 'true' | 'false'
}

export interface Permission {
  id: string
  group: string
  description: string
}

export interface Role {
  id: string
  name: string
  description: string
  permissions: string[]
  builtin: boolean
  require_2fa: boolean
  updated_at: string
}

export interface RoleInput {
  /** Only when creating: 2–40 lower-case letters, digits, _ or -. */
  id?: string
  name: string
  description: string
  permissions: string[]
  require_2fa: boolean
}

export interface OrgUnit {
  id: string
  code: string
  name: string
  parent_id: string | null
  parent_code: string
  path: string
  depth: number
  child_count: number
  member_count: number
  created_at: string
  updated_at: string
}

export interface UpdateOrgUnitInput {
  code?: string
  name?: string
  /** Moves the unit; "" moves it to the top level. */
  parent_id?: string
}

export type FileFormat = 'csv' | 'xlsx'

export interface OrgImportResult {
  created: number
  updated: number
  moved: number
  unchanged: number
}

export interface ApiKey {
  id: string
  name: string
  permissions: string[]
  unit_id: string
  cidrs: string[]
  expires_at: string | null
  require_signature: boolean
  has_public_key: boolean
  cert_subject: string
  rate_limit: number
  rotation_ends_at: string | null
  created_by: string
  created_at: string
  revoked_at: string | null
  last_used_at: string | null
  last_used_ip: string
}

export interface ApiKeyInput {
  name: string
  permissions: string[]
  unit_id?: string
  cidrs?: string[]
  expires_at?: string | null
  require_signature?: boolean
  public_key_pem?: string
  cert_subject?: string
  rate_limit?: number
}

export interface ApiKeySecret {
  key: ApiKey
  /** Shown only this once. */
  token: string
}

export interface AuditChange {
  key: string
  old: unknown
  new: unknown
}

export type AuditOutcome = 'success' | 'failure' | 'denied'

export interface AuditEvent {
  id: string
  seq: number
  at: string
  actor_kind: 'user' | 'api_key' | 'system' | 'anonymous'
  actor_id: string
  actor_name: string
  roles: string[]
  unit_ids: string[]
  ip: string
  user_agent: string
  request_id: string
  action: string
  target_type: string
  target_id: string
  outcome: AuditOutcome
  detail: string
  changes: AuditChange[]
  prev_hash: string
  hash: string
}

export interface AuditFilter {
  actor_id?: string
  action?: string
  target_type?: string
  target_id?: string
  outcome?: AuditOutcome
  /** RFC 3339. */
  from?: string
  to?: string
  q?: string
}

export type AlarmStatus = 'open' | 'acknowledged'

export interface Alarm {
  id: string
  kind: string
  severity: 'low' | 'medium' | 'high'
  subject: string
  message: string
  details: Record<string, unknown>
  count: number
  first_at: string
  last_at: string
  status: AlarmStatus
  acknowledged_at?: string | null
  acknowledged_by: string
  acknowledged_by_name: string
  note: string
}

export interface SessionInfo {
  id: string
  ip: string
  user_agent: string
  created_at: string
  last_seen_at: string
  expires_at: string
  current: boolean
}

export interface TotpSetup {
  secret: string
  otpauth_url: string
}
