// Every case of testdata/logic/*.json, the definition-level suite shared
// with Go's TestConformance (internal/survey/conformance_test.go).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Case, repoRoot, runCase } from './runner'

const dir = join(repoRoot, 'testdata/logic')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

describe('survey conformance', () => {
  let total = 0
  for (const file of files) {
    const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Case[]
    total += cases.length
    describe(file, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
        const report = runCase(c)
        if (report) expect.fail(report)
      })
    })
  }
  it('has at least 200 cases', () => {
    expect(total).toBeGreaterThanOrEqual(200)
  })
})
