import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession } from '../composables/useSession'
import { NAV_ITEMS } from '../navigation'
import { redirectTarget } from './redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** i18n key of the page title. */
    title?: string
  }
}

const areaRoutes: RouteRecordRaw[] = NAV_ITEMS.filter((item) => item.comingSoon).map((item) => ({
  path: item.name,
  name: item.name,
  component: () => import('../views/ComingSoonView.vue'),
  props: { area: item.label },
  meta: { title: item.label },
}))

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('../layouts/AppFrame.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/HomeView.vue'), meta: { title: 'nav.home' } },
      ...areaRoutes,
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
    if (!session.signedIn.value) return { name: 'login', query: { redirect: to.fullPath } }
    return true
  })

  return router
}
