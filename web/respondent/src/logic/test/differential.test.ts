// The differential test: the Go generator makes random expressions,
// templates and environments from a seed and records what the Go evaluator
// gives (value or error code, in value, bool and template modes); the twin
// must give exactly the same for every case. Set LOGIC_DIFF_SEED,
// LOGIC_DIFF_N and LOGIC_DIFF_FOCUS (regex, template, bool, limits,
// mutated) to explore further.
import { expect, it } from 'vitest'
import { runGoGen } from './go'
import { type Case, checkCase } from './runner'

const seed = process.env.LOGIC_DIFF_SEED ?? '20260131'
const n = process.env.LOGIC_DIFF_N ?? '3000'
const focus = process.env.LOGIC_DIFF_FOCUS ?? ''

it(`agrees with the Go evaluator on ${n} generated cases (seed ${seed}${focus && ', ' + focus})`, () => {
  const { cases } = runGoGen<{ cases: Case[] }>('-seed', seed, '-n', n, '-focus', focus)
  expect(cases.length).toBe(Number(n))
  const reports: string[] = []
  for (const c of cases) {
    const report = checkCase(c)
    if (report) reports.push(report)
  }
  if (reports.length) {
    expect.fail(`${reports.length} of ${cases.length} cases differ from Go (seed ${seed}); the first ones:\n\n${reports.slice(0, 8).join('\n\n')}`)
  }
})
