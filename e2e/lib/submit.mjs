// Answers a published survey through the public API, as the respondent page
// does: load it, solve the proof of work, submit with final:true.
import { createHash, randomUUID } from 'node:crypto'

/** Number of leading zero bits of a buffer. */
export function leadingZeroBits(bytes) {
  let bits = 0
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8
      continue
    }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

/** The smallest decimal string t such that SHA-256("id:code:t") starts with `bits` zero bits. */
export function proofOfWork(id, code, bits) {
  for (let n = 0; ; n++) {
    const token = String(n)
    if (leadingZeroBits(createHash('sha256').update(`${id}:${code}:${token}`).digest()) >= bits) return token
  }
}

async function json(response) {
  const body = await response.json()
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`)
  return body.data
}

/**
 * Submits one complete response to the survey with public code `code` on the
 * server at `origin`. It started two minutes ago (so it is not "too fast")
 * and carries the proof-of-work token for `pow_bits` from the survey load.
 * Resolves to { id, outcome } with the server's answer.
 */
export async function submitResponse(origin, code, answers, { params = {}, timing = {}, userAgent = 'opencem-e2e' } = {}) {
  const api = (path) => new URL(`/api/v1${path}`, origin).href
  const survey = await json(await fetch(api(`/public/surveys/${encodeURIComponent(code)}`)))
  const id = `e2e-${randomUUID()}`
  const body = {
    id,
    survey_code: code,
    version: survey.version,
    answers,
    params,
    timing,
    final: true,
    token: proofOfWork(id, code, survey.pow_bits),
    started_at: new Date(Date.now() - 2 * 60 * 1000).toISOString(),
    device_id: `device-${randomUUID()}`,
  }
  const response = await fetch(api('/responses'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent },
    body: JSON.stringify(body),
  })
  return { id, outcome: await json(response) }
}
