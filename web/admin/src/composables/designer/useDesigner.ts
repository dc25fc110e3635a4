// State of the survey designer (issue #6 items 2, 4, 7): the draft being
// edited, undo/redo, autosave with conflict detection, selection and the
// check report of the last save.
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { api as defaultClient, ApiError } from '../../api'
import type { ApiClient } from '../../api/client'
import { getSurvey, saveDraft } from '../../api/surveys'
import type { CheckIssue, SurveyCheck, SurveyDefinition, SurveyDetail } from '../../api/surveyTypes'

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict'

/** The two calls the designer makes; injectable for tests. */
export interface DesignerBackend {
  load(id: string): Promise<SurveyDetail>
  /** PUT /surveys/{id}/draft with base_rev (0 overwrites). */
  save(id: string, definition: SurveyDefinition, baseRev: number): Promise<SurveyDetail>
}

export function httpBackend(client: ApiClient = defaultClient): DesignerBackend {
  return {
    load: (id) => getSurvey(id, client),
    save: (id, definition, baseRev) => saveDraft(id, definition, baseRev, client),
  }
}

export interface DesignerOptions {
  backend?: DesignerBackend
  /** Milliseconds of quiet before an autosave (default 1500). */
  delay?: number
  /** Edits closer together than this (ms) are one undo step (default 1000). */
  coalesce?: number
  /** The clock, for tests. */
  now?: () => number
  /** At most this many undo steps are kept (default 200). */
  limit?: number
}

const EMPTY_CHECK: SurveyCheck = { errors: [], warnings: [], estimated_seconds: 0, question_seconds: {} }

export function useDesigner(surveyId: string, options: DesignerOptions = {}) {
  const backend = options.backend ?? httpBackend()
  const delay = options.delay ?? 1500
  const coalesce = options.coalesce ?? 1000
  const now = options.now ?? (() => Date.now())
  const limit = options.limit ?? 200

  const survey = shallowRef<SurveyDetail | null>(null)
  const doc = ref<SurveyDefinition>({ pages: [] }) as Ref<SurveyDefinition>
  const selected = ref('')
  const status = ref<SaveStatus>('saved')
  const loadError = ref<unknown>(null)
  const saveError = ref<unknown>(null)
  /** Field errors of a save the schema refused (validation_failed), shown like check errors. */
  const refused = ref<CheckIssue[]>([])
  const baseRev = ref(0)

  const past = ref<string[]>([])
  const future = ref<string[]>([])
  let present = '{}'
  let saved = '{}'
  let lastEdit = -Infinity
  let breakNext = true
  let suspended = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let inflight: Promise<void> | null = null

  const check = computed<SurveyCheck>(() => {
    const c = survey.value?.check ?? EMPTY_CHECK
    return refused.value.length ? { ...c, errors: [...refused.value, ...c.errors] } : c
  })
  const errors = computed(() => check.value.errors)
  const warnings = computed(() => check.value.warnings)
  const dirty = computed(() => status.value !== 'saved')
  const canUndo = computed(() => past.value.length > 0)
  const canRedo = computed(() => future.value.length > 0)

  function schedule(): void {
    if (status.value === 'conflict') return
    clearTimeout(timer)
    timer = setTimeout(() => void save(), delay)
  }

  /** Takes the current document into the history (typing within `coalesce` ms is one step). */
  function record(): void {
    if (suspended) return
    const snapshot = JSON.stringify(doc.value)
    if (snapshot === present) return
    const t = now()
    if (breakNext || t - lastEdit > coalesce) {
      past.value.push(present)
      if (past.value.length > limit) past.value.shift()
    }
    present = snapshot
    future.value = []
    lastEdit = t
    breakNext = false
    if (status.value !== 'conflict') status.value = snapshot === saved ? 'saved' : 'dirty'
    if (snapshot !== saved) schedule()
  }

  watch(doc, record, { deep: true, flush: 'sync' })

  /** A structural edit (add, move, delete): one undo step of its own. */
  function transact(fn: (doc: SurveyDefinition) => void): void {
    breakNext = true
    suspended = true
    try {
      fn(doc.value)
    } finally {
      suspended = false
    }
    record()
    breakNext = true
  }

  /** The next edit starts a new undo step (discrete edits: a removed option, a toggled flag). */
  function checkpoint(): void {
    breakNext = true
  }

  function apply(snapshot: string): void {
    suspended = true
    doc.value = JSON.parse(snapshot) as SurveyDefinition
    suspended = false
    present = snapshot
    breakNext = true
    if (status.value !== 'conflict') status.value = snapshot === saved ? 'saved' : 'dirty'
    if (snapshot !== saved) schedule()
  }

  function undo(): void {
    const prev = past.value.pop()
    if (prev === undefined) return
    future.value.push(present)
    apply(prev)
  }

  function redo(): void {
    const next = future.value.pop()
    if (next === undefined) return
    past.value.push(present)
    apply(next)
  }

  /** The server's draft is now the base: a refusal or error about an earlier draft no longer applies. */
  function adopt(detail: SurveyDetail): void {
    survey.value = detail
    baseRev.value = detail.draft_rev
    refused.value = []
    saveError.value = null
  }

  async function load(): Promise<void> {
    try {
      const detail = await backend.load(surveyId)
      adopt(detail)
      const snapshot = JSON.stringify(detail.draft ?? { pages: [] })
      saved = snapshot
      past.value = []
      future.value = []
      apply(snapshot)
      status.value = 'saved'
      loadError.value = null
    } catch (err) {
      loadError.value = err
    }
  }

  async function send(overwrite: boolean): Promise<void> {
    const snapshot = present
    status.value = 'saving'
    try {
      const detail = await backend.save(surveyId, JSON.parse(snapshot) as SurveyDefinition, overwrite ? 0 : baseRev.value)
      adopt(detail)
      saved = snapshot
      status.value = present === saved ? 'saved' : 'dirty'
      if (status.value === 'dirty') schedule()
    } catch (err) {
      saveError.value = err
      if (err instanceof ApiError && err.code === 'survey_edit_conflict') {
        // Someone else saved: stop autosaving and keep the local work until the user decides.
        clearTimeout(timer)
        status.value = 'conflict'
        return
      }
      if (err instanceof ApiError && err.code === 'validation_failed') {
        refused.value = err.fields.map((f) => ({ code: 'schema', path: f.name, reason: f.reason, severity: 'error' as const }))
      }
      status.value = 'error'
    }
  }

  /** Saves now (Ctrl/Cmd+S, before publishing). Waits for a save in progress first. */
  async function save(): Promise<void> {
    clearTimeout(timer)
    // Two callers (the timer and Ctrl+S) may wait on the same save: only one sends next.
    while (inflight) await inflight
    if (status.value === 'conflict' || (present === saved && status.value !== 'error')) return
    inflight = send(false)
    try {
      await inflight
    } finally {
      inflight = null
    }
  }

  /** Conflict: replace the local draft by the one saved by someone else (undo brings mine back). */
  async function reloadTheirs(): Promise<void> {
    const detail = await backend.load(surveyId)
    adopt(detail)
    const snapshot = JSON.stringify(detail.draft ?? { pages: [] })
    saved = snapshot
    past.value.push(present)
    future.value = []
    apply(snapshot)
    status.value = 'saved'
  }

  /** Conflict: save the local draft over theirs. */
  async function overwriteMine(): Promise<void> {
    clearTimeout(timer)
    status.value = 'dirty'
    inflight = send(true)
    try {
      await inflight
    } finally {
      inflight = null
    }
  }

  /** The local draft as JSON (to copy it away before reloading). */
  function exportJSON(): string {
    return JSON.stringify(doc.value, null, 2)
  }

  function dispose(): void {
    clearTimeout(timer)
  }

  return {
    survey,
    doc,
    selected,
    status,
    dirty,
    baseRev,
    loadError,
    saveError,
    check,
    errors,
    warnings,
    canUndo,
    canRedo,
    load,
    save,
    transact,
    checkpoint,
    undo,
    redo,
    reloadTheirs,
    overwriteMine,
    exportJSON,
    dispose,
  }
}

export type Designer = ReturnType<typeof useDesigner>
