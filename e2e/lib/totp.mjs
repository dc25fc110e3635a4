// RFC 6238 time-based one-time codes (HMAC-SHA1, 30-second steps, 6 digits),
// as an authenticator app computes them, for signing in during browser tests.
import { createHmac } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
export const STEP_SECONDS = 30

/** Decodes RFC 4648 base32 (padding and case ignored). */
export function base32Decode(text) {
  const bytes = []
  let bits = 0
  let value = 0
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`not base32: ${char}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

/** The time step containing a moment (milliseconds since the epoch). */
export function stepAt(ms = Date.now()) {
  return Math.floor(ms / 1000 / STEP_SECONDS)
}

/** The code of a key (bytes) at a time step (RFC 4226 dynamic truncation). */
export function hotp(key, step, digits = 6) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The code of a base32 secret at a time step. */
export function totp(secret, step = stepAt()) {
  return hotp(base32Decode(secret), step)
}
