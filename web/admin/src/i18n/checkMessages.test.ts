/// <reference types="node" />
// Every check message the Go engine can produce has a zh-CN template with the same
// placeholders in the same order (issue #6 item 7, "every string through i18n"): the test
// reads the engine's sources, so a new check message without a translation fails CI.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { placeholders } from '../composables/useCheckMessage'
import { checkMessagesZhCN, checkMessageWordArgs } from './checkMessages.zh-CN'

/** The repository root: the nearest directory above the working directory with go.mod. */
function findRepoRoot(): string {
  let dir = process.cwd()
  while (!existsSync(join(dir, 'go.mod'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`no go.mod above ${process.cwd()}`)
    dir = up
  }
  return dir
}

const repoRoot = findRepoRoot()
const surveyDir = join(repoRoot, 'internal/survey')

function goFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      // textimport's line warnings are not check issues.
      if (name !== 'textimport' && name !== 'testdata') goFiles(path, out)
    } else if (name.endsWith('.go') && !name.endsWith('_test.go')) {
      out.push(path)
    }
  }
  return out
}

/** A Go string literal, interpreted ("…" with escapes) or raw (`…`). */
const LITERAL = String.raw`("(?:[^"\\\n]|\\.)*"|` + '`[^`]*`)'
const unquote = (lit: string): string => (lit.startsWith('`') ? lit.slice(1, -1) : (JSON.parse(lit) as string))

/**
 * Where the engine passes a message template: the checker's err/warn, the logic package's
 * errorf/report/diagf, the design package's specErr, newIssue, arity's `return "…", []any{`,
 * the issue literal of Check(nil), the reference errors of ref.go, and AtFormat.
 */
const CALLS: { name: string; start: RegExp; literal: RegExp }[] = [
  { name: 'k.err/k.warn', start: /\bk\.(?:err|warn)\(/g, literal: new RegExp(String.raw`^k\.(?:err|warn)\(.*?,\s*(?:Code\w+|"\w+"|logic\.Code\w+),\s*` + LITERAL) },
  { name: 'errorf', start: /\berrorf\((?!code string)/g, literal: new RegExp(String.raw`^errorf\(Code\w+,.*?,\s*` + LITERAL) },
  { name: 'report/diagf', start: /\b(?:c\.report|diagf)\((?!pos Pos)/g, literal: new RegExp(String.raw`^(?:c\.report|diagf)\(.*?,\s*Code\w+,\s*` + LITERAL) },
  { name: 'specErr', start: /\bspecErr\((?!format string)/g, literal: new RegExp(String.raw`^specErr\(` + LITERAL) },
  { name: 'newIssue', start: /\bnewIssue\((?!path, code)/g, literal: new RegExp(String.raw`^newIssue\([^()]*?,\s*Severity\w+,\s*` + LITERAL) },
]
/** Calls that forward a template received from elsewhere (checked where it is written). */
const FORWARDS = /^(?:k\.err\(path, CodeBadSetting, se\.Format|errorf\(CodeArity, c\.pos, format|c\.report\(n\.pos, CodeArity, format|c\.report\(pos, code, format|diagf\(pos, code, format)/
const EXTRA: RegExp[] = [
  new RegExp(String.raw`return ` + LITERAL + String.raw`, \[\]any\{`, 'g'),
  new RegExp(String.raw`Message: ` + LITERAL, 'g'),
  new RegExp(String.raw`AtFormat = ` + LITERAL, 'g'),
  // ref.go: the messages of scanRef and parseRefPath, nested in "%s" by their callers.
  new RegExp(String.raw`return Ref\{\}, (?:0, )?(?:fmt\.Sprintf\()?` + LITERAL, 'g'),
]

function engineMessages(): Map<string, string> {
  const found = new Map<string, string>() // template → where
  const problems: string[] = []
  for (const file of goFiles(surveyDir)) {
    const src = readFileSync(file, 'utf8')
    const where = (index: number) => `${relative(repoRoot, file)}:${src.slice(0, index).split('\n').length}`
    for (const call of CALLS) {
      for (const m of src.matchAll(call.start)) {
        const rest = src.slice(m.index, src.indexOf(')\n', m.index) + 1 || undefined)
        const lit = call.literal.exec(rest)
        if (lit) found.set(unquote(lit[1]), where(m.index))
        else if (!FORWARDS.test(rest)) problems.push(`${where(m.index)}: ${call.name} without a literal template`)
      }
    }
    for (const re of EXTRA) {
      for (const m of src.matchAll(re)) found.set(unquote(m[1]), where(m.index ?? 0))
    }
  }
  expect(problems, 'message templates must be string literals so they can be translated').toEqual([])
  return found
}

describe('check messages zh-CN catalogue', () => {
  const messages = engineMessages()

  it('finds the engine messages', () => {
    // A guard against the extraction silently matching nothing after a refactor.
    expect(messages.size).toBeGreaterThan(140)
    expect(messages.has('id %q is already used at %s')).toBe(true)
    expect(messages.has('unknown reference %s')).toBe(true)
    expect(messages.has('cbc needs 1–%d tasks, got %d')).toBe(true)
    expect(messages.has('%s (at %s)')).toBe(true)
  })

  it('translates every engine message with the same placeholders in order', () => {
    const missing: string[] = []
    const mismatched: string[] = []
    for (const [message, where] of messages) {
      const zh = checkMessagesZhCN[message]
      if (zh === undefined) missing.push(`${where}: ${JSON.stringify(message)}`)
      else if (placeholders(zh).join(' ') !== placeholders(message).join(' ')) mismatched.push(`${where}: ${JSON.stringify(message)} → ${JSON.stringify(zh)}`)
    }
    expect(missing, 'add these to web/admin/src/i18n/checkMessages.zh-CN.ts').toEqual([])
    expect(mismatched).toEqual([])
  })

  it('has no entries for messages the engine no longer produces', () => {
    const stale = Object.keys(checkMessagesZhCN).filter((k) => !messages.has(k))
    expect(stale).toEqual([])
    const staleWords = Object.keys(checkMessageWordArgs).filter((k) => !messages.has(k))
    expect(staleWords).toEqual([])
  })

  it('marks only %s arguments as words', () => {
    for (const [message, positions] of Object.entries(checkMessageWordArgs)) {
      const verbs = placeholders(message)
      for (const i of positions) expect(verbs[i], `${message} arg ${i}`).toBe('%s')
    }
  })
})
