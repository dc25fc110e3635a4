// The evaluator (docs/logic.md §5): a tree walk with Go's evaluation order,
// short-circuits and error codes.
import { DateValue, dateFromParts } from './dates'
import { type ErrorCode, fail } from './errors'
import { type CallContext, FUNCS, accepts } from './funcs'
import { type Fail, allOf, anyOf, compare, contains, equal, numOperand } from './ops'
import type { Expr, Node } from './parser'
import type { Ref } from './ref'
import { type Value, kindOf, num } from './value'

/**
 * Supplies reference values and the current time. lookup must return null
 * for anything without a value — unanswered, unknown, and questions that
 * are currently hidden. now is the current wall-clock moment in the
 * survey's time zone (dateFromEpochMs builds it), read by today() and now().
 */
export interface Env {
  lookup(ref: Ref): Value
  now(): DateValue | null
}

const ZERO = dateFromParts(1, 1, 1)!

/** An Env where every reference is null and the time is 0001-01-01. */
export const EMPTY_ENV: Env = { lookup: () => null, now: () => ZERO }

/**
 * Evaluates e against env. Throws a LogicError with code unknown_function,
 * arity, type_mismatch, bad_argument or bad_regex when the expression is
 * defective; data problems (empty answers, non-numeric text, impossible
 * dates) give null or false instead.
 */
export function evaluate(e: Expr, env: Env = EMPTY_ENV): Value {
  const failAt =
    (n: Node): Fail =>
    (code: ErrorCode, msg: string) =>
      fail(code, msg, e.src, n.at)

  // cond reads a value where true/false is expected; null counts as false.
  const cond = (v: Value, n: Node, what: string): boolean =>
    v === null || v === true || v === false
      ? !!v
      : failAt(n)('type_mismatch', `${what} on a ${kindOf(v)}`)

  const ev = (n: Node): Value => {
    switch (n.t) {
      case 'lit':
        return n.v
      case 'ref': {
        const v = env.lookup(n.ref) ?? null
        return typeof v === 'number' ? num(v) : v
      }
      case 'list':
        return n.items.map(ev)
      case 'not':
        return !cond(ev(n.x), n, 'not')
      case 'neg': {
        const f = numOperand(ev(n.x), '-', failAt(n))
        return f === undefined ? null : num(-f)
      }
      case 'call':
        return call(n)
    }
    const l = ev(n.l)
    const op = n.op
    if (op === 'and' || op === 'or') {
      // Short-circuit: the right side is not evaluated, nor its errors.
      const lb = cond(l, n, op)
      return lb === (op === 'or') ? lb : cond(ev(n.r), n, op)
    }
    const r = ev(n.r)
    switch (op) {
      case '=':
        return equal(l, r)
      case '!=':
        return !equal(l, r)
      case 'contains':
        return contains(l, r, op, failAt(n))
      case 'in':
        return contains(r, l, op, failAt(n))
      case 'anyof':
        return anyOf(l, r)
      case 'noneof':
        return !anyOf(l, r)
      case 'allof':
        return allOf(l, r)
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const c = compare(l, r)
        return c !== undefined && (op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0)
      }
    }
    // Arithmetic: both operands are inspected before null is returned.
    const a = numOperand(l, op, failAt(n))
    const b = numOperand(r, op, failAt(n))
    if (a === undefined || b === undefined) return null
    if ((op === '/' || op === '%') && b === 0) return null
    return num(op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b)
  }

  // call checks the name, then the arity, then evaluates the arguments left
  // to right, checking each one's kind as soon as it is known.
  const call = (n: Extract<Node, { t: 'call' }>): Value => {
    const f = FUNCS.get(n.name.toLowerCase())
    if (!f) return failAt(n)('unknown_function', n.name + '()')
    const argc = n.args.length
    if (argc < f.min || (f.max >= 0 && argc > f.max)) failAt(n)('arity', `${f.name}() with ${argc} arguments`)
    if (f.name === 'iif') {
      // Only the branch returned is evaluated.
      return ev(n.args[cond(ev(n.args[0]), n.args[0], 'iif()') ? 1 : 2])
    }
    const args = n.args.map((x, i) => {
      const v = ev(x)
      const cl = f.args[Math.min(i, f.args.length - 1)]
      if (!accepts(cl, v)) failAt(x)('type_mismatch', `${f.name}() on a ${kindOf(v)}`)
      return v
    })
    const cx: CallContext = {
      now: () => {
        const t = env.now()
        return t instanceof DateValue ? t : null
      },
      fail: (code, msg, arg) => failAt(arg === undefined ? n : n.args[arg])(code, msg),
    }
    return f.fn(args, cx)
  }

  return ev(e.root)
}

/**
 * Evaluates a condition (display, skip, quota, validation): true is true,
 * false and null are false, any other result is a type_mismatch error.
 */
export function evalBool(e: Expr, env: Env = EMPTY_ENV): boolean {
  const v = evaluate(e, env)
  if (v === null || typeof v === 'boolean') return !!v
  return fail('type_mismatch', 'condition gives a ' + kindOf(v), e.src, e.root.at)
}
