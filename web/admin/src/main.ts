import 'element-plus/dist/index.css'
import './styles.css'
import { createApp } from 'vue'
import { onUnauthenticated } from './api'
import App from './App.vue'
import { applyDocumentLocale } from './composables/useLocale'
import { useSession } from './composables/useSession'
import { i18n } from './i18n'
import { createAppRouter } from './router'

const router = createAppRouter()
const session = useSession()

// A call that finds the session gone sends the user back to sign in, then back here.
onUnauthenticated(() => {
  if (!session.signedIn.value) return
  session.forget()
  const current = router.currentRoute.value
  if (!current.meta.public) void router.replace({ name: 'login', query: { redirect: current.fullPath } })
})

applyDocumentLocale()
createApp(App).use(i18n).use(router).mount('#app')
