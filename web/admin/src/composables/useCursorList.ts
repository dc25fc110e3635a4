import { computed, ref, shallowRef, type Ref } from 'vue'
import type { Page } from '../api/types'

/**
 * A list read page by page with the server's cursor: reload() starts again
 * (e.g. after a filter changed), loadMore() appends the next page. A reply
 * to an outdated request is dropped, so fast typing in a filter cannot show
 * stale rows.
 */
export function useCursorList<T>(fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const items = ref([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let generation = 0

  async function run(cursor: string | undefined, append: boolean): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation) return
      items.value = append ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.nextCursor
    } catch (err) {
      if (mine === generation) error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return {
    items,
    loading,
    error,
    hasMore: computed(() => nextCursor.value !== null),
    reload: () => run(undefined, false),
    loadMore: () => (nextCursor.value ? run(nextCursor.value, true) : Promise.resolve()),
  }
}
