// References (docs/logic.md §2): {q1}, {q5.r1}, {q1.text}, {q1.other},
// {$param.ch}, {$contact.city}, {$var.score}.
import { MAX_SEGMENT_LEN, fail } from './errors'

/** What a reference names. */
export type Scope = 'answer' | 'param' | 'contact' | 'var'

/** What of an answer a reference means: the value, .text or .other. */
export type Attr = '' | 'text' | 'other'

/**
 * A parsed reference. For answers, name is the question id, item an
 * optional sub-element id ('' if none) and attr what of the answer is
 * meant; for the other scopes only name is set.
 */
export interface Ref {
  scope: Scope
  name: string
  item: string
  attr: Attr
}

/** The reference without braces: 'q5.r1.text', '$param.ch'. */
export function refKey(r: Ref): string {
  return (r.scope === 'answer' ? '' : '$' + r.scope + '.') + r.name + (r.item && '.' + r.item) + (r.attr && '.' + r.attr)
}

/**
 * Scans the reference starting at src[i] === '{' and returns it with the
 * index just past '}'; throws a syntax LogicError otherwise.
 */
export function scanRef(src: string, i: number): [Ref, number] {
  const re = /[\w.$-]*/y
  re.lastIndex = i + 1
  const j = i + 1 + re.exec(src)![0].length
  const r = src[j] === '}' && parseRefPath(src.slice(i + 1, j))
  return r ? [r, j + 1] : fail('syntax', 'bad reference ' + src.slice(i, j + 1), src, src[j] && src[j] !== '}' ? j : i)
}

/** Parses a reference with its braces, e.g. '{q1}'; throws if s is not one. */
export function parseRef(s: string): Ref {
  return (/^\{.*\}$/s.test(s) && parseRefPath(s.slice(1, -1))) || fail('syntax', 'bad reference ' + s)
}

// SEGMENTS matches the paths of §2: $scope.name, or question[.item] with an
// optional .text or .other; segments are 1–64 of [A-Za-z0-9_-].
const SEG = `[\\w-]{1,${MAX_SEGMENT_LEN}}`
const PATH = new RegExp(`^(?:\\$(param|contact|var)\\.(${SEG})|(${SEG})(?:\\.(${SEG}))??(?:\\.(text|other))?)$`)

// parseRefPath interprets the text between the braces; undefined if it is
// malformed.
function parseRefPath(path: string): Ref | undefined {
  const m = PATH.exec(path)
  if (!m || /^(text|other)$/.test(m[3]) || /^(text|other)$/.test(m[4])) return undefined
  return m[1]
    ? { scope: m[1] as Scope, name: m[2], item: '', attr: '' }
    : { scope: 'answer', name: m[3], item: m[4] || '', attr: (m[5] || '') as Attr }
}
