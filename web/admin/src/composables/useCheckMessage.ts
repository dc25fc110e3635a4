import { useI18n } from 'vue-i18n'
import type { SurveyDefinition } from '../api/surveyTypes'
import { checkMessagesZhCN, checkMessageWordArgs, checkPathZhCN, checkWordsZhCN } from '../i18n/checkMessages.zh-CN'
import { describePath } from './usePublishErrors'

/**
 * A check finding as the engine sends it (issue #6 items 4 and 7): the English reason and,
 * from the engine that knows it, the reason's template (msgid), its arguments as text and,
 * for a problem inside an expression or text, its position. reason ==
 * format(message, args), wrapped as "%s (at %s)" with at when at is set.
 */
export interface CheckText {
  reason: string
  message?: string
  args?: string[]
  at?: string
}

/** The wrapper of a problem inside an expression or text (Go: survey.AtFormat). */
export const AT_FORMAT = '%s (at %s)'

/** Templates whose %s argument is itself an English message (e.g. a reference error). */
const SUB_MESSAGE_TEMPLATES = new Set(['%s', '%v', '%s (write {{ for a literal brace)'])

const PLACEHOLDER = /%([-+# 0-9.]*)([a-zA-Z%])/g

/** The placeholders of a template in order, e.g. ["%q", "%s"]; "%%" is not one. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].filter((m) => m[2] !== '%').map((m) => `%${m[1]}${m[2]}`)
}

/** Go's %q of a string, close enough for display: JSON quoting. */
const quote = (s: string) => JSON.stringify(s)

/**
 * A template filled with its arguments the way Go's fmt.Sprintf fills it for the verbs
 * the engine uses (%s %v %d %c as the text, %q quoted); null when the counts differ.
 */
export function formatMessage(template: string, args: readonly string[]): string | null {
  let i = 0
  let ok = true
  const out = template.replace(PLACEHOLDER, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%'
    if (i >= args.length) {
      ok = false
      return ''
    }
    const arg = args[i++]
    return verb === 'q' ? quote(arg) : arg
  })
  return ok && i === args.length ? out : null
}

type Locale = string
const isChinese = (locale: Locale) => locale.toLowerCase().startsWith('zh')

/** An argument word (type, kind, token) in Chinese; describeTok forms like "number 12" too. */
function translateWord(arg: string): string {
  const word = checkWordsZhCN[arg]
  if (word !== undefined) return word
  const token = /^(number|string|reference|name|character) (.+)$/.exec(arg)
  if (token) return `${checkWordsZhCN[token[1]] ?? (token[1] === 'character' ? '字符' : token[1])} ${token[2]}`
  const argument = /^argument (\d+) of (\w+\(\))$/.exec(arg)
  if (argument) return `${argument[2]} 的第 ${argument[1]} 个参数`
  return arg
}

/** Reverse matchers of the catalogue, longest literal text first (built once). */
let matchers: { key: string; re: RegExp; verbs: string[] }[] | null = null

function reverseMatchers() {
  if (matchers) return matchers
  matchers = Object.keys(checkMessagesZhCN)
    .map((key) => {
      const verbs: string[] = []
      let literal = 0
      let source = ''
      let last = 0
      for (const m of key.matchAll(PLACEHOLDER)) {
        const text = key.slice(last, m.index)
        literal += text.length
        source += text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        last = (m.index ?? 0) + m[0].length
        if (m[2] === '%') {
          source += '%'
          continue
        }
        verbs.push(m[2])
        source += m[2] === 'q' ? '("(?:[^"\\\\]|\\\\.)*")' : m[2] === 'd' ? '(-?\\d+)' : '(.*?)'
      }
      const tail = key.slice(last)
      literal += tail.length
      source += tail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      return { key, re: new RegExp(`^${source}$`, 's'), verbs, literal }
    })
    .filter((m) => m.literal >= 4 && m.key !== AT_FORMAT)
    .sort((a, b) => b.literal - a.literal)
  return matchers
}

/** The template and arguments an English engine message was made from, if it is one of the catalogue's. */
export function parseMessage(text: string): { message: string; args: string[] } | null {
  for (const { key, re, verbs } of reverseMatchers()) {
    const m = re.exec(text)
    if (!m) continue
    const args = m.slice(1).map((a, i) => {
      if (verbs[i] !== 'q') return a
      try {
        return JSON.parse(a) as string
      } catch {
        return a.slice(1, -1)
      }
    })
    return { message: key, args }
  }
  return null
}

function translate(message: string, args: readonly string[]): string | null {
  const template = checkMessagesZhCN[message]
  if (template === undefined) return null
  const words = checkMessageWordArgs[message] ?? []
  const sub = SUB_MESSAGE_TEMPLATES.has(message)
  const translated = args.map((arg, i) => {
    if (words.includes(i)) return translateWord(arg)
    if (sub && i === 0) {
      const inner = parseMessage(arg)
      return (inner && translate(inner.message, inner.args)) ?? arg
    }
    return arg
  })
  return formatMessage(template, translated)
}

/**
 * An engine check message in the given locale: for Chinese the catalogue's template filled
 * with the arguments (word arguments and nested messages translated too); for English the
 * engine's own text. Falls back to the English reason when the message is unknown — and,
 * for a finding without a template (e.g. the reason of a refused publish), first tries to
 * recognise the reason as one of the catalogue's messages.
 */
export function renderCheckMessage(issue: CheckText, locale: Locale): string {
  if (!isChinese(locale)) return issue.reason // the English template filled in
  let parsed: { message: string; args: string[]; at?: string } | null = issue.message
    ? { message: issue.message, args: issue.args ?? [], at: issue.at }
    : null
  if (!parsed) {
    const at = /^(.*) \(at (\d+:\d+)\)$/s.exec(issue.reason)
    const inner = parseMessage(at ? at[1] : issue.reason)
    parsed = inner && { ...inner, at: at?.[2] }
  }
  if (!parsed) return issue.reason
  const text = translate(parsed.message, parsed.args)
  if (text === null) return issue.reason
  return parsed.at ? (formatMessage(checkMessagesZhCN[AT_FORMAT], [text, parsed.at]) ?? issue.reason) : text
}

/**
 * An element path for display in the given locale: ids where the definition has them
 * ("p1 › q3 › B › 编码"), field names and unnamed list items ("跳转 1") in Chinese.
 * English is describePath's text.
 */
export function describeCheckPath(path: string, def: SurveyDefinition | null | undefined, locale: Locale): string {
  if (!isChinese(locale)) return describePath(path, def)
  const label = (name: string) => checkPathZhCN[name] ?? name
  return describePath(path, def, { field: label, item: (name, index) => `${label(name)} ${index + 1}` })
}

/** The two helpers bound to the app's current locale, for components. */
export function useCheckMessage() {
  const { locale } = useI18n()
  return {
    message: (issue: CheckText) => renderCheckMessage(issue, locale.value),
    where: (path: string, def: SurveyDefinition | null | undefined) => describeCheckPath(path, def, locale.value),
  }
}
