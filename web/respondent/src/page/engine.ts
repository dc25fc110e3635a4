// The page's one door to the survey engine twin (src/engine): evaluate(def,
// input) → Result with the shapes of Go's survey.Result. The adapter adds
// what the page owns: the clock (corrected by the server's) and the region
// lists the city pickers have loaded.
import { evaluate as run } from '../engine'
import type { Definition as EngineDefinition } from '../engine'
import { dateFromEpochMs } from '../logic'
import { loadedRegions } from './api'
import type { Definition, EvalInput, Result } from './types'

let skew = 0 // server clock − page clock, ms

/** Aligns today()/now() with the server's clock (the public survey's server_time). */
export function setServerTime(iso: string) {
  const t = Date.parse(iso)
  if (Number.isFinite(t)) skew = t - Date.now()
}

const regions = { children: (parent: string) => loadedRegions.get(parent) }

/**
 * Evaluates the survey. today() and now() read the respondent's wall clock
 * corrected by the server's; city answers read the region lists loaded so
 * far (missing_regions names the ones to load before evaluating again).
 */
export function evaluate(def: Definition, input: EvalInput): Result & { missing_regions?: string[] } {
  return run(def as unknown as EngineDefinition, engineInput(input)) as unknown as Result & { missing_regions?: string[] }
}

/** The engine's input for the page's: the corrected clock and the loaded regions added. */
export function engineInput(input: EvalInput) {
  const now = dateFromEpochMs(Date.now() + skew, -new Date().getTimezoneOffset())
  return { ...input, now, regions }
}
