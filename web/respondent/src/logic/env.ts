// MapEnv: an Env backed by maps, reading the env format of the
// conformance files (docs/logic.md §13).
import { type DateValue, parseDate } from './dates'
import { EMPTY_ENV, type Env } from './eval'
import type { Ref } from './ref'
import { type JSONValue, type Value, fromJSON } from './value'

/** The "env" object of a conformance case; every part is optional. */
export interface EnvJSON {
  answers?: Record<string, JSONValue>
  texts?: Record<string, JSONValue>
  others?: Record<string, JSONValue>
  params?: Record<string, JSONValue>
  contact?: Record<string, JSONValue>
  vars?: Record<string, JSONValue>
  /** A date: the current moment is its midnight. */
  today?: string
  /** A date-time: the current moment (wins over today). */
  now?: string
}

const PARTS = ['answers', 'texts', 'others', 'params', 'contact', 'vars'] as const

/**
 * An Env backed by maps, filled from the conformance env format: answers,
 * texts and others keyed by question id or "question.item", params,
 * contact and vars by name. A missing key is null. The engine must leave
 * hidden questions out: their answers never count.
 */
export class MapEnv implements Env {
  /** The values, keyed by part and name: 'answers:q5.r1', 'params:ch'. */
  readonly values = new Map<string, Value>()
  /** The current moment: now, else today's midnight, else 0001-01-01. */
  time: DateValue | null = EMPTY_ENV.now()

  constructor(j: EnvJSON = {}) {
    for (const part of PARTS) {
      const o = j[part] || {}
      for (const k of Object.keys(o)) this.values.set(part + ':' + k, fromJSON(o[k]))
    }
    for (const s of [j.today, j.now]) {
      if (s && !(this.time = parseDate(s))) throw new Error('logic: env: bad date ' + s)
    }
  }

  lookup(r: Ref): Value {
    const part = r.scope === 'answer' ? (r.attr ? r.attr + 's' : 'answers') : r.scope === 'param' ? 'params' : r.scope === 'var' ? 'vars' : 'contact'
    return this.values.get(part + ':' + r.name + (r.item && '.' + r.item)) ?? null
  }

  now(): DateValue | null {
    return this.time
  }
}
