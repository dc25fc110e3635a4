import { describe, expect, it } from 'vitest'
import type { OrgUnit } from '../api/identity'
import { buildUnitTree, movePayload } from './useOrgTree'

function unit(id: string, code: string, parent: string | null): OrgUnit {
  return {
    id,
    code,
    name: `unit ${code}`,
    parent_id: parent,
    parent_code: '',
    path: '',
    depth: 0,
    child_count: 0,
    member_count: 0,
    created_at: '',
    updated_at: '',
  }
}

const hq = unit('hq', 'HQ', null)
const east = unit('east', 'EAST', 'hq')
const storeB = unit('b', 'HZ-01', 'east')
const storeA = unit('a', 'SH-01', 'east')

describe('buildUnitTree', () => {
  it('nests units under their parents, siblings by code', () => {
    const tree = buildUnitTree([hq, east, storeA, storeB])
    expect(tree.map((n) => n.id)).toEqual(['hq'])
    expect(tree[0].children[0].children.map((n) => n.unit.code)).toEqual(['HZ-01', 'SH-01'])
    expect(tree[0].children[0].label).toBe('unit EAST')
  })

  it('makes a unit whose parent is outside my scope a root', () => {
    const tree = buildUnitTree([storeA])
    expect(tree.map((n) => n.id)).toEqual(['a'])
    expect(tree[0].children).toEqual([])
  })

  it('accepts children listed before their parents', () => {
    expect(buildUnitTree([storeA, east, hq])[0].children[0].children[0].id).toBe('a')
  })
})

describe('movePayload', () => {
  it('moves into the unit dropped on', () => {
    expect(movePayload(storeA, hq, 'inner')).toEqual({ parent_id: 'hq' })
  })

  it('moves beside the unit dropped next to, i.e. under its parent', () => {
    expect(movePayload(storeA, unit('w', 'WEST', 'hq'), 'before')).toEqual({ parent_id: 'hq' })
    expect(movePayload(storeA, hq, 'after')).toEqual({ parent_id: '' })
  })

  it('sends nothing when the parent would stay the same', () => {
    expect(movePayload(storeA, storeB, 'after')).toBeNull()
    expect(movePayload(storeA, east, 'inner')).toBeNull()
    expect(movePayload(hq, unit('x', 'X', null), 'before')).toBeNull()
  })

  it('sends nothing for a drop onto itself', () => {
    expect(movePayload(east, east, 'inner')).toBeNull()
    expect(movePayload(east, storeA, 'before')).toBeNull()
  })

  it('leaves refusing a move into a descendant to the server', () => {
    // el-tree does not offer it, but a cycle is the server's to refuse (org_unit_cycle).
    expect(movePayload(hq, storeA, 'inner')).toEqual({ parent_id: 'a' })
  })
})
