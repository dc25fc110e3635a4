// A Thompson NFA for the trees of syntax.ts: compiled once per pattern and
// simulated over the subject's code points in O(pattern × subject) time,
// like RE2 and unlike JavaScript's backtracking RegExp, so no pattern can
// freeze a phone. It answers only "is there a match anywhere".
import { isWord } from './classes'
import type { Assert, Re } from './syntax'

type Inst =
  | { o: 'ch'; m: (c: number) => boolean; x: number }
  | { o: 'split'; x: number; y: number }
  | { o: 'as'; a: Assert; x: number }
  | { o: 'match' }

/** A compiled pattern. */
export interface Prog {
  insts: Inst[]
  start: number
}

/** Compiles a tree into an NFA program. */
export function compile(re: Re): Prog {
  const insts: Inst[] = [{ o: 'match' }]
  const add = (i: Inst) => insts.push(i) - 1
  // emit compiles re so that it continues at next, and returns its entry.
  const emit = (re: Re, next: number): number => {
    switch (re.k) {
      case 'ch':
        return add({ o: 'ch', m: re.m, x: next })
      case 'as':
        return add({ o: 'as', a: re.a, x: next })
      case 'cat':
        for (let i = re.subs.length - 1; i >= 0; i--) next = emit(re.subs[i], next)
        return next
      case 'alt': {
        const entries = re.subs.map((s) => emit(s, next))
        return entries.reduceRight((y, x) => add({ o: 'split', x, y }))
      }
    }
    const { sub, min, max } = re
    let e = next
    if (max < 0) {
      // x{min,}: min-1 copies, then x+ (or x* when min is 0).
      const loop = add({ o: 'split', x: 0, y: next })
      const body = emit(sub, loop)
      ;(insts[loop] as { x: number }).x = body
      e = min ? body : loop
    } else {
      // x{2,5} is xx(x(x(x)?)?)?.
      for (let k = min; k < max; k++) e = add({ o: 'split', x: emit(sub, e), y: next })
    }
    for (let k = max < 0 ? 1 : 0; k < min; k++) e = emit(sub, e)
    return e
  }
  return { insts, start: emit(re, 0) }
}

/** Reports whether prog matches somewhere in s. */
export function matchProg(prog: Prog, s: string): boolean {
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!)
  const n = cps.length
  const { insts, start } = prog
  const mark = new Int32Array(insts.length).fill(-1)
  const stack: number[] = []
  const holds = (a: Assert, i: number): boolean => {
    switch (a) {
      case 'A':
        return i === 0
      case 'z':
        return i === n
      case '^':
        return i === 0 || cps[i - 1] === 10
      case '$':
        return i === n || cps[i] === 10
    }
    return isWord(cps[i - 1]) !== isWord(cps[i]) === (a === 'b')
  }
  // follow adds the threads reachable from pc without consuming input at
  // position i to list; it reports whether one of them is a match.
  const follow = (pc: number, i: number, list: number[]): boolean => {
    stack.push(pc)
    while (stack.length) {
      const q = stack.pop()!
      if (mark[q] === i) continue
      mark[q] = i
      const ins = insts[q]
      if (ins.o === 'match') return true
      if (ins.o === 'ch') list.push(q)
      else if (ins.o === 'split') stack.push(ins.y, ins.x)
      else if (holds(ins.a, i)) stack.push(ins.x)
    }
    return false
  }
  let list: number[] = []
  for (let i = 0; ; i++) {
    if (follow(start, i, list)) return true
    if (i === n) return false
    const next: number[] = []
    for (const q of list) {
      const ins = insts[q] as { m: (c: number) => boolean; x: number }
      if (ins.m(cps[i]) && follow(ins.x, i + 1, next)) return true
    }
    list = next
  }
}
