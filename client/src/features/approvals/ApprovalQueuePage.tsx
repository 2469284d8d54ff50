import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useBrandSocket } from '../../lib/brandSocket.js'
import { toApiError } from '../../lib/http.js'
import { onServerEvents } from '../../lib/socket.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { ApprovalItem } from './ApprovalItem.js'
import { APPROVAL_EVENTS, approvalCountKey, approvalsApi, approvalsKey } from './approvalsApi.js'
import './approvals.css'

/**
 * The brand's replies waiting for an adviser, oldest first, kept live: a reply held, approved
 * or sent back on any console refreshes the list (so a second adviser sees an item go).
 */
export function ApprovalQueuePage({ user, brand, switcher }: BrandPageProps) {
  const client = useQueryClient()
  const socket = useBrandSocket()
  const list = useRef<HTMLOListElement>(null)
  const queue = useQuery({
    queryKey: approvalsKey(brand.id),
    queryFn: ({ signal }) => approvalsApi.queue(brand.id, signal),
  })

  // After a step the item goes: focus moves to the one that takes its place, not to the page.
  const [focusAt, setFocusAt] = useState<number | null>(null)
  const refresh = (index: number) => {
    setFocusAt(index)
    void client.invalidateQueries({ queryKey: approvalsKey(brand.id) })
    void client.invalidateQueries({ queryKey: approvalCountKey })
  }
  useEffect(() => {
    if (focusAt === null || !queue.data) return
    const items = list.current?.querySelectorAll<HTMLElement>('.approval-item')
    if (items?.length) items[Math.min(focusAt, items.length - 1)]!.focus()
  }, [queue.data, focusAt])
  useEffect(() => {
    if (!socket) return
    const offEvents = onServerEvents(socket, (name) => {
      if (!APPROVAL_EVENTS.has(name)) return
      void client.invalidateQueries({ queryKey: approvalsKey(brand.id) })
      void client.invalidateQueries({ queryKey: approvalCountKey })
    })
    // A push missed while disconnected costs one fetch.
    const onConnect = () => void client.invalidateQueries({ queryKey: approvalsKey(brand.id) })
    socket.on('connect', onConnect)
    return () => {
      offEvents()
      socket.off('connect', onConnect)
    }
  }, [socket, client, brand.id])

  // j/k (and arrows) move between items; each item takes a/e/b.
  const onKey = (e: KeyboardEvent<HTMLOListElement>) => {
    if (!['j', 'k', 'ArrowDown', 'ArrowUp'].includes(e.key)) return
    const target = e.target as HTMLElement
    if (target.closest('textarea, input, button')) return
    const items = [...(list.current?.querySelectorAll<HTMLElement>('.approval-item') ?? [])]
    if (!items.length) return
    e.preventDefault()
    const at = items.findIndex((el) => el === target)
    const down = e.key === 'j' || e.key === 'ArrowDown'
    const next = at < 0 ? 0 : Math.max(0, Math.min(items.length - 1, at + (down ? 1 : -1)))
    items[next]!.focus()
  }

  const count = queue.data?.length ?? 0
  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader title="Approvals">
        Replies to <strong>{brand.name}</strong>&rsquo;s complainers that wait for an adviser before
        they go out. Approve, edit and approve, or send back with a comment for the writer.
      </PageHeader>
      {queue.isPending && (
        <div aria-busy="true" aria-label="Loading">
          <SkeletonRows />
        </div>
      )}
      {queue.error && (
        <ErrorPanel
          title="Could not load the approval queue"
          error={toApiError(queue.error)}
          onRetry={() => void queue.refetch()}
        />
      )}
      {queue.data && count === 0 && (
        <Panel title="Nothing waits for approval">
          <p data-testid="approvals-empty">
            When the brand&rsquo;s rule holds a reply, it appears here at once.
          </p>
        </Panel>
      )}
      {queue.data && count > 0 && (
        <>
          <p className="approval-summary muted" aria-live="polite" data-testid="approvals-count">
            {count} {count === 1 ? 'reply waits' : 'replies wait'}, oldest first.{' '}
            <span className="approval-keys">
              Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>e</kbd> edit,{' '}
              <kbd>b</kbd> send back.
            </span>
          </p>
          <ol
            className="approval-list"
            ref={list}
            onKeyDown={onKey}
            aria-label="Replies awaiting approval"
          >
            {queue.data.map((item, index) => (
              <li key={item.reply.id}>
                <ApprovalItem
                  item={item}
                  me={user.id}
                  brandSlug={brand.slug}
                  onDone={() => refresh(index)}
                />
              </li>
            ))}
          </ol>
        </>
      )}
    </AppShell>
  )
}
