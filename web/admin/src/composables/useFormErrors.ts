import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client'
import type { FieldError } from '../api/types'
import { useErrorMessage } from './useErrorMessage'

/** The form field a server field name belongs to: "cidrs[2]" and "cidrs.0" belong to "cidrs". */
export function baseFieldName(name: string): string {
  return name.split(/[.[]/)[0]
}

/**
 * Sorts the fields of an error envelope into those a form shows next to its
 * inputs (keyed by form field, reasons joined) and the rest, which the form
 * lists in its error banner so nothing the server said is lost.
 */
export function splitFieldErrors(
  fields: readonly FieldError[],
  known: readonly string[],
  translate: (reason: string) => string = (reason) => reason,
): { byField: Record<string, string>; other: FieldError[] } {
  const byField: Record<string, string> = {}
  const other: FieldError[] = []
  for (const field of fields) {
    const base = baseFieldName(field.name)
    if (!known.includes(base)) {
      other.push(field)
      continue
    }
    const reason = translate(field.reason)
    byField[base] = byField[base] ? `${byField[base]}; ${reason}` : reason
  }
  return { byField, other }
}

/**
 * Error state of a form: a banner message and per-field messages from the
 * error envelope. The form's values are never touched, so what the user
 * typed stays for them to correct.
 */
export function useFormErrors(known: readonly string[]) {
  const { t, te } = useI18n()
  const errorMessage = useErrorMessage()
  const message = ref('')
  const fields = ref<Record<string, string>>({})
  const translate = (reason: string) => (te(`validation.${reason}`) ? t(`validation.${reason}`) : reason)

  function clear(): void {
    message.value = ''
    fields.value = {}
  }

  function capture(error: unknown): void {
    message.value = errorMessage(error)
    fields.value = {}
    if (!(error instanceof ApiError) || error.fields.length === 0) return
    const { byField, other } = splitFieldErrors(error.fields, known, translate)
    fields.value = byField
    if (other.length > 0) {
      message.value = [message.value, ...other.map((f) => `${f.name}: ${translate(f.reason)}`)].join(' ')
    }
  }

  /** Marks a field found wrong before sending (e.g. a required one). */
  function setField(name: string, text: string): void {
    fields.value = { ...fields.value, [name]: text }
  }

  return { message, fields, clear, capture, setField }
}
