import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { PresenceEntry } from '../../../../shared/schemas/presence.js'
import { useNow } from '../../ui/useNow.js'
import { InboxRow } from './InboxRow.js'

const ROW_HEIGHT = 68

/**
 * The view's complaints, virtualised: only the rows in sight (and a few around) are in the
 * DOM, so ten thousand rows scroll as smoothly as ten. Reaching the end loads the next page.
 */
export function InboxList({
  rows,
  activeIndex,
  openId,
  checked,
  presence,
  hasMore,
  loadMore,
  onOpen,
  onCheck,
}: {
  rows: ComplaintView[]
  activeIndex: number
  openId: string | null
  checked: ReadonlySet<string>
  presence: ReadonlyMap<string, PresenceEntry[]>
  hasMore: boolean
  loadMore: () => void
  onOpen: (id: string) => void
  onCheck: (id: string, range: boolean) => void
}) {
  const scroller = useRef<HTMLDivElement>(null)
  const now = useNow(30_000)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser keeps its own state; this component is not compiled
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]!.id,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0
  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - 10) loadMore()
  }, [hasMore, lastIndex, rows.length, loadMore])
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, virtualizer])

  return (
    <div className="inbox-scroller" ref={scroller} data-testid="inbox-list">
      <div className="inbox-canvas" style={{ height: virtualizer.getTotalSize() }} role="list">
        {items.map((item) => {
          const c = rows[item.index]!
          return (
            <div
              key={item.key}
              role="listitem"
              className="inbox-slot"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              <InboxRow
                complaint={c}
                now={now}
                active={item.index === activeIndex}
                open={c.id === openId}
                checked={checked.has(c.id)}
                present={presence.get(c.id) ?? []}
                onOpen={onOpen}
                onCheck={onCheck}
              />
            </div>
          )
        })}
      </div>
    </div>
  )
}
