import { describe, expect, it } from 'vitest'
import type { Page } from '../api/types'
import { useCursorList } from './useCursorList'

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('useCursorList', () => {
  it('loads a first page, then appends the next by cursor', async () => {
    const calls: (string | undefined)[] = []
    const list = useCursorList<number>(async (cursor) => {
      calls.push(cursor)
      return cursor ? { items: [3], nextCursor: null } : { items: [1, 2], nextCursor: 'c2' }
    })
    await list.reload()
    expect(list.items.value).toEqual([1, 2])
    expect(list.hasMore.value).toBe(true)
    await list.loadMore()
    expect(list.items.value).toEqual([1, 2, 3])
    expect(list.hasMore.value).toBe(false)
    expect(calls).toEqual([undefined, 'c2'])
  })

  it('drops the answer of an outdated request', async () => {
    const slow = deferred<Page<string>>()
    const answers = [slow.promise, Promise.resolve({ items: ['new'], nextCursor: null })]
    const list = useCursorList<string>(() => answers.shift()!)
    const first = list.reload()
    await list.reload()
    slow.resolve({ items: ['old'], nextCursor: 'x' })
    await first
    expect(list.items.value).toEqual(['new'])
    expect(list.loading.value).toBe(false)
  })

  it('keeps the error for the page to show', async () => {
    const list = useCursorList<number>(() => Promise.reject(new Error('down')))
    await list.reload()
    expect(list.error.value).toBeInstanceOf(Error)
    expect(list.loading.value).toBe(false)
  })
})
