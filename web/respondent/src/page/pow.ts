// The proof-of-work token of a response: the smallest decimal string t such
// that SHA-256("id:code:t") starts with `bits` zero bits (Go:
// response.ValidToken). crypto.subtle does the hashing off the main thread;
// where it is missing (plain http on a LAN address is not a secure context)
// a small JavaScript SHA-256 takes over.

const enc = new TextEncoder()

/** Leading zero bits of a digest ≥ bits (bits ≤ 32). */
export function enough(d: Uint8Array, bits: number): boolean {
  if (bits <= 0) return true
  const v = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0
  return bits >= 32 ? v === 0 : v >>> (32 - bits) === 0
}

type Digest = (data: Uint8Array) => Promise<Uint8Array>

const subtle: Digest | null =
  typeof crypto !== 'undefined' && crypto.subtle
    ? async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource))
    : null

/** Finds the token; batches of hashes run concurrently, the smallest valid wins. */
export async function solve(id: string, code: string, bits: number, digest: Digest | null = subtle): Promise<string> {
  const hash: Digest = digest || (async (d) => sha256(d))
  const batch = 64
  for (let base = 0; ; base += batch) {
    const tries: Promise<Uint8Array>[] = []
    for (let i = 0; i < batch; i++) tries.push(hash(enc.encode(`${id}:${code}:${base + i}`)))
    const ds = await Promise.all(tries)
    const hit = ds.findIndex((d) => enough(d, bits))
    if (hit >= 0) return String(base + hit)
  }
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

/** SHA-256 in JavaScript (FIPS 180-4), for pages without crypto.subtle. */
export function sha256(data: Uint8Array): Uint8Array {
  const n = ((data.length + 9 + 63) >> 6) << 6
  const m = new Uint8Array(n)
  m.set(data)
  m[data.length] = 0x80
  const bitLen = data.length * 8
  const dv = new DataView(m.buffer)
  dv.setUint32(n - 4, bitLen >>> 0)
  dv.setUint32(n - 8, Math.floor(bitLen / 2 ** 32))
  const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  const w = new Uint32Array(64)
  const rot = (x: number, r: number) => (x >>> r) | (x << (32 - r))
  for (let o = 0; o < n; o += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(o + i * 4)
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]
      const b = w[i - 2]
      w[i] = w[i - 16] + (rot(a, 7) ^ rot(a, 18) ^ (a >>> 3)) + w[i - 7] + (rot(b, 17) ^ rot(b, 19) ^ (b >>> 10))
    }
    let [a, b, c, d, e, f, g, h] = H
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0
      const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0
      h = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    H[0] += a
    H[1] += b
    H[2] += c
    H[3] += d
    H[4] += e
    H[5] += f
    H[6] += g
    H[7] += h
  }
  const out = new Uint8Array(32)
  const ov = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, H[i])
  return out
}
