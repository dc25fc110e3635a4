import {
  Bell,
  Connection,
  DataAnalysis,
  Document,
  Guide,
  Histogram,
  HomeFilled,
  Key,
  List,
  OfficeBuilding,
  Promotion,
  Setting,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'

/** One product area in the left navigation. */
export interface NavItem {
  /** Route name and path segment. */
  name: string
  /** i18n key of the label. */
  label: string
  icon: Component
  /** Not built yet: the route shows the "coming soon" page. */
  comingSoon: boolean
  /** Shown only to users holding at least one of these permissions (none: everyone). */
  permissions?: string[]
  /** Sub-pages, shown as a sub-menu; the area itself shows when any child does. */
  children?: NavItem[]
}

/** The Settings area: identity and access, each page behind the permission its list needs. */
export const SETTINGS_ITEMS: NavItem[] = [
  { name: 'users', label: 'nav.users', icon: User, comingSoon: false, permissions: ['users.read'] },
  { name: 'roles', label: 'nav.roles', icon: UserFilled, comingSoon: false, permissions: ['users.read'] },
  { name: 'org', label: 'nav.org', icon: OfficeBuilding, comingSoon: false, permissions: ['org.read'] },
  { name: 'api-keys', label: 'nav.apiKeys', icon: Key, comingSoon: false, permissions: ['keys.manage'] },
  { name: 'audit', label: 'nav.audit', icon: List, comingSoon: false, permissions: ['audit.read'] },
  { name: 'alarms', label: 'nav.alarms', icon: Bell, comingSoon: false, permissions: ['alarms.manage'] },
]

export const NAV_ITEMS: NavItem[] = [
  { name: 'home', label: 'nav.home', icon: HomeFilled, comingSoon: false },
  { name: 'surveys', label: 'nav.surveys', icon: Document, comingSoon: false, permissions: ['surveys.read'] },
  { name: 'distribution', label: 'nav.distribution', icon: Promotion, comingSoon: true, permissions: ['distribution.manage'] },
  { name: 'responses', label: 'nav.responses', icon: DataAnalysis, comingSoon: true, permissions: ['responses.read'] },
  { name: 'dashboards', label: 'nav.dashboards', icon: Histogram, comingSoon: true, permissions: ['dashboards.read'] },
  { name: 'tickets', label: 'nav.tickets', icon: Connection, comingSoon: true, permissions: ['tickets.read'] },
  { name: 'journeys', label: 'nav.journeys', icon: Guide, comingSoon: true, permissions: ['journeys.read'] },
  { name: 'settings', label: 'nav.settings', icon: Setting, comingSoon: false, children: SETTINGS_ITEMS },
]

/**
 * The items a user with the given permission check may use: an item needs
 * one of its permissions; an item with children shows only its visible
 * children and disappears when none is left.
 */
export function visibleNavItems(items: NavItem[], canAny: (permissions?: string[]) => boolean): NavItem[] {
  const out: NavItem[] = []
  for (const item of items) {
    if (!canAny(item.permissions)) continue
    if (item.children) {
      const children = visibleNavItems(item.children, canAny)
      if (children.length > 0) out.push({ ...item, children })
    } else {
      out.push(item)
    }
  }
  return out
}

/** Every item, children included, in menu order. */
export function flattenNavItems(items: NavItem[]): NavItem[] {
  return items.flatMap((item) => (item.children ? [item, ...flattenNavItems(item.children)] : [item]))
}
