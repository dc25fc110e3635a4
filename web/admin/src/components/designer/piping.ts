// Where a piping token from the PipingMenu goes: the text field that had
// the focus last, at its caret (issue #6 item 3); and the undo checkpoint
// editors set before a discrete edit.
import { inject, provide, shallowRef, type InjectionKey, type ShallowRef } from 'vue'

export interface PipingTarget {
  /** Inserts the token at the remembered caret and emits the new text. */
  insert(token: string): void
}

const KEY: InjectionKey<ShallowRef<PipingTarget | null>> = Symbol('designer-piping-target')

/** Called by the designer view: the shared "last focused text field". */
export function providePipingTarget(): ShallowRef<PipingTarget | null> {
  const target = shallowRef<PipingTarget | null>(null)
  provide(KEY, target)
  return target
}

/** Called by text fields: remember me as the target on focus. */
export function usePipingTarget(): ShallowRef<PipingTarget | null> {
  return inject(KEY, shallowRef<PipingTarget | null>(null))
}

/** The text with the token put between start and end (the selection). */
export function insertAt(text: string, token: string, start: number | null, end: number | null): string {
  const s = start ?? text.length
  const e = end ?? s
  return text.slice(0, s) + token + text.slice(e)
}

const CHECKPOINT: InjectionKey<() => void> = Symbol('designer-checkpoint')

/** Called by the designer view: how editors mark a discrete edit as its own undo step. */
export function provideCheckpoint(fn: () => void): void {
  provide(CHECKPOINT, fn)
}

/** Marks the next edit as a new undo step (a no-op outside the designer). */
export function useCheckpoint(): () => void {
  return inject(CHECKPOINT, () => {})
}
