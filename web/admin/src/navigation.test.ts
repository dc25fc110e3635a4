import { describe, expect, it } from 'vitest'
import { holdsAny } from './composables/usePermissions'
import { flattenNavItems, NAV_ITEMS, visibleNavItems } from './navigation'

const visibleFor = (held: string[]) => {
  const names = (items: ReturnType<typeof visibleNavItems>): string[] =>
    items.flatMap((item) => [item.name, ...names(item.children ?? [])])
  return names(visibleNavItems(NAV_ITEMS, (wanted) => holdsAny(held, wanted)))
}

describe('visibleNavItems', () => {
  it('shows a user without permissions only the home page', () => {
    expect(visibleFor([])).toEqual(['home'])
  })

  it('shows the settings pages a store viewer may open, and nothing else of settings', () => {
    expect(visibleFor(['users.read', 'org.read'])).toEqual(['home', 'settings', 'users', 'roles', 'org'])
  })

  it('shows security pages to an auditor and alarms to an operator', () => {
    expect(visibleFor(['audit.read'])).toEqual(['home', 'settings', 'audit'])
    expect(visibleFor(['alarms.manage', 'monitoring.read'])).toEqual(['home', 'settings', 'alarms'])
  })

  it('shows an administrator every settings page', () => {
    const admin = ['users.read', 'users.manage', 'roles.manage', 'org.read', 'org.manage', 'keys.manage', 'audit.read', 'alarms.manage']
    expect(visibleFor(admin)).toEqual(['home', 'settings', 'users', 'roles', 'org', 'api-keys', 'audit', 'alarms'])
  })

  it('gates product areas by their read permission', () => {
    expect(visibleFor(['surveys.read', 'tickets.read'])).toEqual(['home', 'surveys', 'tickets'])
  })

  it('never changes the menu definition it filters', () => {
    visibleNavItems(NAV_ITEMS, () => false)
    expect(flattenNavItems(NAV_ITEMS).map((item) => item.name)).toContain('alarms')
  })
})
