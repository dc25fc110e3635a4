// Image upload in the designer (issue #6 item 2): a researcher uploads a
// PNG for a hotspot question from the file picker; the server stores it,
// the image URL field takes /media/{id}, the hotspot editor shows the
// picture, and the address serves the bytes publicly as image/png.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { crc32, deflateSync } from 'node:zlib'
import { screenshot } from './lib/browser.mjs'
import { panel, saved, selectQuestion } from './lib/designer.mjs'
import { adminClient } from './lib/respondent.mjs'
import { startAdminSession, stopAdminSession } from './lib/session.mjs'
import { byTestId, openAdmin } from './lib/ui.mjs'

let s
let api
let origin

before(async () => {
  s = await startAdminSession()
  origin = new URL(s.server.adminUrl).origin
  api = await adminClient(origin, s.server.username, s.server.password)
})

after(() => stopAdminSession(s, 'media'))

/** A w×h RGB PNG: left half blue, right half orange. */
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  const rows = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3) // filter byte 0, then pixels
    for (let x = 0; x < w; x++) row.set(x < w / 2 ? [0x33, 0x66, 0xcc] : [0xff, 0x99, 0x33], 1 + x * 3)
    rows.push(row)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

test('a researcher uploads a PNG for a hotspot question and sees it in the hotspot editor', async () => {
  const page = s.admin
  page.setDefaultTimeout(15_000)
  const created = await api('POST', '/api/v1/surveys', { title: '图片上传' })
  await openAdmin(page, s.server.adminUrl, `surveys/${created.id}/design`)
  await page.locator(byTestId('designer-outline')).waitFor()
  await page.click(byTestId('designer-palette-hotspot'))
  await page.locator(byTestId('designer-question-q1')).waitFor()
  await selectQuestion(page, 'q1')

  // The file claims to be a JPEG; the server goes by the bytes.
  const bytes = png(64, 48)
  await panel(page).locator(byTestId('designer-t-image-upload-input')).setInputFiles({ name: 'shelf.jpg', mimeType: 'image/jpeg', buffer: bytes })
  await panel(page).locator(byTestId('designer-t-image-upload-status')).filter({ hasText: '64×48' }).waitFor()
  const field = panel(page).locator(byTestId('designer-t-image'))
  await page.waitForFunction((el) => /^\/media\/[0-9A-Z]{26}$/.test(el.value), await field.elementHandle())
  const url = await field.inputValue()

  // The hotspot editor loads the uploaded picture at its real size.
  const image = panel(page).locator(byTestId('designer-hotspot-image'))
  await image.waitFor()
  assert.equal(await image.getAttribute('src'), url)
  await page.waitForFunction((el) => el.complete && el.naturalWidth === 64 && el.naturalHeight === 48, await image.elementHandle())
  await screenshot(page, 'm01-hotspot-uploaded')

  // The draft keeps the URL, and anyone can load the image from it.
  await saved(page, true)
  const draft = (await api('GET', `/api/v1/surveys/${created.id}`)).draft
  assert.equal(draft.pages[0].questions[0].image, url)
  const res = await fetch(new URL(url, origin))
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'image/png')
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes)
})
