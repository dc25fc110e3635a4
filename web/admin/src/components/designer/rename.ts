// Renaming identifiers without breaking the survey (issue #6 item 2): a
// question, page, option, matrix row/column or variable/parameter gets a new
// id and every reference to it follows — conditions, piping templates in
// every locale, jump targets, option sources, assignment targets and ticks.
// References are found with the logic twin's lexer and parser
// (docs/logic.md §1–3, §9), never by a blind string replace: `{q1}` leaves
// `{q10}` and the string 'q1' alone. The functions mutate the definition
// given to them (one transaction for the caller's undo history) and never
// touch Vue.
import { lex } from '@logic/lexer'
import { parse, type Node } from '@logic/parser'
import { refKey, scanRef, type Ref } from '@logic/ref'
import type { AssignRule, DefinitionOption, DefinitionQuestion, Jump, LocalText, SurveyDefinition } from '../../api/surveyTypes'
import { validId } from './model'

/** How references change: the new reference, or undefined to keep it. */
export type RefMap = (ref: Ref) => Ref | undefined

/**
 * String literals compared with matching references change too: option codes
 * in `{q1} = 'A'`, `{q1} anyof ['A', 'B']`, `'A' in {q1}`, column codes in
 * `{q5.r1} = 'c1'`.
 */
export interface LiteralMap {
  /** The references whose values are the codes being renamed. */
  match: (ref: Ref) => boolean
  from: string
  to: string
}

/** A rename of references: what the rewrite functions apply. */
export interface Rewrite {
  ref?: RefMap
  literal?: LiteralMap
}

// Operators whose operands are compared by value (docs/logic.md §6).
const COMPARING = new Set(['=', '!=', 'contains', 'anyof', 'allof', 'noneof', 'in'])

/** The positions of the string literals the literal map rewrites. */
function literalPositions(root: Node, lm: LiteralMap): Set<number> {
  const out = new Set<number>()
  const isMatch = (n: Node) => n.t === 'ref' && lm.match(n.ref)
  const take = (n: Node) => {
    if (n.t === 'lit' && n.v === lm.from) out.add(n.at)
    else if (n.t === 'list') for (const i of n.items) if (i.t === 'lit' && i.v === lm.from) out.add(i.at)
  }
  const walk = (n: Node) => {
    switch (n.t) {
      case 'bin':
        if (COMPARING.has(n.op)) {
          if (isMatch(n.l)) take(n.r)
          if (isMatch(n.r)) take(n.l)
        }
        walk(n.l)
        walk(n.r)
        break
      case 'not':
      case 'neg':
        walk(n.x)
        break
      case 'list':
        n.items.forEach(walk)
        break
      case 'call':
        n.args.forEach(walk)
        break
    }
  }
  walk(root)
  return out
}

const bracedRef = (r: Ref) => `{${refKey(r)}}`

/**
 * The condition or expression with references (and compared literals)
 * renamed. Source that does not lex is returned unchanged: the check report
 * already flags it and nothing in it can be found precisely.
 */
export function rewriteCondition(src: string | undefined, rw: Rewrite): string | undefined {
  if (!src || !src.trim()) return src
  let toks
  try {
    toks = lex(src)
  } catch {
    return src
  }
  let lits = new Set<number>()
  if (rw.literal) {
    try {
      lits = literalPositions(parse(src).root, rw.literal)
    } catch {
      // A grammatical error: references are still renamed, literals are not.
    }
  }
  const edits: { at: number; len: number; text: string }[] = []
  for (const tok of toks) {
    if (tok.k === 'ref' && tok.ref && rw.ref) {
      const next = rw.ref(tok.ref)
      if (next) edits.push({ at: tok.at, len: tok.text.length, text: bracedRef(next) })
    } else if (tok.k === 'str' && rw.literal && lits.has(tok.at)) {
      const q = tok.text[0]
      // New ids are [A-Za-z0-9_-]: nothing to escape.
      edits.push({ at: tok.at, len: tok.text.length, text: q + rw.literal.to + q })
    }
  }
  return splice(src, edits)
}

function splice(src: string, edits: { at: number; len: number; text: string }[]): string {
  let out = src
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.len)
  return out
}

/**
 * A piping template with references renamed (docs/logic.md §9): "{{" and
 * "}}" are literal braces; a "{" that does not start a valid reference is
 * kept as it is (the check report flags it).
 */
export function rewriteTemplate(src: string, map: RefMap): string {
  const edits: { at: number; len: number; text: string }[] = []
  for (let i = 0; i < src.length; ) {
    const c = src[i]
    if ((c === '{' || c === '}') && src[i + 1] === c) {
      i += 2
    } else if (c === '{') {
      let scanned: [Ref, number] | undefined
      try {
        scanned = scanRef(src, i)
      } catch {
        scanned = undefined
      }
      if (!scanned) {
        i++
        continue
      }
      const next = map(scanned[0])
      if (next) edits.push({ at: i, len: scanned[1] - i, text: bracedRef(next) })
      i = scanned[1]
    } else i++
  }
  return splice(src, edits)
}

/** A LocalText with every locale's template rewritten. */
export function rewriteText(text: LocalText | undefined, map: RefMap): LocalText | undefined {
  if (typeof text === 'string') return rewriteTemplate(text, map)
  if (!text || typeof text !== 'object') return text
  const out: Record<string, string> = {}
  for (const [loc, s] of Object.entries(text)) out[loc] = typeof s === 'string' ? rewriteTemplate(s, map) : s
  return out
}

// Fields holding display texts (templates) and conditions anywhere in a definition.
const TEXT_KEYS = new Set(['title', 'description', 'label', 'text', 'placeholder', 'min_label', 'max_label', 'none_label', 'best_label', 'worst_label', 'pattern_message', 'message'])
const CONDITION_KEYS = new Set(['display', 'if', 'valid'])

/** Applies a rewrite to every condition and text of the definition, in place. */
export function rewriteDefinition(def: SurveyDefinition, rw: Rewrite): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit)
      return
    }
    if (!node || typeof node !== 'object') return
    const obj = node as Record<string, unknown>
    for (const [key, v] of Object.entries(obj)) {
      if (CONDITION_KEYS.has(key) && typeof v === 'string') {
        const next = rewriteCondition(v, rw)
        if (next !== v) obj[key] = next
      } else if (key === 'value' && typeof v === 'string' && 'target' in obj) {
        // An assignment's value is an expression (docs/survey-format.md §5.5).
        const next = rewriteCondition(v, rw)
        if (next !== v) obj[key] = next
      } else if (TEXT_KEYS.has(key) && rw.ref && (typeof v === 'string' || (v && typeof v === 'object' && !Array.isArray(v)))) {
        const next = rewriteText(v as LocalText, rw.ref)
        if (JSON.stringify(next) !== JSON.stringify(v)) obj[key] = next
      } else if (v && typeof v === 'object') visit(v)
    }
  }
  visit(def)
}

// --- Walking the definition ---

function allQuestions(def: SurveyDefinition): DefinitionQuestion[] {
  return (def.pages ?? []).flatMap((p) => p.questions ?? [])
}

function findQuestion(def: SurveyDefinition, id: string): DefinitionQuestion | undefined {
  return allQuestions(def).find((q) => q.id === id)
}

/** Every jump: the survey's pages' and questions' jumps and the options' (nested children too). */
function allJumps(def: SurveyDefinition): Jump[] {
  const out: Jump[] = []
  const fromOptions = (opts: DefinitionOption[] | undefined) => {
    for (const o of opts ?? []) {
      if (o.jump) out.push(o.jump as Jump)
      fromOptions(o.children)
    }
  }
  for (const p of def.pages ?? []) {
    out.push(...(p.jumps ?? []))
    for (const q of p.questions ?? []) {
      out.push(...(q.jumps ?? []))
      fromOptions(q.options)
    }
  }
  return out
}

/** Every assignment rule: the survey's, the pages' and the questions'. */
function allAssignments(def: SurveyDefinition): AssignRule[] {
  const out: AssignRule[] = [...(def.assign ?? [])]
  for (const p of def.pages ?? []) {
    out.push(...(p.assign ?? []))
    for (const q of p.questions ?? []) out.push(...(q.assign ?? []))
  }
  return out
}

/**
 * The question and every question whose options or rows come from it,
 * directly or along a chain (docs/survey-format.md §5.4): they answer with
 * its codes.
 */
function carriers(def: SurveyDefinition, id: string): { options: Set<string>; rows: Set<string> } {
  const options = new Set([id])
  const rows = new Set<string>()
  const qs = allQuestions(def)
  for (let grew = true; grew; ) {
    grew = false
    for (const q of qs) {
      if (q.options_from && options.has(q.options_from.question) && !options.has(q.id)) {
        options.add(q.id)
        grew = true
      }
    }
  }
  for (const q of qs) if (q.rows_from && options.has(q.rows_from.question)) rows.add(q.id)
  return { options, rows }
}

// --- Validation ---

/** Why a new id cannot be used: an i18n key under designer.rename, or '' if it can. */
export type RenameProblem = '' | 'invalid' | 'taken' | 'doubleUnderscore'

/** Page, question and ending ids share one namespace (internal/survey/check_struct.go). */
export function checkElementId(def: SurveyDefinition, oldId: string, newId: string): RenameProblem {
  if (newId === oldId) return ''
  if (!validId(newId)) return 'invalid'
  const taken = [...(def.pages ?? []).map((p) => p.id), ...allQuestions(def).map((q) => q.id), ...(def.endings ?? []).map((e) => e.id)]
  return taken.includes(newId) ? 'taken' : ''
}

/** Options, rows, columns, blanks, levels and attributes of a question share one namespace. */
export function checkItemId(q: DefinitionQuestion, oldId: string, newId: string): RenameProblem {
  if (newId === oldId) return ''
  if (!validId(newId)) return 'invalid'
  // Dropdown matrix cells are named row__column (docs/survey-format.md §4).
  if (q.type === 'matrix' && q.matrix === 'dropdown' && newId.includes('__')) return 'doubleUnderscore'
  const taken = [
    ...(q.options ?? []).map((o) => o.code),
    ...(q.columns ?? []).map((o) => o.code),
    ...(q.rows ?? []).map((r) => r.id),
    ...(q.blanks ?? []).map((r) => r.id),
    ...(q.levels ?? []).map((r) => r.id),
    ...(q.attributes ?? []).map((a) => a.id),
  ]
  return taken.includes(newId) ? 'taken' : ''
}

/** Variables and parameters are checked within their own list. */
export function checkVariableId(def: SurveyDefinition, scope: 'var' | 'param', oldId: string, newId: string): RenameProblem {
  if (newId === oldId) return ''
  if (!validId(newId)) return 'invalid'
  const list = scope === 'var' ? def.variables : def.params
  return (list ?? []).some((v) => v.id === newId) ? 'taken' : ''
}

/** A refused rename: the problem, to show next to the id field. */
export class RenameError extends Error {
  constructor(readonly problem: Exclude<RenameProblem, ''>) {
    super(`rename refused: ${problem}`)
  }
}

function refuse(problem: RenameProblem): void {
  if (problem) throw new RenameError(problem)
}

// --- Renames ---

/** The rewrite of question references {old…} to {new…}; for quota conditions too. */
export function questionRewrite(oldId: string, newId: string): Rewrite {
  return { ref: (r) => (r.scope === 'answer' && r.name === oldId ? { ...r, name: newId } : undefined) }
}

/**
 * Renames a question: its id, references in every condition and text, jump
 * targets, option and row sources and assignment targets. Throws a
 * RenameError when the new id is invalid or taken. Quota conditions live in
 * the settings: apply questionRewrite to them with rewriteCondition.
 */
export function renameQuestion(def: SurveyDefinition, oldId: string, newId: string): void {
  if (oldId === newId) return
  refuse(checkElementId(def, oldId, newId))
  const q = findQuestion(def, oldId)
  if (!q) return
  q.id = newId
  rewriteDefinition(def, questionRewrite(oldId, newId))
  for (const j of allJumps(def)) if (j.to === 'question' && j.target === oldId) j.target = newId
  for (const x of allQuestions(def)) {
    if (x.options_from?.question === oldId) x.options_from.question = newId
    if (x.rows_from?.question === oldId) x.rows_from.question = newId
  }
  for (const a of allAssignments(def)) if (a.target === oldId) a.target = newId
  for (const p of def.params ?? []) if (p.prefill === oldId) p.prefill = newId
}

/** Renames a page: its id and the jumps to it. Throws a RenameError when the new id is invalid or taken. */
export function renamePage(def: SurveyDefinition, oldId: string, newId: string): void {
  if (oldId === newId) return
  refuse(checkElementId(def, oldId, newId))
  const page = (def.pages ?? []).find((p) => p.id === oldId)
  if (!page) return
  page.id = newId
  for (const j of allJumps(def)) if (j.to === 'page' && j.target === oldId) j.target = newId
}

/** Renames an ending: its id and the jumps to it. Throws a RenameError when the new id is invalid or taken. */
export function renameEnding(def: SurveyDefinition, oldId: string, newId: string): void {
  if (oldId === newId) return
  refuse(checkElementId(def, oldId, newId))
  const ending = (def.endings ?? []).find((e) => e.id === oldId)
  if (!ending) return
  ending.id = newId
  for (const j of allJumps(def)) if ((j.to === 'end' || j.to === 'screen_out') && j.target === oldId) j.target = newId
}

/** The rewrite of an option code of question qid, for quota conditions too. */
export function optionRewrite(def: SurveyDefinition, qid: string, oldCode: string, newCode: string): Rewrite {
  const { options, rows } = carriers(def, qid)
  return {
    // Rows carried from the question are named by its codes: {q5.A}.
    ref: (r) => (r.scope === 'answer' && rows.has(r.name) && r.item === oldCode ? { ...r, item: newCode } : undefined),
    literal: { match: (r) => r.scope === 'answer' && options.has(r.name) && r.item === '' && r.attr === '', from: oldCode, to: newCode },
  }
}

/**
 * Renames an option code of a question: the option (nested cascade children
 * too), conditions comparing the answer of the question — or of questions
 * carrying its options — with the code, rows carried from it, and ticks.
 * On a matrix the options are the dropdown cells' choices: cell values
 * compared with the code change. Throws a RenameError when the new code is
 * invalid or taken.
 */
export function renameOption(def: SurveyDefinition, qid: string, oldCode: string, newCode: string): void {
  if (oldCode === newCode) return
  const q = findQuestion(def, qid)
  if (!q) return
  refuse(checkItemId(q, oldCode, newCode))
  const rename = (opts: DefinitionOption[] | undefined): boolean => {
    for (const o of opts ?? []) {
      if (o.code === oldCode) {
        o.code = newCode
        return true
      }
      if (rename(o.children)) return true
    }
    return false
  }
  rename(q.options)
  if (q.type === 'matrix') {
    rewriteDefinition(def, columnRewrite(qid, oldCode, newCode))
    return
  }
  const rw = optionRewrite(def, qid, oldCode, newCode)
  rewriteDefinition(def, rw)
  const { options } = carriers(def, qid)
  for (const a of allAssignments(def)) if (options.has(a.target) && a.tick === oldCode) a.tick = newCode
}

/** The rewrite of a row (or blank, cascade level) id: {q.old} → {q.new}. */
export function rowRewrite(qid: string, oldId: string, newId: string): Rewrite {
  return { ref: (r) => (r.scope === 'answer' && r.name === qid && r.item === oldId ? { ...r, item: newId } : undefined) }
}

/**
 * Renames a matrix row (or a blank or cascade level: all are items named
 * {q.item}): the row and references to it; a blank's [[id]] marker in the
 * title follows. Throws a RenameError when the new id is invalid or taken.
 */
export function renameRow(def: SurveyDefinition, qid: string, oldId: string, newId: string): void {
  if (oldId === newId) return
  const q = findQuestion(def, qid)
  if (!q) return
  refuse(checkItemId(q, oldId, newId))
  const item = [...(q.rows ?? []), ...(q.blanks ?? []), ...(q.levels ?? [])].find((r) => r.id === oldId)
  if (!item) return
  item.id = newId
  if (q.blanks?.includes(item)) q.title = replaceMarker(q.title, oldId, newId)
  rewriteDefinition(def, rowRewrite(qid, oldId, newId))
}

function replaceMarker(text: LocalText | undefined, oldId: string, newId: string): LocalText | undefined {
  const one = (s: string) => s.split(`[[${oldId}]]`).join(`[[${newId}]]`)
  if (typeof text === 'string') return one(text)
  if (!text) return text
  return Object.fromEntries(Object.entries(text).map(([k, v]) => [k, one(v)]))
}

/** The rewrite of a matrix column code: cell values {q.row} compared with it. */
export function columnRewrite(qid: string, oldCode: string, newCode: string): Rewrite {
  return { literal: { match: (r) => r.scope === 'answer' && r.name === qid && r.item !== '' && r.attr === '', from: oldCode, to: newCode } }
}

/** Renames a matrix column: the column and conditions comparing cells with it. Throws a RenameError when invalid or taken. */
export function renameColumn(def: SurveyDefinition, qid: string, oldCode: string, newCode: string): void {
  if (oldCode === newCode) return
  const q = findQuestion(def, qid)
  if (!q) return
  refuse(checkItemId(q, oldCode, newCode))
  const col = (q.columns ?? []).find((c) => c.code === oldCode)
  if (!col) return
  col.code = newCode
  rewriteDefinition(def, columnRewrite(qid, oldCode, newCode))
}

/** The rewrite of {$var.old} (or {$param.old}) to the new name. */
export function variableRewrite(scope: 'var' | 'param', oldId: string, newId: string): Rewrite {
  return { ref: (r) => (r.scope === scope && r.name === oldId ? { ...r, name: newId } : undefined) }
}

/**
 * Renames a hidden variable (scope 'var': also assignment targets
 * "$var.x") or a URL parameter (scope 'param'). Throws a RenameError when
 * the new name is invalid or taken.
 */
export function renameVariable(def: SurveyDefinition, oldId: string, newId: string, scope: 'var' | 'param' = 'var'): void {
  if (oldId === newId) return
  refuse(checkVariableId(def, scope, oldId, newId))
  const v = (scope === 'var' ? def.variables : def.params)?.find((x) => x.id === oldId)
  if (!v) return
  v.id = newId
  rewriteDefinition(def, variableRewrite(scope, oldId, newId))
  if (scope === 'var') for (const a of allAssignments(def)) if (a.target === `$var.${oldId}`) a.target = `$var.${newId}`
}

/**
 * Runs a rename between two undo checkpoints (one undo step in the
 * designer) and returns why it was refused, or ''. A refused rename changes
 * nothing: ids are checked before anything is written.
 */
export function attemptRename(rename: () => void, checkpoint: () => void = () => {}): RenameProblem {
  checkpoint()
  try {
    rename()
    return ''
  } catch (e) {
    if (e instanceof RenameError) return e.problem
    throw e
  } finally {
    checkpoint()
  }
}
