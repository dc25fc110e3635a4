// The parser (docs/logic.md §3): a recursive-descent port of the Go parser
// with the same precedence, the same limits and the same order of checks,
// so that both report the same error code for any source.
import { MAX_DEPTH, MAX_LIST_LEN, MAX_SOURCE_LEN, badUnicode, fail, utf8Len } from './errors'
import { type BinOp, type TokKind, type Token, lex } from './lexer'
import type { Ref } from './ref'
import type { Value } from './value'

/** A node of the syntax tree; at is the UTF-16 index of its token. */
export type Node =
  | { t: 'lit'; at: number; v: Value }
  | { t: 'ref'; at: number; ref: Ref }
  | { t: 'list'; at: number; items: Node[] }
  | { t: 'not' | 'neg'; at: number; x: Node }
  | { t: 'bin'; at: number; op: BinOp; l: Node; r: Node }
  | { t: 'call'; at: number; name: string; args: Node[] }

/** A parsed expression: immutable, parse once and evaluate many times. */
export class Expr {
  constructor(
    /** The text the expression was parsed from. */
    readonly src: string,
    /** The syntax tree. */
    readonly root: Node,
  ) {}
}

const COMPARISONS = /^(=|!=|<|<=|>|>=|contains|anyof|allof|noneof|in)$/
const isComparison = (k: TokKind) => COMPARISONS.test(k)

/**
 * Parses an expression. Throws a LogicError with code syntax, too_long,
 * too_deep or too_many_items. Unknown function names are not a parse
 * error: evaluation reports them as unknown_function.
 */
export function parse(src: string): Expr {
  if (utf8Len(src) > MAX_SOURCE_LEN) fail('too_long', `longer than ${MAX_SOURCE_LEN} bytes`)
  if (badUnicode(src) >= 0) fail('syntax', 'not valid Unicode', src, badUnicode(src))
  const toks = lex(src)
  let i = 0
  let depth = 0

  const peek = () => toks[i].k
  const next = () => (toks[i].k === 'eof' ? toks[i] : toks[i++])
  // unexpected reports the token t, with a hint.
  const unexpected = (t: Token, hint = ''): never =>
    fail('syntax', `unexpected ${t.k === 'eof' ? 'end' : t.text}${hint}`, src, t.at)
  // nest runs f one nesting level deeper.
  const nest = <T>(t: Token, f: () => T): T => {
    if (++depth > MAX_DEPTH) fail('too_deep', `deeper than ${MAX_DEPTH} levels`, src, t.at)
    const x = f()
    depth--
    return x
  }

  // binary parses a left-associative level: operand { op operand }.
  const binary = (operand: () => Node, ops: RegExp) => (): Node => {
    let l = operand()
    while (ops.test(peek())) {
      const op = next()
      l = { t: 'bin', at: op.at, op: op.k as BinOp, l, r: operand() }
    }
    return l
  }

  const parseUnary = (): Node => {
    if (peek() !== '-') return parsePrimary()
    const op = next()
    return nest(op, () => ({ t: 'neg', at: op.at, x: parseUnary() }))
  }
  const parseProduct = binary(parseUnary, /^[*/%]$/)
  const parseSum = binary(parseProduct, /^[-+]$/)

  // comparison = sum [ comp_op sum ]: comparisons do not chain.
  const parseComparison = (): Node => {
    const l = parseSum()
    if (!isComparison(peek())) return l
    const op = next()
    const r = parseSum()
    if (isComparison(peek())) unexpected(toks[i], ': comparisons do not chain')
    return { t: 'bin', at: op.at, op: op.k as BinOp, l, r }
  }

  const parseNot = (): Node => {
    if (peek() !== 'not') return parseComparison()
    const op = next()
    return nest(op, () => ({ t: 'not', at: op.at, x: parseNot() }))
  }
  const parseOr = binary(binary(parseNot, /^and$/), /^or$/)

  // items parses comma-separated items up to the closing token; there is
  // no trailing comma.
  const items = (open: Token, close: TokKind): Node[] =>
    nest(open, () => {
      const out: Node[] = []
      if (peek() === close) {
        next()
        return out
      }
      for (;;) {
        if (out.length === MAX_LIST_LEN) fail('too_many_items', `more than ${MAX_LIST_LEN} items`, src, toks[i].at)
        out.push(parseOr())
        const t = next()
        if (t.k === close) return out
        if (t.k !== ',') unexpected(t)
      }
    })

  function parsePrimary(): Node {
    const t = next()
    switch (t.k) {
      case 'num':
        return { t: 'lit', at: t.at, v: t.num! }
      case 'str':
        return { t: 'lit', at: t.at, v: t.str! }
      case 'true':
      case 'false':
        return { t: 'lit', at: t.at, v: t.k === 'true' }
      case 'null':
        return { t: 'lit', at: t.at, v: null }
      case 'ref':
        return { t: 'ref', at: t.at, ref: t.ref! }
      case '(':
        return nest(t, () => {
          const x = parseOr()
          const c = next()
          if (c.k !== ')') unexpected(c)
          return x
        })
      case '[':
        return { t: 'list', at: t.at, items: items(t, ']') }
      case 'contains':
      case 'name':
        // contains is both an operator and a function; in operand
        // position only the function makes sense.
        if (peek() === '(') {
          return { t: 'call', at: t.at, name: t.str!, args: items(next(), ')') }
        }
        if (t.k === 'name') unexpected(t, `; write a reference as {${t.str}}`)
    }
    return unexpected(t)
  }

  if (peek() === 'eof') unexpected(toks[0], ': empty expression')
  const root = parseOr()
  if (peek() !== 'eof') unexpected(toks[i])
  return new Expr(src, root)
}
