import type { Component } from 'vue'
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession } from '../composables/useSession'
import { flattenNavItems, NAV_ITEMS, type NavItem } from '../navigation'
import { accessRedirect } from './access'
import { redirectTarget } from './redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** i18n key of the page title. */
    title?: string
    /** The user needs one of these permissions. */
    permissions?: string[]
    /** The menu item to highlight when it is not the route's own name (a detail page). */
    nav?: string
  }
}

const areaRoutes: RouteRecordRaw[] = flattenNavItems(NAV_ITEMS)
  .filter((item) => item.comingSoon)
  .map((item) => ({
    path: item.name,
    name: item.name,
    component: () => import('../views/ComingSoonView.vue'),
    props: { area: item.label },
    meta: { title: item.label, permissions: item.permissions },
  }))

/** The survey pages: the list (the menu's Surveys) and one survey with its tabs. */
const surveyRoutes: RouteRecordRaw[] = [
  {
    path: 'surveys',
    name: 'surveys',
    component: () => import('../views/surveys/SurveysView.vue'),
    meta: { title: 'nav.surveys', permissions: ['surveys.read'] },
  },
  {
    path: 'surveys/:id',
    name: 'survey',
    component: () => import('../views/surveys/SurveyDetailView.vue'),
    props: true,
    meta: { title: 'nav.surveys', permissions: ['surveys.read'], nav: 'surveys' },
  },
  {
    path: 'surveys/:id/design',
    name: 'survey-design',
    component: () => import('../views/surveys/SurveyDesignerView.vue'),
    props: true,
    meta: { title: 'designer.title', permissions: ['surveys.manage'], nav: 'surveys' },
  },
]

const SETTINGS_VIEWS: Record<string, () => Promise<Component>> = {
  users: () => import('../views/settings/UsersView.vue'),
  roles: () => import('../views/settings/RolesView.vue'),
  org: () => import('../views/settings/OrgView.vue'),
  'api-keys': () => import('../views/settings/ApiKeysView.vue'),
  audit: () => import('../views/settings/AuditView.vue'),
  alarms: () => import('../views/settings/AlarmsView.vue'),
}

const settingsRoutes: RouteRecordRaw[] = (NAV_ITEMS.find((item) => item.name === 'settings')?.children ?? []).map(
  (item: NavItem): RouteRecordRaw => ({
    path: `settings/${item.name}`,
    name: item.name,
    component: SETTINGS_VIEWS[item.name],
    meta: { title: item.label, permissions: item.permissions },
  }),
)

const forbidden = () => import('../views/ForbiddenView.vue')

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('../views/ChangePasswordView.vue'),
    meta: { title: 'password.forcedTitle' },
  },
  {
    path: '/',
    component: () => import('../layouts/AppFrame.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/HomeView.vue'), meta: { title: 'nav.home' } },
      ...surveyRoutes,
      ...areaRoutes,
      // The guard sends /settings on to the first page the user may open.
      { path: 'settings', name: 'settings', component: forbidden, meta: { title: 'nav.settings' } },
      ...settingsRoutes,
      { path: 'profile', name: 'profile', component: () => import('../views/ProfileView.vue'), meta: { title: 'profile.title' } },
      { path: 'forbidden', name: 'forbidden', component: forbidden, meta: { title: 'forbidden.title' } },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../views/NotFoundView.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
]

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
  })

  router.beforeEach(async (to) => {
    const session = useSession()
    await session.ensureLoaded()
    if (to.meta.public) return to.name === 'login' && session.signedIn.value ? redirectTarget(to.query.redirect) : true
    const me = session.user.value
    if (!me) return { name: 'login', query: { redirect: to.fullPath } }
    return accessRedirect(to, me)
  })

  return router
}
