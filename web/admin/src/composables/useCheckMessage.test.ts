import { describe, expect, it } from 'vitest'
import type { SurveyDefinition } from '../api/surveyTypes'
import { checkMessagesZhCN } from '../i18n/checkMessages.zh-CN'
import { describeCheckPath, formatMessage, parseMessage, placeholders, renderCheckMessage, type CheckText } from './useCheckMessage'

// Issues as the Go engine produces them (internal/survey check_message_test.go's broken
// definitions), so that the rendering is tested on real message/args/at triples.
const duplicate: CheckText = {
  reason: 'id "p1" is already used at pages[0].id',
  message: 'id %q is already used at %s',
  args: ['p1', 'pages[0].id'],
}
const longSurvey: CheckText = {
  reason: 'the survey takes about 47 seconds, more than the limit of 1',
  message: 'the survey takes about %d seconds, more than the limit of %d',
  args: ['47', '1'],
}
const typeMismatch: CheckText = {
  reason: 'the value is a list, which cannot be assigned to a number',
  message: 'the value is a %s, which cannot be assigned to a %s',
  args: ['list', 'number'],
}
const inExpression: CheckText = {
  reason: '< cannot order a list and a number (at 1:10)',
  message: '%s cannot order a %s and a %s',
  args: ['<', 'list', 'number'],
  at: '1:10',
}
const nestedRef: CheckText = {
  reason: 'unterminated reference: missing } (write {{ for a literal brace) (at 1:16)',
  message: '%s (write {{ for a literal brace)',
  args: ['unterminated reference: missing }'],
  at: '1:16',
}
const token: CheckText = {
  reason: 'unexpected number 2 after the end of the expression (at 1:3)',
  message: 'unexpected %s after the end of the expression',
  args: ['number 2'],
  at: '1:3',
}

describe('formatMessage', () => {
  it('fills verbs like fmt.Sprintf, quoting %q', () => {
    expect(formatMessage(duplicate.message!, duplicate.args!)).toBe(duplicate.reason)
    expect(formatMessage('%q has "%s" %d%%', ['a"b', 'x', '5'])).toBe('"a\\"b" has "x" 5%')
  })

  it('refuses a template whose placeholders do not match the arguments', () => {
    expect(formatMessage('%s and %s', ['one'])).toBeNull()
    expect(formatMessage('%s', ['one', 'two'])).toBeNull()
  })

  it('lists placeholders in order, not %%', () => {
    expect(placeholders('%q is %d%% of %s')).toEqual(['%q', '%d', '%s'])
  })
})

describe('renderCheckMessage', () => {
  it('keeps the engine text in English', () => {
    for (const issue of [duplicate, longSurvey, inExpression]) expect(renderCheckMessage(issue, 'en')).toBe(issue.reason)
  })

  it('translates the template and keeps values as they are', () => {
    expect(renderCheckMessage(duplicate, 'zh-CN')).toBe('标识 "p1" 已在 pages[0].id 使用')
    expect(renderCheckMessage(longSurvey, 'zh-CN')).toBe('预计作答约 47 秒，超过了上限 1 秒')
  })

  it('translates type and token words only where the template has them', () => {
    expect(renderCheckMessage(typeMismatch, 'zh-CN')).toBe('值的类型是列表，不能赋给数字')
    expect(renderCheckMessage(token, 'zh-CN')).toBe('表达式结束后出现了意外的数字 2（位置 1:3）')
    // An option code spelt like a word stays as written.
    const code: CheckText = { reason: 'level "list" is used twice', message: 'level %q is used twice', args: ['list'] }
    expect(renderCheckMessage(code, 'zh-CN')).toBe('水平 "list" 重复使用')
  })

  it('wraps a problem inside an expression with its position', () => {
    expect(renderCheckMessage(inExpression, 'zh-CN')).toBe('< 无法比较列表和数字的大小（位置 1:10）')
  })

  it('translates a nested reference message', () => {
    expect(renderCheckMessage(nestedRef, 'zh-CN')).toBe('引用未结束：缺少 }（如需输入花括号本身，请写 {{）（位置 1:16）')
  })

  it('recognises an English reason without a template, e.g. from a refused publish', () => {
    expect(renderCheckMessage({ reason: duplicate.reason }, 'zh-CN')).toBe('标识 "p1" 已在 pages[0].id 使用')
    expect(renderCheckMessage({ reason: inExpression.reason }, 'zh-CN')).toBe('< 无法比较列表和数字的大小（位置 1:10）')
    expect(parseMessage('question "q\\"1" has no option "A"')).toEqual({ message: 'question %q has no option %q', args: ['q"1', 'A'] })
  })

  it('recognises every catalogue message it fills in, with tricky values', () => {
    for (const key of Object.keys(checkMessagesZhCN)) {
      for (const value of ['x', 'a "quoted" \\ value', 'has (at 1:2) in it', '']) {
        const args = placeholders(key).map((p) => (p.endsWith('d') ? '42' : p.endsWith('c') ? "'" : value))
        const text = formatMessage(key, args)!
        const parsed = parseMessage(text)
        // Ambiguous texts may match another template, but always one that gives the same text back.
        if (parsed) expect(formatMessage(parsed.message, parsed.args), key).toBe(text)
        else expect(key.replace(/%[a-z]/g, '').length < 4 || key === '%s (at %s)', key).toBe(true)
      }
    }
  })

  it('falls back to the reason for an unknown or inconsistent message', () => {
    expect(renderCheckMessage({ reason: 'something new', message: 'something %s', args: ['new'] }, 'zh-CN')).toBe('something new')
    expect(renderCheckMessage({ reason: 'plain words' }, 'zh-CN')).toBe('plain words')
    expect(renderCheckMessage({ reason: 'r', message: 'id %q is already used at %s', args: ['only one'] }, 'zh-CN')).toBe('r')
  })
})

describe('describeCheckPath', () => {
  const def = {
    format_version: 1,
    title: 't',
    pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'single', options: [{ code: 'A' }], jumps: [{ to: 'end' }] }] }],
  } as unknown as SurveyDefinition

  it('shows ids and Chinese field names', () => {
    expect(describeCheckPath('pages[0].questions[0].options[0].code', def, 'zh-CN')).toBe('p1 › q1 › A › 编码')
    expect(describeCheckPath('pages[0].questions[0].jumps[0].target', def, 'zh-CN')).toBe('p1 › q1 › 跳转 1 › 目标')
    expect(describeCheckPath('', def, 'zh-CN')).toBe('')
  })

  it('is describePath in English', () => {
    expect(describeCheckPath('pages[0].questions[0].jumps[0].target', def, 'en')).toBe('p1 › q1 › jumps[0] › target')
  })
})
