import { describe, expect, it } from 'vitest'
import type { Permission } from '../api/identity'
import { messages } from '../i18n'
import { groupPermissions, permissionKey } from './usePermissionCatalogue'

// The server's catalogue (GET /permissions) at the time of writing.
const CATALOGUE: Permission[] = [
  ['system.admin', 'system'],
  ['users.read', 'system'],
  ['users.manage', 'system'],
  ['roles.manage', 'system'],
  ['org.read', 'system'],
  ['org.manage', 'system'],
  ['keys.manage', 'system'],
  ['audit.read', 'security'],
  ['alarms.manage', 'security'],
  ['data.all', 'security'],
  ['monitoring.read', 'operations'],
  ['jobs.manage', 'operations'],
  ['integrations.manage', 'operations'],
  ['surveys.read', 'surveys'],
  ['surveys.manage', 'surveys'],
  ['surveys.publish', 'surveys'],
  ['distribution.manage', 'surveys'],
  ['responses.read', 'data'],
  ['responses.manage', 'data'],
  ['responses.export', 'data'],
  ['analysis.read', 'data'],
  ['dashboards.read', 'data'],
  ['dashboards.manage', 'data'],
  ['tickets.read', 'tickets'],
  ['tickets.manage', 'tickets'],
  ['journeys.read', 'journeys'],
  ['journeys.manage', 'journeys'],
  ['shared.read', 'data'],
].map(([id, group]) => ({ id, group, description: `${id} (server words)` }))

describe('groupPermissions', () => {
  it('groups in a fixed order, keeping catalogue order inside a group', () => {
    const groups = groupPermissions(CATALOGUE)
    expect(groups.map((g) => g.group)).toEqual(['system', 'security', 'operations', 'surveys', 'data', 'tickets', 'journeys'])
    expect(groups[4].permissions.map((p) => p.id)).toEqual([
      'responses.read',
      'responses.manage',
      'responses.export',
      'analysis.read',
      'dashboards.read',
      'dashboards.manage',
      'shared.read',
    ])
  })

  it('offers only the given permissions, dropping empty groups', () => {
    const groups = groupPermissions(CATALOGUE, ['org.read', 'users.read', 'audit.read'])
    expect(groups).toEqual([
      { group: 'system', permissions: [CATALOGUE[1], CATALOGUE[4]] },
      { group: 'security', permissions: [CATALOGUE[7]] },
    ])
  })

  it('puts groups it does not know last, alphabetically', () => {
    const extra = [
      { id: 'z.one', group: 'zeta', description: '' },
      { id: 'a.one', group: 'alpha', description: '' },
    ]
    expect(groupPermissions([...extra, CATALOGUE[0]]).map((g) => g.group)).toEqual(['system', 'alpha', 'zeta'])
  })
})

describe('permission words', () => {
  it('has a name for every catalogue permission and group in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const tree = messages[locale] as unknown as { permissions: { items: Record<string, string>; groups: Record<string, string> } }
      for (const p of CATALOGUE) {
        expect(tree.permissions.items[permissionKey(p.id).split('.').pop()!], `${locale} ${p.id}`).toBeTruthy()
        expect(tree.permissions.groups[p.group], `${locale} group ${p.group}`).toBeTruthy()
      }
    }
  })
})
