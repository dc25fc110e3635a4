import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { enough, sha256, solve } from '../pow'

const node = (s: string | Uint8Array) => new Uint8Array(createHash('sha256').update(s).digest())
// Go's response.ValidToken: the first 32 bits, big-endian, shifted right by 32 − bits, are zero.
const goValid = (id: string, code: string, t: string, bits: number) => Buffer.from(node(`${id}:${code}:${t}`)).readUInt32BE(0) >>> (32 - bits) === 0

describe('proof of work', () => {
  it('finds the smallest decimal token with crypto.subtle', async () => {
    const id = 'r-01hq2w3e4r5t6y7u8i9o'
    const code = 'ei6v76lh'
    const tok = await solve(id, code, 12)
    expect(tok).toMatch(/^(0|[1-9]\d*)$/)
    expect(goValid(id, code, tok, 12)).toBe(true)
    for (let t = 0; t < Number(tok); t++) expect(goValid(id, code, String(t), 12)).toBe(false)
  })

  it('gives the same token with the JavaScript SHA-256 (no secure context)', async () => {
    for (const id of ['rAAAAAAAAAAAAAAAAAAAAAA', 'r_-0123456789abcdefXYZ']) {
      const a = await solve(id, 'abc', 10)
      const b = await solve(id, 'abc', 10, null)
      expect(b).toBe(a)
    }
  })

  it('zero bits accept the first token', async () => {
    expect(await solve('x'.repeat(16), 'c', 0)).toBe('0')
  })

  it('JavaScript SHA-256 matches node for lengths around the block edges', () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 200, 1000]) {
      const data = new Uint8Array(randomBytes(n))
      expect(Buffer.from(sha256(data)).toString('hex')).toBe(Buffer.from(node(data)).toString('hex'))
    }
    expect(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('counts leading zero bits like Go', () => {
    expect(enough(new Uint8Array([0, 0x0f, 0xff, 0xff]), 12)).toBe(true)
    expect(enough(new Uint8Array([0, 0x10, 0, 0]), 12)).toBe(false)
    expect(enough(new Uint8Array([0, 0, 0, 0]), 32)).toBe(true)
    expect(enough(new Uint8Array([0, 0, 0, 1]), 32)).toBe(false)
    expect(enough(new Uint8Array([0x80, 0, 0, 0]), 1)).toBe(false)
  })
})
