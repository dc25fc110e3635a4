import { describe, expect, it } from 'vitest'
import { importFormatOf, readFileAsBase64, readFileAsText } from './useFiles'

describe('importFormatOf', () => {
  it.each([
    ['stores.csv', 'csv'],
    ['组织架构.XLSX', 'xlsx'],
    ['tree.xls', null],
    ['csv', null],
  ])('%s → %s', (name, format) => {
    expect(importFormatOf(name)).toBe(format)
  })
})

describe('reading files', () => {
  it('gives the bytes of a file as base64 without the data: prefix', async () => {
    const csv = 'code,name,parent_code\nSH-01,上海南京路店,EAST\n'
    const file = new File([csv], 'stores.csv', { type: 'text/csv' })
    const base64 = await readFileAsBase64(file)
    expect(base64).toBe(Buffer.from(csv, 'utf8').toString('base64'))
    expect(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))).toBe(csv)
  })

  it('keeps binary content (an XLSX is a zip) byte for byte', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x80, 0x7f])
    const base64 = await readFileAsBase64(new Blob([bytes]))
    expect([...Buffer.from(base64, 'base64')]).toEqual([...bytes])
  })

  it('reads an empty file as empty', async () => {
    expect(await readFileAsBase64(new Blob([]))).toBe('')
  })

  it('reads a PEM file as text', async () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n'
    expect(await readFileAsText(new Blob([pem]))).toBe(pem)
  })
})
