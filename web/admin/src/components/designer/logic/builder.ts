// The visual condition builder's model and its two-way conversion with the
// logic language (docs/logic.md; clause 6.3.1c/d: conditions built without
// writing code). A condition is groups of rows: the groups are joined by
// `join`, the rows inside a group by the other connective — "all of these
// groups, each any of its rows" or the reverse. A row is subject ▸ operator
// ▸ values. Only the exact forms `serialise` writes are read back; anything
// else is "not representable" and stays in text mode, untouched.
import { formatNumber, parse, parseDate, type Node } from '@logic'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { subjectsAt, type Place, type Subject, type ValueKind } from './model'

export type OpId =
  | 'chosen'
  | 'notChosen'
  | 'anyof'
  | 'allof'
  | 'noneof'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'between'
  | 'contains'
  | 'matches'
  | 'before'
  | 'after'
  | 'answered'
  | 'empty'

export type Join = 'and' | 'or'

export interface Row {
  /** Reference key without braces (q1, q5.r1, $param.ch). */
  key: string
  op: OpId
  /** Codes or text (strings) or numbers; between has two, list operators one or more. */
  values: (string | number)[]
}

export interface Builder {
  join: Join
  groups: Row[][]
}

/** Operators offered per kind of value, in menu order. */
export const OPERATORS: Record<ValueKind, OpId[]> = {
  choice1: ['chosen', 'notChosen', 'anyof', 'noneof', 'answered', 'empty'],
  choiceN: ['chosen', 'notChosen', 'anyof', 'allof', 'noneof', 'answered', 'empty'],
  number: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'answered', 'empty'],
  text: ['eq', 'ne', 'contains', 'matches', 'answered', 'empty'],
  date: ['before', 'after', 'answered', 'empty'],
  other: ['answered', 'empty'],
}

/** How many values an operator takes: 0, 1, 2 or 'list' (one or more). */
export function arity(op: OpId): 0 | 1 | 2 | 'list' {
  if (op === 'answered' || op === 'empty') return 0
  if (op === 'between') return 2
  if (op === 'anyof' || op === 'allof' || op === 'noneof') return 'list'
  return 1
}

/** Whether a row has everything it needs to be written. */
export function rowComplete(row: Row, kind: ValueKind | undefined): boolean {
  if (!kind || !OPERATORS[kind].includes(row.op)) return false
  const n = arity(row.op)
  const ok = (v: string | number | undefined) =>
    typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && (kind === 'text' || v !== '') && (kind !== 'date' || parseDate(v) !== null)
  if (n === 'list') return row.values.length > 0 && row.values.every(ok)
  return row.values.length >= n && row.values.slice(0, n).every(ok)
}

/** A string literal in canonical form: single quotes, \\ \' \n \t \r escaped. */
export function quote(s: string): string {
  return "'" + s.replace(/[\\'\n\t\r]/g, (c) => '\\' + ({ '\n': 'n', '\t': 't', '\r': 'r' }[c] ?? c)) + "'"
}

const numLit = (n: number) => (n < 0 ? '-' + formatNumber(-n) : formatNumber(n))

function literal(v: string | number, kind: ValueKind): string {
  if (kind === 'number') return numLit(typeof v === 'number' ? v : Number(v))
  return quote(String(v))
}

/** Writes one complete row. */
export function serialiseRow(row: Row, kind: ValueKind): string {
  const r = `{${row.key}}`
  const v = (i = 0) => literal(row.values[i], kind)
  const list = () => `[${row.values.map((x) => literal(x, kind)).join(', ')}]`
  switch (row.op) {
    case 'chosen':
      return kind === 'choiceN' ? `${r} contains ${v()}` : `${r} = ${v()}`
    case 'notChosen':
      return kind === 'choiceN' ? `not ${r} contains ${v()}` : `${r} != ${v()}`
    case 'anyof':
    case 'allof':
    case 'noneof':
      return `${r} ${row.op} ${list()}`
    case 'eq':
      return `${r} = ${v()}`
    case 'ne':
      return `${r} != ${v()}`
    case 'lt':
    case 'before':
      return `${r} < ${v()}`
    case 'le':
      return `${r} <= ${v()}`
    case 'gt':
    case 'after':
      return `${r} > ${v()}`
    case 'ge':
      return `${r} >= ${v()}`
    case 'between':
      return `${r} >= ${v(0)} and ${r} <= ${v(1)}`
    case 'contains':
      return `${r} contains ${v()}`
    case 'matches':
      return `matches(${r}, ${v()})`
    case 'answered':
      return `notEmpty(${r})`
    case 'empty':
      return `isEmpty(${r})`
  }
}

export const other = (j: Join): Join => (j === 'and' ? 'or' : 'and')

/** The kind of every subject a rule at `place` may read, by key. */
export function kindsAt(def: SurveyDefinition, place: Place): Map<string, Subject> {
  return new Map(subjectsAt(def, place).map((s) => [s.key, s]))
}

/**
 * Writes the builder as a condition; incomplete rows and empty groups are
 * left out; undefined when nothing is left.
 */
export function serialise(b: Builder, kinds: Map<string, Subject>): string | undefined {
  const groups = b.groups
    .map((g) => g.filter((r) => rowComplete(r, kinds.get(r.key)?.kind)).map((r) => serialiseRow(r, kinds.get(r.key)!.kind)))
    .filter((g) => g.length)
  if (!groups.length) return undefined
  const inner = other(b.join)
  // and binds tighter than or: and-groups under `or` (a between included) need
  // no parentheses, or-groups under `and` do.
  return groups.map((g) => (g.length > 1 && inner === 'or' && groups.length > 1 ? `(${g.join(' or ')})` : g.join(` ${inner} `))).join(` ${b.join} `)
}

// --- reading conditions back ---

function flatten(n: Node, op: Join): Node[] {
  return n.t === 'bin' && n.op === op ? [...flatten(n.l, op), ...flatten(n.r, op)] : [n]
}

const refKeyOf = (n: Node): string | undefined =>
  n.t === 'ref' ? (n.ref.scope === 'answer' ? '' : '$' + n.ref.scope + '.') + n.ref.name + (n.ref.item && '.' + n.ref.item) + (n.ref.attr && '.' + n.ref.attr) : undefined

function numberOf(n: Node): number | undefined {
  if (n.t === 'lit' && typeof n.v === 'number') return n.v
  if (n.t === 'neg' && n.x.t === 'lit' && typeof n.x.v === 'number' && n.x.v !== 0) return -n.x.v
  return undefined
}

const stringOf = (n: Node): string | undefined => (n.t === 'lit' && typeof n.v === 'string' ? n.v : undefined)

// A choice code may be written as a number: {q1} = 1 reads as the code '1'.
function codeOf(n: Node): string | undefined {
  const num = n.t === 'lit' && typeof n.v === 'number' ? formatNumber(n.v) : undefined
  return stringOf(n) ?? num
}

function valueOf(n: Node, kind: ValueKind): string | number | undefined {
  if (kind === 'number') return numberOf(n)
  // A date compared with text that is not a date cannot be shown (nor kept) by the builder.
  if (kind === 'date') return stringOf(n) !== undefined && parseDate(stringOf(n)!) ? stringOf(n) : undefined
  if (kind === 'choice1' || kind === 'choiceN') return codeOf(n)
  return stringOf(n)
}

const BIN: Partial<Record<string, OpId>> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }

function readRow(n: Node, kinds: Map<string, Subject>): Row | undefined {
  if (n.t === 'call' && n.args.length && refKeyOf(n.args[0])) {
    const key = refKeyOf(n.args[0])!
    const kind = kinds.get(key)?.kind
    const name = n.name.toLowerCase()
    if (!kind) return undefined
    if (n.args.length === 1 && (name === 'notempty' || name === 'isempty')) return { key, op: name === 'notempty' ? 'answered' : 'empty', values: [] }
    const s = n.args.length === 2 ? stringOf(n.args[1]) : undefined
    if (name === 'matches' && kind === 'text' && s !== undefined) return { key, op: 'matches', values: [s] }
    return undefined
  }
  if (n.t === 'not') {
    const x = n.x
    const key = x.t === 'bin' && x.op === 'contains' ? refKeyOf(x.l) : undefined
    if (!key || kinds.get(key)?.kind !== 'choiceN' || x.t !== 'bin') return undefined
    const v = codeOf(x.r)
    return v === undefined ? undefined : { key, op: 'notChosen', values: [v] }
  }
  if (n.t !== 'bin') return undefined
  if (n.op === 'and') return readBetween(n.l, n.r, kinds)
  const key = refKeyOf(n.l)
  const kind = key ? kinds.get(key)?.kind : undefined
  if (!key || !kind) return undefined
  if (n.op === 'anyof' || n.op === 'allof' || n.op === 'noneof') {
    if (n.r.t !== 'list' || !n.r.items.length || !OPERATORS[kind].includes(n.op)) return undefined
    const values = n.r.items.map((i) => valueOf(i, kind))
    return values.every((v) => v !== undefined) ? { key, op: n.op, values: values as (string | number)[] } : undefined
  }
  const v = valueOf(n.r, kind)
  if (v === undefined) return undefined
  let op: OpId | undefined
  if (kind === 'choice1') op = n.op === '=' ? 'chosen' : n.op === '!=' ? 'notChosen' : undefined
  else if (kind === 'choiceN') op = n.op === 'contains' ? 'chosen' : undefined
  else if (kind === 'number') op = BIN[n.op]
  else if (kind === 'text') op = n.op === 'contains' ? 'contains' : n.op === '=' || n.op === '!=' ? BIN[n.op] : undefined
  else if (kind === 'date') op = n.op === '<' ? 'before' : n.op === '>' ? 'after' : undefined
  return op ? { key, op, values: [v] } : undefined
}

function readBetween(l: Node, r: Node, kinds: Map<string, Subject>): Row | undefined {
  const a = readRow(l, kinds)
  const b = readRow(r, kinds)
  return a && b && a.op === 'ge' && b.op === 'le' && a.key === b.key ? { key: a.key, op: 'between', values: [a.values[0], b.values[0]] } : undefined
}

// mergeBetween folds an adjacent ">= a" then "<= b" on the same subject into
// one between row, as serialise writes it.
function mergeBetween(rows: Row[]): Row[] {
  const out: Row[] = []
  for (const r of rows) {
    const prev = out[out.length - 1]
    if (prev && prev.op === 'ge' && r.op === 'le' && prev.key === r.key) out[out.length - 1] = { key: r.key, op: 'between', values: [prev.values[0], r.values[0]] }
    else out.push(r)
  }
  return out
}

function readAll(nodes: Node[], kinds: Map<string, Subject>): Row[] | undefined {
  const rows = nodes.map((n) => readRow(n, kinds))
  return rows.every(Boolean) ? (rows as Row[]) : undefined
}

/**
 * Reads a condition into a builder; undefined when the builder cannot show
 * it exactly (a syntax error, a reference that is not offered at this place,
 * a function, arithmetic, nesting deeper than groups of rows…).
 */
export function toBuilder(src: string, kinds: Map<string, Subject>): Builder | undefined {
  let root: Node
  try {
    root = parse(src).root
  } catch {
    return undefined
  }
  if (root.t === 'bin' && root.op === 'or') {
    const groups = flatten(root, 'or').map((g) => readAll(flatten(g, 'and'), kinds))
    return groups.every(Boolean) ? { join: 'or', groups: (groups as Row[][]).map(mergeBetween) } : undefined
  }
  const parts = flatten(root, 'and')
  const groups: Row[][] = []
  for (const p of parts) {
    const g = readAll(flatten(p, 'or'), kinds)
    if (!g) return undefined
    groups.push(g)
  }
  return normalise({ join: 'and', groups })
}

/**
 * The canonical shape of a builder state, the one reading its condition
 * back gives: empty groups dropped, adjacent ">= / <=" rows merged into
 * between, a lone group spread into one-row groups (the connective flips),
 * a lone row joined by `and`.
 */
export function normalise(b: Builder): Builder {
  let join = b.join
  let groups = b.groups.filter((g) => g.length)
  if (groups.length === 1 && groups[0].length > 1) {
    join = other(join)
    groups = groups[0].map((r) => [r])
  }
  if (join === 'or') groups = groups.map(mergeBetween)
  else if (groups.every((g) => g.length === 1)) groups = mergeBetween(groups.map((g) => g[0])).map((r) => [r])
  else {
    // Only runs of one-row groups can merge (they are and-ed rows).
    const out: Row[][] = []
    for (const g of groups) {
      const prev = out[out.length - 1]
      if (g.length === 1 && prev?.length === 1 && prev[0].op === 'ge' && g[0].op === 'le' && prev[0].key === g[0].key) out[out.length - 1] = mergeBetween([prev[0], g[0]])
      else out.push(g)
    }
    groups = out
  }
  if (groups.length === 1 && groups[0].length === 1) join = 'and'
  return { join, groups }
}

/** A fresh row for a subject: its first operator, no values yet. */
export function newRow(s: Subject): Row {
  return { key: s.key, op: OPERATORS[s.kind][0], values: [] }
}

/** A single-row builder reading "nothing yet" — the builder's empty state. */
export const emptyBuilder = (): Builder => ({ join: 'and', groups: [] })
