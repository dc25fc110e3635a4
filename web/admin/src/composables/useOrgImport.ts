import type { FieldError } from '../api/types'

/** One refused row of an import file. */
export interface ImportRowError {
  /** The file's row number (the header is row 1); null when the server named no row. */
  row: number | null
  reason: string
}

/**
 * The per-row problems of an org_import_invalid error: the server names each
 * field "row 7". Sorted by row; problems without a row come first.
 */
export function importRowErrors(fields: readonly FieldError[]): ImportRowError[] {
  return fields
    .map((field) => {
      const match = /^row\s+(\d+)$/i.exec(field.name.trim())
      return { row: match ? Number(match[1]) : null, reason: match ? field.reason : `${field.name}: ${field.reason}` }
    })
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
}
