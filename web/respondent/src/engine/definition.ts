// Reading a definition the server sends (already validated by Go's Parse)
// and indexing it once for the evaluator, as Go's compile.go does.
import { type Expr, type Template, type Value, fromJSON, parse, parseTemplate } from '../logic'
import type { Definition, Ending, Page, Param, Question, Variable } from './types'
import { isObj } from './util'

/**
 * Reads a definition: a JSON text or parsed JSON. The server validated it
 * with Go's Parse, so only the outline is checked — an object with pages
 * of questions that have an id and a type, ids of pages and questions
 * unique; anything else throws an Error.
 */
export function parseDefinition(src: string | unknown): Definition {
  const d: unknown = typeof src === 'string' ? JSON.parse(src) : src
  const bad = (what: string): never => {
    throw new Error('survey: not a definition: ' + what)
  }
  if (!isObj(d) || !Array.isArray(d.pages)) return bad('no pages')
  const ids = new Set<string>()
  for (const p of d.pages as unknown[]) {
    if (!isObj(p) || typeof p.id !== 'string' || !Array.isArray(p.questions)) bad('a page needs an id and questions')
    for (const q of [p, ...(p as Page).questions] as unknown[]) {
      if (!isObj(q) || typeof q.id !== 'string' || (q !== p && typeof q.type !== 'string')) bad('a question needs an id and a type')
      if (ids.has((q as Page).id)) bad('duplicate id ' + (q as Page).id)
      ids.add((q as Page).id)
    }
  }
  return d as unknown as Definition
}

/** A page and the range of its questions in document order. */
export interface PInfo {
  p: Page
  index: number
  first: number
  end: number
  path: string
}

/** A question with its place. */
export interface QInfo {
  q: Question
  index: number
  page: PInfo
  path: string
}

/** The read-only index of a definition that evaluations share. */
export interface Compiled {
  def: Definition
  qs: QInfo[]
  byID: Map<string, QInfo>
  pages: PInfo[]
  pageByID: Map<string, PInfo>
  endings: Map<string, Ending>
  params: Map<string, Param>
  vars: Map<string, Variable>
  initial: Map<string, Value>
  /** The default locale, then the others offered. */
  locales: string[]
  locale: string
  expr(src: string): Expr | null
  tmpl(src: string): Template | null
}

const cache = new WeakMap<Definition, Compiled>()

function firstBy<T>(xs: readonly T[] | undefined, key: (x: T) => string): Map<string, T> {
  const m = new Map<string, T>()
  for (const x of xs ?? []) if (!m.has(key(x))) m.set(key(x), x)
  return m
}

function memo<T>(f: (s: string) => T): (s: string) => T | null {
  const m = new Map<string, T | null>()
  return (s) => {
    let v = m.get(s)
    if (v === undefined) {
      try {
        v = f(s)
      } catch {
        v = null
      }
      m.set(s, v)
    }
    return v
  }
}

/** Indexes a definition (cached per definition object). */
export function compile(def: Definition): Compiled {
  let c = cache.get(def)
  if (c) return c
  const qs: QInfo[] = []
  const pages = def.pages.map((p, index): PInfo => {
    const pg: PInfo = { p, index, first: qs.length, end: 0, path: `pages[${index}]` }
    p.questions.forEach((q, i) => qs.push({ q, index: qs.length, page: pg, path: `${pg.path}.questions[${i}]` }))
    pg.end = qs.length
    return pg
  })
  const locale = def.default_locale || 'zh-CN'
  const initial = new Map<string, Value>()
  for (const v of def.variables ?? []) {
    let x: Value = null
    try {
      x = fromJSON(v.initial ?? null)
    } catch {
      // Go's Parse refuses such a definition.
    }
    initial.set(v.id, x)
  }
  c = {
    def,
    qs,
    byID: firstBy(qs, (x) => x.q.id),
    pages,
    pageByID: firstBy(pages, (x) => x.p.id),
    endings: firstBy(def.endings, (e) => e.id),
    params: new Map((def.params ?? []).map((p) => [p.id, p])),
    vars: new Map((def.variables ?? []).map((v) => [v.id, v])),
    initial,
    locales: [locale, ...(def.locales ?? []).filter((l) => l !== locale)],
    locale,
    expr: memo(parse),
    tmpl: memo(parseTemplate),
  }
  cache.set(def, c)
  return c
}
