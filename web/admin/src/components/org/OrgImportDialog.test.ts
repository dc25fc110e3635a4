import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import OrgImportDialog from './OrgImportDialog.vue'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const $ = (testId: string) => document.querySelector(`[data-testid="${testId}"]`) as HTMLElement

async function chooseFile(file: File) {
  const input = $('org-import-file') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

/** Clicks Import and waits until the dialog shows the server's answer. */
async function importAndWait(expected: string) {
  $('org-import-submit').click()
  await vi.waitFor(() => expect(document.querySelector(expected)).not.toBeNull(), { timeout: 10_000 })
}

const fetch = vi.fn()
const CSV = 'code,name,parent_code\nSH-01,上海南京路店,EAST\n'

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  fetch.mockReset()
  vi.stubGlobal('fetch', fetch)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function mountDialog() {
  const wrapper = mount(OrgImportDialog, { props: { modelValue: true }, global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('OrgImportDialog', () => {
  it('sends the file as base64 in the format its name says, and shows what was done', async () => {
    fetch.mockResolvedValue(json(200, { data: { created: 1, updated: 0, moved: 0, unchanged: 3 } }))
    const wrapper = await mountDialog()
    await chooseFile(new File([CSV], 'stores.csv'))
    expect($('org-import-filename').textContent).toBe('stores.csv')
    await importAndWait('[data-testid="org-import-result"]')

    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/org/units/import')
    expect(JSON.parse(init.body)).toEqual({ format: 'csv', content: Buffer.from(CSV).toString('base64') })
    expect($('org-import-result').textContent).toContain('3')
    expect(wrapper.emitted('imported')?.[0]).toEqual([{ created: 1, updated: 0, moved: 0, unchanged: 3 }])
  })

  it('lists every refused row of an invalid file', async () => {
    fetch.mockResolvedValue(
      json(400, {
        error: {
          code: 'org_import_invalid',
          message: 'The file has errors; nothing was imported.',
          fields: [
            { name: 'row 3', reason: 'parent_code NOPE not found' },
            { name: 'row 2', reason: 'name required' },
          ],
          request_id: 'r1',
        },
      }),
    )
    const wrapper = await mountDialog()
    await chooseFile(new File([new Uint8Array([0x50, 0x4b, 3, 4])], '组织.xlsx'))
    await importAndWait('[data-testid="org-import-rows"] .el-table__row')

    expect(JSON.parse(fetch.mock.calls[0][1].body).format).toBe('xlsx')
    expect($('org-import-error').textContent).toContain('文件有错误，未导入任何内容')
    const rows = [...document.querySelectorAll('[data-testid="org-import-rows"] .el-table__row')].map((r) => r.textContent)
    expect(rows).toEqual(['2name required', '3parent_code NOPE not found'])
    expect(wrapper.emitted('imported')).toBeUndefined()
  })
})
