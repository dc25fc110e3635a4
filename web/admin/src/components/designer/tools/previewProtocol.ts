// The postMessage protocol between the designer and the preview frame on
// /s/_preview (docs/preview.md, written with the respondent runtime). Pure
// functions so the protocol can be tested without a frame: builders for what
// the designer posts, guards for what the frame posts, and the origin check.
import type { SurveyDefinition, SurveySettings } from '../../../api/surveyTypes'

/** Path of the respondent runtime's preview page (same origin as the admin app). */
export const PREVIEW_PATH = '/s/_preview'

export const MSG = {
  ready: 'opencem:preview-ready',
  load: 'opencem:preview-load',
  goto: 'opencem:preview-goto',
  reset: 'opencem:preview-reset',
  state: 'opencem:preview-state',
} as const

/** One rule the runtime evaluated on the current page. */
export interface PreviewRule {
  /** e.g. display, jump, option_display, assign, quota. */
  kind: string
  /** The element the rule belongs to (an id or a check path). */
  element: string
  holds: boolean
  detail?: string
}

/** Where the previewed respondent is, posted by the frame after every change. */
export interface PreviewState {
  page: string
  pages: string[]
  visible_pages: string[]
  visible_questions: string[]
  hidden_questions: string[]
  rules: PreviewRule[]
  /** '' while answering, else complete or screen_out. */
  outcome: string
  ending: string
  error?: string
}

export interface LoadMessage {
  type: typeof MSG.load
  definition: SurveyDefinition
  settings?: SurveySettings
  locale?: string
  page?: string
  keepAnswers?: boolean
}

export type ParentMessage = LoadMessage | { type: typeof MSG.goto; page: string } | { type: typeof MSG.reset }

export type FrameMessage = { type: typeof MSG.ready } | ({ type: typeof MSG.state } & PreviewState)

/**
 * A plain copy: the designer's definition is a deep reactive proxy, which
 * the structured clone of postMessage refuses (DataCloneError).
 */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

export function loadMessage(
  definition: SurveyDefinition,
  opts: { settings?: SurveySettings; locale?: string; page?: string; keepAnswers?: boolean } = {},
): LoadMessage {
  const msg: LoadMessage = { type: MSG.load, definition: plain(definition) }
  if (opts.settings) msg.settings = plain(opts.settings)
  if (opts.locale) msg.locale = opts.locale
  if (opts.page) msg.page = opts.page
  if (opts.keepAnswers) msg.keepAnswers = true
  return msg
}

export const gotoMessage = (page: string): ParentMessage => ({ type: MSG.goto, page })
export const resetMessage = (): ParentMessage => ({ type: MSG.reset })

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function rules(v: unknown): PreviewRule[] {
  if (!Array.isArray(v)) return []
  return v
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .filter((r) => typeof r.kind === 'string' && typeof r.element === 'string')
    .map((r) => ({
      kind: r.kind as string,
      element: r.element as string,
      holds: r.holds === true,
      ...(typeof r.detail === 'string' && r.detail ? { detail: r.detail } : {}),
    }))
}

/**
 * The frame's message, or null for anything else (other windows and
 * extensions post messages too). A state with malformed lists is read
 * leniently — missing lists are empty — so a newer frame does not blank the
 * pane; a state without a page is refused.
 */
export function readFrameMessage(data: unknown): FrameMessage | null {
  if (typeof data !== 'object' || data === null) return null
  const d = data as Record<string, unknown>
  if (d.type === MSG.ready) return { type: MSG.ready }
  if (d.type !== MSG.state || typeof d.page !== 'string') return null
  const state: FrameMessage = {
    type: MSG.state,
    page: d.page,
    pages: isStrings(d.pages) ? d.pages : [],
    visible_pages: isStrings(d.visible_pages) ? d.visible_pages : [],
    visible_questions: isStrings(d.visible_questions) ? d.visible_questions : [],
    hidden_questions: isStrings(d.hidden_questions) ? d.hidden_questions : [],
    rules: rules(d.rules),
    outcome: str(d.outcome),
    ending: str(d.ending),
  }
  if (typeof d.error === 'string' && d.error) state.error = d.error
  return state
}

/**
 * Whether a message event comes from our preview frame: the frame's own
 * window, on our origin (the preview runs on the same server as the admin
 * app). Anything else is ignored.
 */
export function fromPreviewFrame(
  event: { origin: string; source: unknown },
  frame: Window | null | undefined,
  origin: string,
): boolean {
  return !!frame && event.source === frame && event.origin === origin
}

/** Whether a rule's element path (pages[2].questions[0].jumps[1]) lies on the page with that index. */
export function onPage(path: string, pageIndex: number): boolean {
  const prefix = `pages[${pageIndex}]`
  return path === prefix || path.startsWith(`${prefix}.`)
}

type Node = { id?: unknown; code?: unknown; title?: unknown; [key: string]: unknown }

/**
 * The element a path names, by ids instead of indexes: "p2 › q3 › A" for
 * pages[1].questions[2].options[0], with the last id's kind of list kept
 * for rules (jumps[1] → "jumps 2"). Unknown parts stay as written.
 */
export function pathLabel(def: SurveyDefinition, path: string): string {
  const parts: string[] = []
  let node: unknown = def
  for (const seg of path.split('.')) {
    const m = /^(\w+)\[(\d+)\]$/.exec(seg)
    if (!m) {
      parts.push(seg)
      node = undefined
      continue
    }
    const list = (node as Node | undefined)?.[m[1]]
    const item = Array.isArray(list) ? (list[Number(m[2])] as Node | undefined) : undefined
    const name = item && (typeof item.id === 'string' ? item.id : typeof item.code === 'string' ? item.code : '')
    parts.push(name || `${m[1]} ${Number(m[2]) + 1}`)
    node = item
  }
  return parts.filter(Boolean).join(' › ')
}
