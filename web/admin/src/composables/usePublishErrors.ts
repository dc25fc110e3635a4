import { ApiError } from '../api/client'
import type { SurveyDefinition } from '../api/surveyTypes'

/** One problem of a definition: where (element path), why, and the check's code when known. */
export interface DefinitionProblem {
  path: string
  /** The path with ids instead of indexes, e.g. "p1 › q3 › B"; empty for the whole survey. */
  element: string
  reason: string
  code: string
}

/** "there is no page "x" [unknown_target]" → reason and code. */
export function splitReason(reason: string): { reason: string; code: string } {
  const match = /^(.*?)\s*\[([a-z0-9_]+)\]$/.exec(reason.trim())
  return match ? { reason: match[1], code: match[2] } : { reason: reason.trim(), code: '' }
}

/** The keys that name an element's identifier, by list name. */
const ID_KEYS: Record<string, 'id' | 'code'> = {
  pages: 'id',
  questions: 'id',
  endings: 'id',
  rows: 'id',
  blanks: 'id',
  levels: 'id',
  attributes: 'id',
  params: 'id',
  variables: 'id',
  options: 'code',
  columns: 'code',
  children: 'code',
}

/** How describePath names a field, and a list item without an id. */
export interface PathLabels {
  field: (name: string) => string
  item: (name: string, index: number) => string
}

const rawLabels: PathLabels = { field: (name) => name, item: (name, index) => `${name}[${index}]` }

/**
 * An element path as ids a person recognises: pages[0].questions[2].options[1].code
 * becomes "p1 › q3 › B › code" for the definition it points into. Parts that
 * cannot be followed stay as written; labels name fields and unnamed items
 * (as written by default).
 */
export function describePath(path: string, def: SurveyDefinition | null | undefined, labels: PathLabels = rawLabels): string {
  if (!path) return ''
  const parts: string[] = []
  let node: unknown = def
  for (const segment of path.split('.')) {
    const match = /^([A-Za-z_$][\w$]*)((?:\[\d+\])*)$/.exec(segment)
    if (!match) {
      parts.push(segment)
      node = undefined
      continue
    }
    const [, name, indexes] = match
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined
    const list = [...indexes.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))
    if (list.length === 0) {
      parts.push(labels.field(name))
      continue
    }
    for (const index of list) {
      node = Array.isArray(node) ? node[index] : undefined
      const key = ID_KEYS[name]
      const id = key && node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
      parts.push(typeof id === 'string' && id ? id : labels.item(name, index))
    }
  }
  return parts.join(' › ')
}

/**
 * The definition problems of a refused publish (or create): each field of a
 * validation_failed error with its element path, reason and check code.
 * Empty for any other error, which the caller shows as a message.
 */
export function publishProblems(error: unknown, def?: SurveyDefinition | null): DefinitionProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return []
  return error.fields.map((field) => {
    const { reason, code } = splitReason(field.reason)
    return { path: field.name, element: describePath(field.name, def), reason, code }
  })
}
