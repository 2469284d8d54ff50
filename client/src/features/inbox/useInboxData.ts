import {
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { InboxFilters, InboxPage } from '../../../../shared/schemas/inbox.js'
import { inView, type InboxView } from '../../../../shared/triage.js'
import { useBrandSocket } from '../../lib/brandSocket.js'
import { onServerEvents, parsePush } from '../../lib/socket.js'
import { inboxApi } from './inboxApi.js'

type PageKey = readonly ['inbox', string, InboxView, InboxFilters]
export const pageKey = (brandId: string, view: InboxView, filters: InboxFilters): PageKey => [
  'inbox',
  brandId,
  view,
  filters,
]
export const countsKey = (brandId: string, filters: InboxFilters) =>
  ['inbox-counts', brandId, filters] as const
export const threadKey = (id: string) => ['thread', id] as const

/** A view's pages, fetched as the list scrolls. */
export function useInboxPages(brandId: string, view: InboxView, filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: pageKey(brandId, view, filters),
    queryFn: ({ pageParam, signal }) => inboxApi.page(brandId, view, filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
}

export function useInboxCounts(brandId: string, filters: InboxFilters) {
  return useQuery({
    queryKey: countsKey(brandId, filters),
    queryFn: ({ signal }) => inboxApi.counts(brandId, filters, signal),
  })
}

/** Filters the console can check on a view it holds; the rest need the server. */
const LOCAL_FILTERS = new Set(['network', 'state', 'owner', 'picked'])

function passesFilters(c: ComplaintView, f: InboxFilters): boolean {
  if (f.network && c.network !== f.network) return false
  if (f.state && c.state !== f.state) return false
  if (f.owner === 'none' && c.assignee) return false
  if (f.owner && f.owner !== 'none' && c.assignee?.id !== f.owner) return false
  if (f.picked === 'yes' && !c.pick) return false
  if (f.picked === 'no' && c.pick) return false
  return true
}

const byRank = (a: ComplaintView, b: ComplaintView) =>
  b.rankKey - a.rankKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Puts a complaint's new view into every cached page of its brand: replaced where it is,
 * removed from views it left, inserted in rank order into views it joined (within the loaded
 * range). A view filtered by what only the server knows (language, sentiment, reach, search)
 * is fetched again instead.
 */
export function applyComplaint(client: QueryClient, c: ComplaintView, me: string): void {
  const now = Date.now()
  const member = {
    state: c.state,
    snoozedUntil: c.snoozedUntil,
    assigneeId: c.assignee?.id ?? null,
    picked: !!c.pick,
  }
  for (const [key, data] of client.getQueriesData<InfiniteData<InboxPage>>({
    queryKey: ['inbox', c.brandId],
  })) {
    if (!data) continue
    const [, , view, filters] = key as unknown as PageKey
    if (Object.keys(filters).some((k) => !LOCAL_FILTERS.has(k))) {
      void client.invalidateQueries({ queryKey: key, exact: true })
      continue
    }
    const belongs = inView(view, member, me, now) && passesFilters(c, filters)
    const rows = data.pages.flatMap((p) => p.data).filter((row) => row.id !== c.id)
    const last = rows.at(-1)
    const more = data.pages.at(-1)?.nextCursor !== null
    if (belongs && (!more || !last || byRank(c, last) <= 0)) rows.push(c)
    rows.sort(byRank)
    // One page holding every loaded row keeps the cursor of the last one fetched.
    const pages = [{ ...data.pages.at(-1)!, data: rows }]
    client.setQueryData(key, { pages, pageParams: [data.pageParams[0]!] })
  }
  client.setQueryData(threadKey(c.id), (old: { complaint: ComplaintView } | undefined) =>
    old ? { ...old, complaint: c } : old,
  )
}

/**
 * Keeps the inbox live: every complaint push updates the cached views, and the counts and the
 * open thread are fetched again (counts at once, then at most every 2 s). After a reconnect everything is
 * fetched again: a lost push costs a fetch.
 */
export function useInboxLive(brandId: string, me: string): void {
  const client = useQueryClient()
  const socket = useBrandSocket()
  const countsDue = useRef<number | null>(null)
  useEffect(() => {
    if (!socket) return
    // The first change refreshes the counts at once; a burst after it, once 2 s later.
    let lastCountsAt = 0
    const refreshCounts = () => {
      if (countsDue.current !== null) return
      const wait = Math.max(0, lastCountsAt + 2000 - Date.now())
      countsDue.current = window.setTimeout(() => {
        countsDue.current = null
        lastCountsAt = Date.now()
        void client.invalidateQueries({ queryKey: ['inbox-counts', brandId] })
      }, wait)
    }
    const off = onServerEvents(socket, (name, payload) => {
      const push = parsePush(name, payload)
      if (!push || push.brandId !== brandId) return
      applyComplaint(client, push.data, me)
      void client.invalidateQueries({ queryKey: threadKey(push.data.id) })
      refreshCounts()
    })
    const onReconnect = () => void client.invalidateQueries({ queryKey: ['inbox'] })
    socket.io.on('reconnect', onReconnect)
    return () => {
      off()
      socket.io.off('reconnect', onReconnect)
      if (countsDue.current !== null) window.clearTimeout(countsDue.current)
      countsDue.current = null
    }
  }, [socket, client, brandId, me])
}
