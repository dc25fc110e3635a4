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

export interface User {
  id: string
  username: string
  name: string
  roles: string[]
  created_at: string
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
