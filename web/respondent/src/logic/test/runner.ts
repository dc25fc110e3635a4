// Runs cases in the conformance-file format (docs/logic.md §13), shared by
// the conformance test and the differential test against Go.
import { fileURLToPath } from 'node:url'
import { MapEnv, type EnvJSON } from '../env'
import { LogicError } from '../errors'
import { evalBool, evaluate } from '../eval'
import { parse } from '../parser'
import { interpolate } from '../template'
import { type JSONValue, type Value, fromJSON, identical, toJSON } from '../value'

/** The repository root, found from this file's location. */
export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url))

/** One case: exactly one of want and want_error. */
export interface Case {
  name?: string
  mode?: 'value' | 'bool' | 'template'
  expr: string
  env?: EnvJSON
  want?: JSONValue
  want_error?: string
}

/** What evaluating a case gave: a value or an error code. */
export type Outcome = { value: Value } | { error: string }

/** Parses and evaluates a case in its mode. */
export function runCase(c: Case): Outcome {
  const env = new MapEnv(c.env)
  try {
    switch (c.mode ?? 'value') {
      case 'value':
        return { value: evaluate(parse(c.expr), env) }
      case 'bool':
        return { value: evalBool(parse(c.expr), env) }
      case 'template':
        return { value: interpolate(c.expr, env) }
    }
    throw new Error(`unknown mode ${c.mode}`)
  } catch (e) {
    if (e instanceof LogicError) return { error: e.code }
    throw e
  }
}

const show = (o: Outcome) => ('error' in o ? `error ${o.error}` : JSON.stringify(toJSON(o.value)))

/** Runs c and returns undefined if it gives what it wants, else a report. */
export function checkCase(c: Case): string | undefined {
  if (('want' in c) === ('want_error' in c)) return 'case must have exactly one of want and want_error'
  const got = runCase(c)
  const want: Outcome = c.want_error !== undefined ? { error: c.want_error } : { value: fromJSON(c.want) }
  const ok = 'error' in want ? 'error' in got && got.error === want.error : 'value' in got && identical(got.value, want.value)
  if (ok) return undefined
  return [
    `${c.name ?? ''} [${c.mode ?? 'value'}] ${JSON.stringify(c.expr)}`,
    `  env:  ${JSON.stringify(c.env ?? {})}`,
    `  want: ${show(want)}`,
    `  got:  ${show(got)}`,
  ].join('\n')
}
