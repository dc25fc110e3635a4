import type { ApiKey, ApiKeyInput } from '../api/identity'

export const DEFAULT_RATE_LIMIT = 600

/** The create / edit form of an API key; CIDRs are typed one per line. */
export interface KeyFormValues {
  name: string
  permissions: string[]
  unit_id: string
  cidrsText: string
  expires_at: Date | null
  rate_limit: number
  require_signature: boolean
  public_key_pem: string
  cert_subject: string
}

export function keyFormValues(key?: ApiKey | null): KeyFormValues {
  return {
    name: key?.name ?? '',
    permissions: [...(key?.permissions ?? [])],
    unit_id: key?.unit_id ?? '',
    cidrsText: (key?.cidrs ?? []).join('\n'),
    expires_at: key?.expires_at ? new Date(key.expires_at) : null,
    rate_limit: key?.rate_limit ?? DEFAULT_RATE_LIMIT,
    require_signature: key?.require_signature ?? false,
    // The server never shows a registered key, so editing starts empty.
    public_key_pem: '',
    cert_subject: key?.cert_subject ?? '',
  }
}

/** CIDR blocks or addresses typed one per line (commas and spaces also separate). */
export function parseCidrs(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

/** The body of createAPIKey / replaceAPIKey. */
export function keyInput(form: KeyFormValues): ApiKeyInput {
  const input: ApiKeyInput = {
    name: form.name.trim(),
    permissions: [...form.permissions],
    cidrs: parseCidrs(form.cidrsText),
    expires_at: form.expires_at ? form.expires_at.toISOString() : null,
    rate_limit: form.rate_limit,
    require_signature: form.require_signature,
  }
  if (form.unit_id) input.unit_id = form.unit_id
  if (form.public_key_pem.trim()) input.public_key_pem = form.public_key_pem.trim()
  if (form.cert_subject.trim()) input.cert_subject = form.cert_subject.trim()
  return input
}

export type KeyStatus = 'revoked' | 'expired' | 'rotating' | 'active'

/** What a key's row says about it at time now. */
export function keyStatus(key: ApiKey, now: Date = new Date()): KeyStatus {
  if (key.revoked_at) return 'revoked'
  if (key.expires_at && new Date(key.expires_at) <= now) return 'expired'
  if (key.rotation_ends_at && new Date(key.rotation_ends_at) > now) return 'rotating'
  return 'active'
}

/** Overlap choices for a rotation, in seconds (the server allows up to 7 days). */
export const OVERLAP_CHOICES = [0, 3600, 86400, 604800] as const
