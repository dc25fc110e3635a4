// The seeded random source and the CBC and MaxDiff designs (§12), bit for
// bit as Go's internal/survey/design generates them.
import type { Attribute, CBCDesign, MaxDiffDesign, Question } from './types'

/** mulberry32 seeded with FNV-1a 32-bit over the UTF-8 bytes of the seed. */
export class Rand {
  private s = 2166136261
  constructor(seed: string) {
    for (const b of new TextEncoder().encode(seed)) this.s = Math.imul(this.s ^ b, 16777619) >>> 0
  }

  /** The next 32 random bits (one mulberry32 step). */
  uint32(): number {
    const s = (this.s = (this.s + 0x6d2b79f5) >>> 0)
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** A number in [0, n): floor(next·n / 2³²); 0 without drawing for n ≤ 1. */
  intn(n: number): number {
    return n <= 1 ? 0 : Math.floor((this.uint32() * n) / 4294967296)
  }

  /**
   * Shuffles xs in place, leaving the pinned positions where they are:
   * Fisher–Yates over the unpinned positions, from the last down.
   */
  shuffle<T>(xs: T[], pinned?: (x: T) => boolean): void {
    const free = xs.flatMap((x, i) => (pinned?.(x) ? [] : [i]))
    for (let i = free.length - 1; i > 0; i--) {
      const j = this.intn(i + 1)
      const a = free[i]
      const b = free[j]
      ;[xs[a], xs[b]] = [xs[b], xs[a]]
    }
  }
}

const zeros = (n: number) => new Array<number>(n).fill(0)

function cbcValid(levels: number[], concepts: number, tasks: number): boolean {
  let combos = 1
  for (const l of levels) {
    if (l < 2 || l > 15) return false
    if (combos < 1000) combos *= l
  }
  return levels.length >= 1 && levels.length <= 12 && concepts >= 2 && concepts <= 5 && concepts <= combos && tasks >= 1 && tasks <= 30
}

const same = (a: number[], b: number[]) => a.every((x, i) => x === b[i])

/** design.CBC: level indexes per attribute, per concept, per task; undefined if out of range. */
export function cbc(levels: number[], concepts: number, tasks: number, r: Rand): number[][][] | undefined {
  if (!cbcValid(levels, concepts, tasks)) return undefined
  const counts = levels.map(zeros)
  const out: number[][][] = []
  for (let t = 0; t < tasks; t++) {
    const used = levels.map(zeros)
    const task: number[][] = []
    while (task.length < concepts) {
      const c = levels.map((_, a) => {
        let best: number[] = []
        counts[a].forEach((n, l) => {
          const b = best[0]
          if (!best.length || n < counts[a][b] || (n === counts[a][b] && used[a][l] < used[a][b])) best = [l]
          else if (n === counts[a][b] && used[a][l] === used[a][b]) best.push(l)
        })
        return best[r.intn(best.length)]
      })
      // The next distinct combination, last attribute fastest.
      while (task.some((o) => same(o, c))) {
        for (let a = c.length - 1; a >= 0; a--) {
          if (++c[a] < levels[a]) break
          c[a] = 0
        }
      }
      c.forEach((l, a) => {
        counts[a][l]++
        used[a][l]++
      })
      task.push(c)
    }
    out.push(task)
  }
  return out
}

/** design.MaxDiff: item indexes per task in display order; undefined if out of range. */
export function maxdiff(n: number, perTask: number, tasks: number, r: Rand): number[][] | undefined {
  if (n < 3 || n > 100 || perTask < 2 || perTask > 7 || perTask >= n || tasks < 1 || tasks > 30) return undefined
  const shown = zeros(n)
  const pairs = Array.from({ length: n }, () => zeros(n))
  const out: number[][] = []
  for (let t = 0; t < tasks; t++) {
    const task: number[] = []
    while (task.length < perTask) {
      let best: number[] = []
      let bs = 0
      let bp = 0
      for (let i = 0; i < n; i++) {
        if (task.includes(i)) continue
        const p = task.reduce((s, j) => s + pairs[i][j], 0)
        if (!best.length || shown[i] < bs || (shown[i] === bs && p < bp)) [best, bs, bp] = [[i], shown[i], p]
        else if (shown[i] === bs && p === bp) best.push(i)
      }
      task.push(best[r.intn(best.length)])
    }
    for (const i of task) {
      shown[i]++
      for (const j of task) if (i !== j) pairs[i][j]++
    }
    r.shuffle(task)
    out.push(task)
  }
  return out
}

/** survey.DesignCBC: the CBC design of q for a seed (Input.seed + '/' + q.id). */
export function designCBC(q: Question, seed: string): CBCDesign | undefined {
  const attrs: Attribute[] = q.attributes ?? []
  const d = cbc(attrs.map((a) => a.levels.length), q.concepts ?? 0, q.tasks ?? 0, new Rand(seed))
  return d?.map((task) => task.map((c) => Object.fromEntries(c.map((l, a) => [attrs[a].id, attrs[a].levels[l].id]))))
}

/** survey.DesignMaxDiff: the MaxDiff design of q for a seed. */
export function designMaxDiff(q: Question, seed: string): MaxDiffDesign | undefined {
  const opts = q.options ?? []
  return maxdiff(opts.length, q.items_per_task ?? 0, q.tasks ?? 0, new Rand(seed))?.map((t) => t.map((i) => opts[i].code))
}
