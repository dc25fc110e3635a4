// Image upload for the designer (issue #6 item 2): picking, dropping or
// pasting an image posts it as multipart/form-data and emits its URL;
// refusals are shown in the user's language.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { routeLocationKey } from 'vue-router'
import type { SettingsForm } from '../../composables/useSettingsForm'
import { i18n } from '../../i18n'
import PageSettings from '../surveys/PageSettings.vue'
import ImageUpload from './ImageUpload.vue'
import OptionsEditor, { type Entry } from './OptionsEditor.vue'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function mountUpload(props: Record<string, unknown> = { surveyId: 'S1' }) {
  return mount(ImageUpload, { props, global: { plugins: [i18n] }, attachTo: document.body })
}

async function pick(w: ReturnType<typeof mountUpload>, file: File) {
  const input = w.find('[data-testid="image-upload-input"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

let fetchMock: ReturnType<typeof vi.fn>

beforeEach(() => {
  i18n.global.locale.value = 'en'
  document.cookie = 'opencem_csrf=tok123'
  fetchMock = vi.fn()
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('ImageUpload', () => {
  it('uploads a picked file as the multipart field "file" and emits the URL', async () => {
    fetchMock.mockResolvedValue(answer(201, { data: { id: 'M1', url: '/media/M1', content_type: 'image/png', size: 8, width: 40, height: 30 } }))
    const w = mountUpload()
    await pick(w, new File([PNG], 'photo.jpg', { type: 'image/jpeg' }))

    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/api/v1/surveys/S1/media')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123')
    const sent = (init.body as FormData).get('file') as File
    expect(sent.name).toBe('photo.jpg')
    expect(sent.size).toBe(PNG.length)
    expect(w.emitted('uploaded')).toEqual([['/media/M1']])
    expect(w.find('[data-testid="image-upload-status"]').text()).toBe('Uploaded (40×30)')
  })

  it('shows the refusal in Chinese and emits nothing', async () => {
    i18n.global.locale.value = 'zh-CN'
    fetchMock.mockResolvedValue(answer(415, { error: { code: 'media_type_unsupported', message: 'The file is text/xml' } }))
    const w = mountUpload()
    await pick(w, new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }))
    expect(w.find('[data-testid="image-upload-error"]').text()).toBe('只能上传 PNG、JPEG、GIF 和 WebP 图片（不支持 SVG）。')
    expect(w.emitted('uploaded')).toBeUndefined()
  })

  it("uses the app's wording of other known codes, else the server message", async () => {
    fetchMock.mockResolvedValueOnce(answer(403, { error: { code: 'forbidden', message: 'No permission (surveys.manage).' } }))
    fetchMock.mockResolvedValueOnce(answer(409, { error: { code: 'some_future_code', message: 'Something new went wrong.' } }))
    const w = mountUpload()
    await pick(w, new File([PNG], 'a.png', { type: 'image/png' }))
    expect(w.find('[data-testid="image-upload-error"]').text()).toBe(String(i18n.global.t('errors.forbidden')))
    await pick(w, new File([PNG], 'a.png', { type: 'image/png' }))
    expect(w.find('[data-testid="image-upload-error"]').text()).toBe('Uploading failed: Something new went wrong.')
  })

  it('words a network failure with the app message', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const w = mountUpload()
    await pick(w, new File([PNG], 'a.png', { type: 'image/png' }))
    expect(w.find('[data-testid="image-upload-error"]').text()).toBe(String(i18n.global.t('errors.network_error')))
    expect(w.find('[data-testid="image-upload-error"]').text()).not.toContain('network_error')
  })

  it('refuses a file over 5 MiB without sending it', async () => {
    const w = mountUpload()
    await pick(w, new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' }))
    expect(fetchMock).not.toHaveBeenCalled()
    expect(w.find('[data-testid="image-upload-error"]').text()).toBe('The image is larger than 5 MiB.')
  })

  it('uploads a dropped file and a pasted image', async () => {
    fetchMock.mockImplementation(async () => answer(201, { data: { id: 'M2', url: '/media/M2', content_type: 'image/png', size: 8, width: 1, height: 1 } }))
    const w = mountUpload()
    const box = w.find('[data-testid="image-upload"]')
    const file = new File([PNG], 'drop.png', { type: 'image/png' })
    await box.trigger('drop', { dataTransfer: { files: [file] } })
    await flushPromises()
    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [new File(['hello'], 'note.txt', { type: 'text/plain' }), file] } })
    box.element.dispatchEvent(paste)
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(paste.defaultPrevented).toBe(true)
    expect(w.emitted('uploaded')).toEqual([['/media/M2'], ['/media/M2']])
  })

  it('ignores a paste without an image', async () => {
    const w = mountUpload()
    const paste = new Event('paste', { bubbles: true, cancelable: true })
    Object.defineProperty(paste, 'clipboardData', { value: { files: [] } })
    w.find('[data-testid="image-upload"]').element.dispatchEvent(paste)
    await flushPromises()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(paste.defaultPrevented).toBe(false)
  })

  it('asks to save the survey first when there is no survey id', async () => {
    const w = mountUpload({})
    await pick(w, new File([PNG], 'a.png', { type: 'image/png' }))
    expect(fetchMock).not.toHaveBeenCalled()
    expect(w.find('[data-testid="image-upload-error"]').text()).toBe('Save the survey first, then upload images.')
  })
})

describe('image fields take uploads', () => {
  const uploaded = () => answer(201, { data: { id: 'M9', url: '/media/M9', content_type: 'image/png', size: 8, width: 2, height: 2 } })
  const file = () => new File([PNG], 'a.png', { type: 'image/png' })
  // The designer (/surveys/:id/design) and the settings tab (/surveys/:id) name the survey in the route.
  const route = { provide: { [routeLocationKey as symbol]: { params: { id: 'S1' } } } }

  async function choose(testid: string) {
    const input = document.querySelector(`[data-testid="${testid}"]`) as HTMLInputElement
    Object.defineProperty(input, 'files', { value: [file()], configurable: true })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
  }

  it("sets an option's image", async () => {
    fetchMock.mockResolvedValue(uploaded())
    const w = mount(OptionsEditor, {
      props: { modelValue: [{ code: 'A', label: { 'zh-CN': '甲' } }], locales: ['zh-CN'], testid: 'opts', media: true },
      global: { plugins: [i18n], ...route },
      attachTo: document.body,
    })
    await w.find('[data-testid="opts-more-0"]').trigger('click')
    await choose('opts-image-upload-0-input')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/surveys/S1/media')
    const events = w.emitted('update:modelValue') as Entry[][][]
    expect(events[events.length - 1][0][0].image).toBe('/media/M9')
  })

  it('sets the theme logo', async () => {
    fetchMock.mockResolvedValue(uploaded())
    const form = { mode: 'paged', logo: 'https://old.example/logo.png', color: '', anonymise_ip: false } as SettingsForm
    mount(PageSettings, { props: { errors: {}, modelValue: form }, global: { plugins: [i18n], ...route }, attachTo: document.body })
    await choose('settings-logo-upload-input')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/surveys/S1/media')
    expect(form.logo).toBe('/media/M9')
  })
})
