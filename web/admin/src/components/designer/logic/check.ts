// Text mode support: validation as you type with the TypeScript twin of the
// logic parser (docs/logic.md §12 codes and positions), references the
// engine would refuse (forward_ref/unknown_ref of survey-format §10), and
// completion of {question} references.
import { LogicError, parse, parseTemplate, type Node, type Ref } from '@logic'
import type { SurveyDefinition } from '../../../api/surveyTypes'
import { paramsOf, plain, questionsBefore, questionsOf, subjectsOf, textOf, variablesOf, type Place } from './model'

export interface SyntaxProblem {
  code: string
  message: string
  /** Line and column from 1 (column in code points), UTF-16 index from 0. */
  line: number
  col: number
  index: number
}

export interface RefProblem {
  /** The reference key, e.g. q3 or $param.ch. */
  key: string
  /** later: a question not before the rule; unknown: no such question, parameter or variable. */
  reason: 'later' | 'unknown'
}

export interface CheckResult {
  error?: SyntaxProblem
  refs: RefProblem[]
}

// indexOf converts a code-point column on a line back to a UTF-16 index.
function indexOf(src: string, line: number, col: number): number {
  const lines = src.split('\n')
  const before = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0)
  return before + [...(lines[line - 1] ?? '')].slice(0, col - 1).join('').length
}

function walk(n: Node, out: Ref[]): Ref[] {
  switch (n.t) {
    case 'ref':
      out.push(n.ref)
      break
    case 'list':
      n.items.forEach((i) => walk(i, out))
      break
    case 'not':
    case 'neg':
      walk(n.x, out)
      break
    case 'bin':
      walk(n.l, out)
      walk(n.r, out)
      break
    case 'call':
      n.args.forEach((a) => walk(a, out))
      break
  }
  return out
}

const keyOf = (r: Ref) => (r.scope === 'answer' ? '' : '$' + r.scope + '.') + r.name + (r.item && '.' + r.item) + (r.attr && '.' + r.attr)

/** Checks references against what a rule at `place` may read. */
export function checkRefs(refs: Ref[], def: SurveyDefinition, place: Place): RefProblem[] {
  const allowed = new Set(questionsBefore(def, place).map((x) => x.q.id))
  const exists = new Set(questionsOf(def).map((x) => x.q.id))
  const params = new Set(paramsOf(def).map((p) => p.id))
  const vars = new Set(variablesOf(def).map((v) => v.id))
  const out: RefProblem[] = []
  const seen = new Set<string>()
  for (const r of refs) {
    const key = keyOf(r)
    if (seen.has(key)) continue
    seen.add(key)
    let reason: RefProblem['reason'] | undefined
    if (r.scope === 'answer') reason = !exists.has(r.name) ? 'unknown' : !allowed.has(r.name) ? 'later' : undefined
    else if (r.scope === 'param') reason = params.has(r.name) ? undefined : 'unknown'
    else if (r.scope === 'var') reason = vars.has(r.name) ? undefined : 'unknown'
    if (reason) out.push({ key, reason })
  }
  return out
}

function problem(e: unknown, src: string): SyntaxProblem {
  if (e instanceof LogicError) return { code: e.code, message: e.message, line: e.pos.line, col: e.pos.col, index: indexOf(src, e.pos.line, e.pos.col) }
  return { code: 'syntax', message: String(e), line: 1, col: 1, index: 0 }
}

/** Validates an expression: the parser's first error, else the references the engine would refuse. */
export function checkExpression(src: string, def: SurveyDefinition, place: Place): CheckResult {
  try {
    return { refs: checkRefs(walk(parse(src).root, []), def, place) }
  } catch (e) {
    return { error: problem(e, src), refs: [] }
  }
}

/** Validates display text with piping (logic.md §9). */
export function checkTemplate(src: string, def: SurveyDefinition, place: Place): CheckResult {
  try {
    return { refs: checkRefs(parseTemplate(src).parts.filter((p): p is Ref => typeof p !== 'string'), def, place) }
  } catch (e) {
    return { error: problem(e, src), refs: [] }
  }
}

/** The reference being typed at the caret: '{' not yet closed, and what follows it. */
export function completionAt(src: string, caret: number): { start: number; prefix: string } | undefined {
  const before = src.slice(0, caret)
  const m = /\{([\w.$-]*)$/.exec(before)
  if (!m) return undefined
  // Inside a string literal a brace is text: count unescaped quotes before it.
  const lead = before.slice(0, m.index)
  const quotes = lead.replace(/\\./g, '').match(/['"]/g)?.length ?? 0
  if (quotes % 2) return undefined
  return { start: m.index, prefix: m[1] }
}

export interface Completion {
  /** The reference key inserted between braces. */
  key: string
  /** Title of the question or kind of reference, for the list. */
  label: string
}

/** References a rule at `place` may read, filtered by what was typed after '{'. */
export function completions(def: SurveyDefinition, place: Place, prefix: string, locale: string): Completion[] {
  const out: Completion[] = []
  for (const x of questionsBefore(def, place)) {
    const title = plain(textOf(x.q.title, locale, def))
    out.push({ key: x.q.id, label: title })
    for (const s of subjectsOf(def, x.q)) if (s.key !== x.q.id) out.push({ key: s.key, label: `${title} › ${plain(textOf(s.item, locale, def))}` })
  }
  for (const p of paramsOf(def)) out.push({ key: `$param.${p.id}`, label: '$param' })
  for (const v of variablesOf(def)) out.push({ key: `$var.${v.id}`, label: '$var' })
  const lower = prefix.toLowerCase()
  return out.filter((c) => c.key.toLowerCase().startsWith(lower) || (lower && c.label.toLowerCase().includes(lower)))
}

/** Applies a completion: replaces '{prefix' at start by '{key}' and returns the new text and caret. */
export function applyCompletion(src: string, start: number, caret: number, key: string): { text: string; caret: number } {
  const tail = src.slice(caret)
  const closing = tail.startsWith('}') ? 1 : 0
  const token = `{${key}}`
  return { text: src.slice(0, start) + token + tail.slice(closing), caret: start + token.length }
}
