import { mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import { i18n } from '../i18n'
import { baseFieldName, splitFieldErrors, useFormErrors } from './useFormErrors'

describe('splitFieldErrors', () => {
  it('puts reasons next to the form fields they name', () => {
    const { byField, other } = splitFieldErrors(
      [
        { name: 'username', reason: 'taken' },
        { name: 'name', reason: '1–100 characters' },
      ],
      ['username', 'name', 'email'],
    )
    expect(byField).toEqual({ username: 'taken', name: '1–100 characters' })
    expect(other).toEqual([])
  })

  it('maps indexed and nested names to their form field and joins several reasons', () => {
    const { byField } = splitFieldErrors(
      [
        { name: 'cidrs[1]', reason: '"x" is not an address' },
        { name: 'cidrs[3]', reason: '"y" is not an address' },
      ],
      ['cidrs'],
    )
    expect(byField.cidrs).toBe('"x" is not an address; "y" is not an address')
    expect(baseFieldName('settings.smtp.host')).toBe('settings')
  })

  it('keeps the fields a form does not show, for its banner', () => {
    const { byField, other } = splitFieldErrors([{ name: 'row 7', reason: 'name required' }], ['code', 'name'])
    expect(byField).toEqual({})
    expect(other).toEqual([{ name: 'row 7', reason: 'name required' }])
  })

  it('translates reasons it has words for', () => {
    const { byField } = splitFieldErrors([{ name: 'name', reason: 'required' }], ['name'], (r) => `«${r}»`)
    expect(byField.name).toBe('«required»')
  })
})

describe('useFormErrors', () => {
  function withForm(known: string[]) {
    let errors!: ReturnType<typeof useFormErrors>
    mount(
      defineComponent({
        setup() {
          errors = useFormErrors(known)
          return () => h('div')
        },
      }),
      { global: { plugins: [i18n] } },
    )
    return errors
  }

  it('shows the envelope message and marks the named fields', () => {
    i18n.global.locale.value = 'zh-CN'
    const errors = withForm(['username', 'name'])
    errors.capture(
      new ApiError(400, 'validation_failed', 'Some fields are invalid.', [
        { name: 'username', reason: 'required' },
        { name: 'unit_ids', reason: 'outside your scope' },
      ]),
    )
    expect(errors.fields.value).toEqual({ username: '此项为必填项' })
    expect(errors.message.value).toBe('请检查标出的字段。 unit_ids: outside your scope')
    errors.clear()
    expect(errors.message.value).toBe('')
    expect(errors.fields.value).toEqual({})
  })

  it('words a known error code in the current language', () => {
    const errors = withForm(['code'])
    errors.capture(new ApiError(409, 'org_unit_code_taken', 'taken', [], 'r1'))
    expect(errors.message.value).toBe('已有组织单元使用这个编码。')
  })
})
