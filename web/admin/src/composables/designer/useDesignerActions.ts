// The designer's structural edits (issue #6 items 2 and 7): each is one
// undo step and keeps the selection on the element it moved or made.
import type { DefinitionPage } from '../../api/surveyTypes'
import {
  defaultPage,
  defaultQuestion,
  duplicateQuestion,
  moveItem,
  moveQuestion,
  pagePath,
  questionAtPath,
  questionPath,
  stepQuestion,
  type PaletteKind,
  type QuestionAt,
} from '../../components/designer/model'
import type { Designer } from './useDesigner'

export function useDesignerActions(d: Designer) {
  const pages = (): DefinitionPage[] => {
    if (!d.doc.value.pages) d.doc.value.pages = []
    return d.doc.value.pages
  }

  /** Where a new question goes: after the selected question, at the end of the selected page, else the last page. */
  function insertionPoint(): QuestionAt {
    const at = questionAtPath(d.selected.value)
    const list = pages()
    if (at && list[at.page]) return { page: at.page, index: at.index < 0 ? list[at.page].questions.length : at.index + 1 }
    const last = list.length - 1
    return { page: Math.max(0, last), index: last >= 0 ? list[last].questions.length : 0 }
  }

  /** Adds a question of the kind (a page too when there is none) and selects it. */
  function addQuestion(kind: PaletteKind, at: QuestionAt = insertionPoint()): void {
    d.transact((doc) => {
      const list = pages()
      if (list.length === 0) list.push(defaultPage(doc))
      const page = Math.min(at.page, list.length - 1)
      const questions = list[page].questions ?? (list[page].questions = [])
      const index = Math.max(0, Math.min(at.index, questions.length))
      questions.splice(index, 0, defaultQuestion(kind, doc))
      d.selected.value = questionPath(page, index)
    })
  }

  /** Adds an empty page after the selected one (else at the end) and selects it. */
  function addPage(): void {
    d.transact((doc) => {
      const list = pages()
      const at = questionAtPath(d.selected.value)
      const index = at ? at.page + 1 : list.length
      list.splice(index, 0, defaultPage(doc))
      d.selected.value = pagePath(index)
    })
  }

  function removeQuestion(path = d.selected.value): boolean {
    const at = questionAtPath(path)
    if (!at || at.index < 0) return false
    const questions = pages()[at.page]?.questions
    if (!questions?.[at.index]) return false
    d.transact(() => {
      questions.splice(at.index, 1)
      d.selected.value = questions.length ? questionPath(at.page, Math.min(at.index, questions.length - 1)) : pagePath(at.page)
    })
    return true
  }

  function removePage(index: number): void {
    if (!pages()[index]) return
    d.transact(() => {
      pages().splice(index, 1)
      d.selected.value = pages().length ? pagePath(Math.min(index, pages().length - 1)) : ''
    })
  }

  function duplicate(path = d.selected.value): void {
    const at = questionAtPath(path)
    if (!at || at.index < 0) return
    const questions = pages()[at.page]?.questions
    if (!questions?.[at.index]) return
    d.transact((doc) => {
      questions.splice(at.index + 1, 0, duplicateQuestion(doc, questions[at.index]))
      d.selected.value = questionPath(at.page, at.index + 1)
    })
  }

  /** Drag and drop of a question (also to another page); selects it at its new place. */
  function moveQuestionTo(from: QuestionAt, to: QuestionAt): void {
    d.transact((doc) => {
      // A drop below itself on the same page lands one higher once the question is taken out.
      const target = from.page === to.page && to.index > from.index ? { ...to, index: to.index - 1 } : to
      const moved = moveQuestion(doc, from, target)
      if (moved) d.selected.value = questionPath(moved.page, moved.index)
    })
  }

  /** Alt+↑/↓ and the arrow buttons: one step, across page boundaries. */
  function step(path: string, delta: -1 | 1): void {
    const at = questionAtPath(path)
    if (!at) return
    d.transact((doc) => {
      if (at.index < 0) {
        if (moveItem(pages(), at.page, at.page + delta)) d.selected.value = pagePath(at.page + delta)
        return
      }
      const moved = stepQuestion(doc, at, delta)
      if (moved) d.selected.value = questionPath(moved.page, moved.index)
    })
  }

  function movePage(from: number, to: number): void {
    d.transact(() => {
      const target = to > from ? to - 1 : to
      if (moveItem(pages(), from, target)) d.selected.value = pagePath(Math.max(0, Math.min(pages().length - 1, target)))
    })
  }

  return { addQuestion, addPage, removeQuestion, removePage, duplicate, moveQuestionTo, step, movePage, insertionPoint }
}

export type DesignerActions = ReturnType<typeof useDesignerActions>
