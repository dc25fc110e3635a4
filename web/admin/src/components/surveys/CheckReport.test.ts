import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { SurveyCheck, SurveyDefinition } from '../../api/surveyTypes'
import { i18n } from '../../i18n'
import FieldIssues from '../designer/FieldIssues.vue'
import IssuesList from '../designer/IssuesList.vue'
import CheckReport from './CheckReport.vue'

// Check messages in the user's language (issue #6 items 4 and 7): the components render the
// engine's template and arguments through useCheckMessage.
const definition = {
  format_version: 1,
  title: 't',
  pages: [{ id: 'p1', questions: [{ id: 'visit', type: 'single', display: '{rating} = 1', options: [{ code: 'A' }] }] }],
} as unknown as SurveyDefinition

const check: SurveyCheck = {
  errors: [
    {
      path: 'pages[0].questions[0].display',
      code: 'forward_ref',
      severity: 'error',
      reason: '{rating} refers to question rating, which comes later and cannot have been answered here',
      message: '%s refers to question %s, which comes %s and cannot have been answered here',
      args: ['{rating}', 'rating', 'later'],
    },
  ],
  warnings: [
    {
      path: 'pages[0].questions[0].display',
      code: 'type_mismatch',
      severity: 'warning',
      reason: 'a condition must give true or false, this gives a number (at 1:1)',
      message: 'a condition must give true or false, this gives a %s',
      args: ['number'],
      at: '1:1',
    },
  ],
  estimated_seconds: 30,
  question_seconds: {},
}

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
})

describe('check messages in the components', () => {
  it('CheckReport shows the element and the reason in Chinese', async () => {
    i18n.global.locale.value = 'zh-CN'
    const wrapper = mount(CheckReport, { props: { check, definition }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises() // the table renders its rows after mounting
    const text = wrapper.text()
    expect(text).toContain('p1 › visit › 显示条件')
    expect(text).toContain('{rating} 引用了题目 rating，该题在之后出现，此时还不可能已作答')
    expect(text).toContain('条件的结果必须是真或假，这里得到的是数字（位置 1:1）')
    expect(text).not.toContain('cannot have been answered')
  })

  it('CheckReport keeps the engine text in English', async () => {
    i18n.global.locale.value = 'en'
    const wrapper = mount(CheckReport, { props: { check, definition }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.text()).toContain(check.errors[0].reason)
    expect(wrapper.text()).toContain('p1 › visit › display')
  })

  it('the designer lists and field messages are translated too', () => {
    i18n.global.locale.value = 'zh-CN'
    const list = mount(IssuesList, { props: { check, definition }, global: { plugins: [i18n] } })
    expect(list.find('[data-testid="designer-issue"]').text()).toBe('p1 › visit › 显示条件{rating} 引用了题目 rating，该题在之后出现，此时还不可能已作答')
    const field = mount(FieldIssues, { props: { issues: check.warnings }, global: { plugins: [i18n] } })
    expect(field.find('[data-testid="designer-field-issue"]').text()).toBe('条件的结果必须是真或假，这里得到的是数字（位置 1:1）')
  })
})
