import { describe, expect, it } from 'vitest'
import { importRowErrors } from './useOrgImport'

describe('importRowErrors', () => {
  it('reads the row number of each refused row and sorts by it', () => {
    expect(
      importRowErrors([
        { name: 'row 12', reason: 'parent_code NOPE not found' },
        { name: 'row 4', reason: 'name required' },
        { name: 'row 4', reason: 'code taken twice' },
      ]),
    ).toEqual([
      { row: 4, reason: 'name required' },
      { row: 4, reason: 'code taken twice' },
      { row: 12, reason: 'parent_code NOPE not found' },
    ])
  })

  it('keeps problems that name no row, with their field, first', () => {
    expect(importRowErrors([{ name: 'row 2', reason: 'x' }, { name: 'header', reason: 'code column missing' }])).toEqual([
      { row: null, reason: 'header: code column missing' },
      { row: 2, reason: 'x' },
    ])
  })
})
