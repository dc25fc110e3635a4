// Shapes of the /api/v1 contract (see ARCHITECTURE.md, "API conventions").

/** One rejected field of a request, as listed in an error envelope. */
export interface FieldError {
  name: string
  reason: string
}

/** The body of every failed response. */
export interface ErrorEnvelope {
  error: {
    code: string
    message: string
    fields?: FieldError[]
    request_id?: string
  }
}

/** The body of every successful response that has one. */
export interface SuccessEnvelope<T> {
  data: T
  meta?: Record<string, unknown>
}

/** One page of a cursor-paged list. */
export interface Page<T> {
  items: T[]
  /** Pass back as cursor for the next page; null on the last page. */
  nextCursor: string | null
}

export interface User {
  id: string
  username: string
  name: string
  email?: string
  roles: string[]
  unit_ids?: string[]
  disabled?: boolean
  totp_enabled?: boolean
  must_change_password?: boolean
  locked?: boolean
  last_login_at?: string | null
  created_at: string
}

/** The signed-in user with what they may do (GET /me). */
export interface Me extends User {
  email: string
  unit_ids: string[]
  disabled: boolean
  totp_enabled: boolean
  must_change_password: boolean
  permissions: string[]
  /** Sees data of every organisation unit. */
  data_scope_all: boolean
  /** A role requires two-factor sign-in that is not set up yet: only the profile works. */
  mfa_setup_required: boolean
  recovery_codes_left: number
}

/**
 * The answer to a sign-in step: either signed in (status ok, user and CSRF
 * token) or a second factor is needed (status mfa_required and a challenge
 * to answer at /auth/login/mfa).
 */
export type LoginResult =
  | { status: 'ok'; user: User; csrf_token: string }
  | { status: 'mfa_required'; user: null; challenge: string }

export interface MfaAnswer {
  challenge: string
  /** The 6-digit authenticator code or an unused recovery code. */
  code: string
}
