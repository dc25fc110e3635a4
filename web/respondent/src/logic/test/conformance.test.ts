// Every case of testdata/logic/expr/*.json, the suite shared with Go's
// TestConformance.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Case, checkCase, repoRoot } from './runner'

const dir = join(repoRoot, 'testdata/logic/expr')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

describe('conformance', () => {
  it('finds the case files', () => {
    expect(files.length).toBeGreaterThan(0)
  })
  let total = 0
  for (const file of files) {
    const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Case[]
    total += cases.length
    describe(file, () => {
      it.each(cases.map((c) => [c.name ?? c.expr, c] as const))('%s', (_, c) => {
        const report = checkCase(c)
        if (report) expect.fail(report)
      })
    })
  }
  it('has at least 150 cases', () => {
    expect(total).toBeGreaterThanOrEqual(150)
  })
})
