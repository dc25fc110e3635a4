// What the page keeps in localStorage: a device id made once, and per
// survey code the response in progress (id, resume token, consent, start).
// Storage can be missing or full (private modes, some in-app browsers):
// then everything still works for the current visit.

const PREFIX = 'opencem:'

export interface Saved {
  id: string
  token?: string
  until?: string
  consent?: boolean
  started?: string
}

function store(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function get(key: string): string | null {
  try {
    return store()?.getItem(PREFIX + key) ?? null
  } catch {
    return null
  }
}

function set(key: string, value: string | null) {
  try {
    const s = store()
    if (value == null) s?.removeItem(PREFIX + key)
    else s?.setItem(PREFIX + key, value)
  } catch {
    /* storage full or refused: keep going without it */
  }
}

/** A random id of [A-Za-z0-9_-]: 16 random bytes → 22 characters after the prefix. */
export function randomId(prefix = 'r'): string {
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  let s = ''
  for (const x of b) s += String.fromCharCode(x)
  return prefix + btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The device id, made on the first visit and kept. */
export function deviceId(): string {
  let id = get('device')
  if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
    id = randomId('d')
    set('device', id)
  }
  return id
}

/** The response in progress for a survey code, if any and not expired. */
export function loadSaved(code: string, now = Date.now()): Saved | null {
  const raw = get(`s:${code}`)
  if (!raw) return null
  try {
    const s = JSON.parse(raw) as Saved
    if (!s || typeof s.id !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(s.id)) return null
    if (s.until && Date.parse(s.until) < now) {
      clearSaved(code)
      return null
    }
    return s
  } catch {
    return null
  }
}

export function saveSaved(code: string, s: Saved) {
  set(`s:${code}`, JSON.stringify(s))
}

export function clearSaved(code: string) {
  set(`s:${code}`, null)
}
