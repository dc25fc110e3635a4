import { computed, readonly, ref } from 'vue'
import { fetchMe, login, loginMfa, logout, type Credentials } from '../api/auth'
import { ApiError } from '../api/client'
import type { LoginResult, Me, MfaAnswer, User } from '../api/types'

// One session per tab, shared by every component that calls useSession().
const user = ref<Me | null>(null)
let loaded: Promise<void> | null = null

/** What /me says about a user whose answer lacks a field: may do nothing extra, owes nothing. */
const ME_DEFAULTS = {
  email: '',
  unit_ids: [],
  disabled: false,
  totp_enabled: false,
  must_change_password: false,
  permissions: [],
  data_scope_all: false,
  mfa_setup_required: false,
  recovery_codes_left: 0,
} satisfies Partial<Me>

/** A complete /me from what the server sent (a sign-in answer has no permissions, for one). */
export function toMe(u: User | Partial<Me>): Me {
  return { ...ME_DEFAULTS, ...(u as Me) }
}

async function loadUser(): Promise<void> {
  try {
    user.value = toMe(await fetchMe())
  } catch (error) {
    user.value = null
    // Only a clear "not signed in" is remembered; anything else is asked again next time.
    if (!(error instanceof ApiError && error.status === 401)) loaded = null
  }
}

/** The signed-in user and the actions that change who that is. */
export function useSession() {
  /** Asks the server once who is signed in (GET /me). */
  function ensureLoaded(): Promise<void> {
    loaded ??= loadUser()
    return loaded
  }

  /** Reads /me again, e.g. after a password change or two-factor set-up. */
  async function refresh(): Promise<void> {
    user.value = toMe(await fetchMe())
    loaded = Promise.resolve()
  }

  /** First sign-in step; the result says whether a second factor is still needed. */
  async function signIn(credentials: Credentials): Promise<LoginResult> {
    return settle(await login(credentials))
  }

  /** Second sign-in step, for users with two-factor sign-in. */
  async function completeMfa(answer: MfaAnswer): Promise<LoginResult> {
    return settle(await loginMfa(answer))
  }

  async function settle(result: LoginResult): Promise<LoginResult> {
    // A server without two-factor support answers only { user, csrf_token }.
    if (result.user) {
      loaded = Promise.resolve()
      try {
        // Permissions and the password / two-factor obligations come from /me.
        user.value = toMe(await fetchMe())
      } catch {
        user.value = toMe(result.user)
      }
    }
    return result
  }

  async function signOut(): Promise<void> {
    try {
      await logout()
    } catch (error) {
      // Already signed out on the server: the goal is reached.
      if (!(error instanceof ApiError && error.status === 401)) throw error
    }
    forget()
  }

  /** Drops the local session without asking the server (after a 401). */
  function forget(): void {
    user.value = null
    loaded = Promise.resolve()
  }

  return {
    user: readonly(user),
    signedIn: computed(() => user.value !== null),
    ensureLoaded,
    refresh,
    signIn,
    completeMfa,
    signOut,
    forget,
  }
}
