// Runs the Go generator of internal/survey/logic/internal/gen (test
// support for the differential tests).
import { spawnSync } from 'node:child_process'
import { repoRoot } from './runner'

/** Runs `go run ./internal/survey/logic/internal/gen args…` and parses its JSON output. */
export function runGoGen<T>(...args: string[]): T {
  const r = spawnSync('go', ['run', './internal/survey/logic/internal/gen', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
  if (r.error) throw new Error(`cannot run go (is it on PATH?): ${r.error.message}`)
  if (r.status !== 0) throw new Error(`go run gen ${args.join(' ')} failed:\n${r.stderr}`)
  return JSON.parse(r.stdout) as T
}
