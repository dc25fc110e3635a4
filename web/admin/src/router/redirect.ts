import type { RouteLocationRaw } from 'vue-router'

/**
 * Where to go after signing in: the ?redirect= path when it stays inside the
 * app (one leading slash, so never another origin, and not the sign-in page
 * itself), else home.
 */
export function redirectTarget(redirect: unknown): RouteLocationRaw {
  if (
    typeof redirect === 'string' &&
    redirect.startsWith('/') &&
    !redirect.startsWith('//') &&
    !redirect.startsWith('/\\') &&
    !redirect.startsWith('/login')
  ) {
    return redirect
  }
  return { name: 'home' }
}
