import {
  Connection,
  DataAnalysis,
  Document,
  HomeFilled,
  Guide,
  Histogram,
  Promotion,
  Setting,
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
}

export const NAV_ITEMS: NavItem[] = [
  { name: 'home', label: 'nav.home', icon: HomeFilled, comingSoon: false },
  { name: 'surveys', label: 'nav.surveys', icon: Document, comingSoon: true },
  { name: 'distribution', label: 'nav.distribution', icon: Promotion, comingSoon: true },
  { name: 'responses', label: 'nav.responses', icon: DataAnalysis, comingSoon: true },
  { name: 'dashboards', label: 'nav.dashboards', icon: Histogram, comingSoon: true },
  { name: 'tickets', label: 'nav.tickets', icon: Connection, comingSoon: true },
  { name: 'journeys', label: 'nav.journeys', icon: Guide, comingSoon: true },
  { name: 'settings', label: 'nav.settings', icon: Setting, comingSoon: true },
]
