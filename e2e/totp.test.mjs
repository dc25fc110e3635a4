// The test's authenticator must agree with RFC 6238 before it is trusted to sign in.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { base32Decode, hotp, stepAt, totp } from './lib/totp.mjs'

test('base32 decodes the RFC 4648 vectors', () => {
  assert.equal(base32Decode('MZXW6YTBOI').toString(), 'foobar')
  assert.equal(base32Decode('mzxw6ytb====').toString(), 'fooba')
})

test('codes match the SHA-1 vectors of RFC 6238 appendix B (last six digits)', () => {
  const key = Buffer.from('12345678901234567890')
  const vectors = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ]
  for (const [seconds, code] of vectors) {
    assert.equal(hotp(key, stepAt(seconds * 1000), 8), code, `T=${seconds}`)
    assert.equal(hotp(key, stepAt(seconds * 1000)), code.slice(2), `T=${seconds}, 6 digits`)
  }
})

test('a base32 secret gives the same code as its bytes', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' // base32 of "12345678901234567890"
  assert.equal(totp(secret, 1), hotp(Buffer.from('12345678901234567890'), 1))
})
