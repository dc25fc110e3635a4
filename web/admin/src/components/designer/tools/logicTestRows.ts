// Turns a logic-test result (POST /surveys/{id}/simulate) into the rows the
// panel shows: questions in page order with their paths and titles, endings
// in definition order, and why an unreached element is unreached.
import type { SimulateOutput, SurveyDefinition } from '../../../api/surveyTypes'

export interface ReachRow {
  id: string
  /** The element's check path (pages[0].questions[2], endings[1]); '' when the draft no longer has it. */
  path: string
  title: unknown
  page: string
  reached: number
  answered?: number
  /** Share of runs that reached it, 0–100. */
  percent: number
  unreached: boolean
  /** For an unreached element: an i18n key under designerTools.logicTest.why. */
  why?: 'display' | 'pageDisplay' | 'skipped' | 'noJump'
  kind?: string
}

const pct = (n: number, runs: number) => (runs > 0 ? Math.round((n / runs) * 1000) / 10 : 0)

/** Questions in page order (as the definition has them); result questions the definition lacks go last. */
export function questionRows(result: SimulateOutput, def: SurveyDefinition): ReachRow[] {
  const byId = new Map(result.questions.map((q) => [q.id, q]))
  const unreached = new Set(result.unreached_questions)
  const rows: ReachRow[] = []
  const seen = new Set<string>()
  ;(def.pages ?? []).forEach((page, pi) =>
    (page.questions ?? []).forEach((q, qi) => {
      const r = byId.get(q.id)
      if (!r) return
      seen.add(q.id)
      const none = unreached.has(q.id) || r.reached === 0
      const pageDisplay = typeof (page as { display?: unknown }).display === 'string'
      const own = typeof (q as { display?: unknown }).display === 'string'
      rows.push({
        id: q.id,
        path: `pages[${pi}].questions[${qi}]`,
        title: q.title,
        page: page.id,
        reached: r.reached,
        answered: r.answered,
        percent: pct(r.reached, result.runs),
        unreached: none,
        ...(none ? { why: own ? 'display' : pageDisplay ? 'pageDisplay' : 'skipped' } : {}),
      } as ReachRow)
    }),
  )
  for (const r of result.questions) {
    if (seen.has(r.id)) continue
    const none = unreached.has(r.id) || r.reached === 0
    rows.push({ id: r.id, path: '', title: undefined, page: r.page, reached: r.reached, answered: r.answered, percent: pct(r.reached, result.runs), unreached: none, ...(none ? { why: 'skipped' as const } : {}) })
  }
  return rows
}

interface DefinitionEnding {
  id: string
  kind?: string
  text?: unknown
}

/** Endings in definition order with their kind; an unreached complete ending that is not the default explains itself as needing a jump. */
export function endingRows(result: SimulateOutput, def: SurveyDefinition): ReachRow[] {
  const endings = (Array.isArray(def.endings) ? def.endings : []) as DefinitionEnding[]
  const index = new Map(endings.map((e, i) => [e.id, i]))
  const unreached = new Set(result.unreached_endings)
  return [...result.endings]
    .sort((a, b) => (index.get(a.id) ?? Infinity) - (index.get(b.id) ?? Infinity))
    .map((e) => {
      const i = index.get(e.id)
      const none = unreached.has(e.id) || e.reached === 0
      return {
        id: e.id,
        path: i === undefined ? '' : `endings[${i}]`,
        title: i === undefined ? undefined : endings[i].text,
        page: '',
        kind: e.kind || 'complete',
        reached: e.reached,
        percent: pct(e.reached, result.runs),
        unreached: none,
        ...(none ? { why: 'noJump' as const } : {}),
      }
    })
}
