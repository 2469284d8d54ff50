import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useRef, useState } from 'react'
import { can } from '../../../../shared/roles.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { INBOX_COUNT_CAP } from '../../../../shared/schemas/inbox.js'
import type { PresenceEntry } from '../../../../shared/schemas/presence.js'
import { INBOX_VIEW_TEXT, INBOX_VIEWS, nextState } from '../../../../shared/triage.js'
import { toApiError } from '../../lib/http.js'
import { cx } from '../../ui/css.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import type { ActionRequest } from '../thread/ThreadActions.js'
import { ThreadView } from '../thread/ThreadView.js'
import { BulkBar } from './BulkBar.js'
import { InboxFiltersBar } from './InboxFiltersBar.js'
import { InboxList } from './InboxList.js'
import { goToView, openThread, useInboxUrl } from './inboxUrl.js'
import { Pickers } from './PickerHost.js'
import { ShortcutsDialog } from './ShortcutsDialog.js'
import { countsKey, useInboxCounts, useInboxLive, useInboxPages } from './useInboxData.js'
import { useInboxKeys, type ShortcutKey } from './useInboxKeys.js'
import { useAnnouncePresence, usePresenceEntries } from './usePresence.js'
import { useTriageActions } from './useTriageActions.js'
import '../complaints/network.css'
import '../../ui/badges.css'
import './inbox.css'

/** A count past the server's cap (lower under a search) reads "cap+". */
const countText = (n: number | undefined, cap: number) =>
  n === undefined ? '' : n > cap ? `${cap.toLocaleString()}+` : n.toLocaleString()

/** The triage inbox of one brand: views, filters, the live list, the open thread, the keys. */
export function InboxPage({ user, brand, switcher }: BrandPageProps) {
  const team = can(user.role, 'complaint.owners')
  const views = INBOX_VIEWS.filter((v) => team || (v !== 'mine' && v !== 'unassigned'))
  const { view, filters, open } = useInboxUrl(team ? 'mine' : 'open')
  const pages = useInboxPages(brand.id, view, filters)
  const counts = useInboxCounts(brand.id, filters)
  useInboxLive(brand.id, user.id)
  useAnnouncePresence(open, team)
  const entries = usePresenceEntries()
  const actions = useTriageActions(user.id)
  const client = useQueryClient()
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.data) ?? [], [pages.data])
  const [active, setActive] = useState(-1)
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set())
  const anchor = useRef<string | null>(null)
  const [asking, setAsking] = useState<ActionRequest | null>(null)
  const [help, setHelp] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)

  const presence = useMemo(() => {
    const map = new Map<string, PresenceEntry[]>()
    for (const e of entries) {
      if (!e.complaintId || e.userId === user.id) continue
      map.set(e.complaintId, [...(map.get(e.complaintId) ?? []), e])
    }
    return map
  }, [entries, user.id])

  const onOpen = useCallback(
    (id: string) => {
      setActive(rows.findIndex((r) => r.id === id))
      openThread(id)
    },
    [rows],
  )
  const onCheck = useCallback(
    (id: string, range: boolean) => {
      const from = anchor.current
      anchor.current = id
      const ids = rows.map((r) => r.id)
      setChecked((prev) => {
        const next = new Set(prev)
        if (range && from && ids.includes(from)) {
          const [a, b] = [ids.indexOf(from), ids.indexOf(id)].sort((x, y) => x - y)
          ids.slice(a, b! + 1).forEach((x) => next.add(x))
        } else if (next.has(id)) next.delete(id)
        else next.add(id)
        return next
      })
    },
    [rows, setChecked],
  )
  // A bulk change moved many complaints between views: the lists and counts are fetched at once
  // (pushes would refresh the counts too, but only a moment later).
  const refetchAfterBulk = () => {
    void client.invalidateQueries({ queryKey: ['inbox', brand.id] })
    void client.invalidateQueries({ queryKey: countsKey(brand.id, filters) })
  }
  // Selected rows still in the view: one acted on alone (through its own picker) leaves it.
  const selected = useMemo(() => rows.filter((r) => checked.has(r.id)), [rows, checked])
  const { fetchNextPage, isFetchingNextPage } = pages
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage()
  }, [fetchNextPage, isFetchingNextPage])

  /** The complaint a key acts on: the open thread's, else the selected row's. */
  const target = (): ComplaintView | undefined =>
    rows.find((r) => r.id === open) ?? rows[active] ?? undefined

  useInboxKeys((key: ShortcutKey) => {
    const c = target()
    const move = (by: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, active + by))
      setActive(next)
      if (open && rows[next]) openThread(rows[next].id)
    }
    switch (key) {
      case 'j':
        return move(1)
      case 'k':
        return move(-1)
      case 'Enter':
        if (rows[active]) openThread(rows[active].id)
        return
      case 'Esc':
        if (help) return setHelp(false)
        if (open) return openThread(null)
        return setChecked(new Set())
      case '/':
        return searchRef.current?.focus()
      case '?':
        return setHelp(true)
      case 'n':
        return document.querySelector<HTMLTextAreaElement>('[data-testid="note-input"]')?.focus()
    }
    if (!c || !can(user.role, 'complaint.triage')) return
    if (key === 'e') {
      if (nextState(c.state, 'resolve')) void actions.transition(c, 'resolve')
      else
        actions.setNotice({
          tone: 'error',
          text: `A ${c.state} complaint cannot be resolved.`,
          at: Date.now(),
        })
    }
    if (key === '#' && nextState(c.state, 'dismiss'))
      setAsking({ kind: 'dismiss', complaints: [c] })
    if (key === 'z') setAsking({ kind: 'snooze', complaints: [c] })
    if (key === 'a') {
      if (can(user.role, 'thread.assign')) setAsking({ kind: 'assign', complaints: [c] })
      else if (!c.assignee) void actions.assign(c, user.id, 'Taken')
      else if (c.assignee.id === user.id) void actions.assign(c, null, 'Released')
    }
  })

  return (
    <AppShell user={user} brand={switcher}>
      <div className={cx('inbox', open && 'has-thread')}>
        <nav className="inbox-views" aria-label="Inbox views">
          <ul>
            {views.map((v) => (
              <li key={v}>
                <button
                  type="button"
                  className={cx('inbox-view', v === view && 'is-current')}
                  aria-current={v === view ? 'page' : undefined}
                  onClick={() => goToView(v)}
                  data-testid={`view-${v}`}
                >
                  <span>{INBOX_VIEW_TEXT[v]}</span>
                  <span className="count">
                    {countText(counts.data?.data[v], counts.data?.cap ?? INBOX_COUNT_CAP)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-quiet inbox-help" onClick={() => setHelp(true)}>
            Shortcuts <kbd>?</kbd>
          </button>
        </nav>
        <section className="inbox-center" aria-label={`${INBOX_VIEW_TEXT[view]} complaints`}>
          <InboxFiltersBar
            brandId={brand.id}
            filters={filters}
            me={user.id}
            showOwners={team}
            searchRef={searchRef}
          />
          {selected.length > 0 && (
            <BulkBar
              brandId={brand.id}
              user={user}
              selected={selected}
              onAsk={setAsking}
              onDone={(text) => {
                setChecked(new Set())
                actions.setNotice({ tone: 'ok', text, at: Date.now() })
                refetchAfterBulk()
              }}
            />
          )}
          <p
            className={cx('inbox-notice', actions.notice && `is-${actions.notice.tone}`)}
            role="status"
            aria-live="polite"
            data-testid="inbox-notice"
          >
            {actions.notice?.text}
          </p>
          {pages.isPending && <SkeletonRows />}
          {pages.error && (
            <ErrorPanel
              title="Could not load the inbox"
              error={toApiError(pages.error)}
              onRetry={() => void pages.refetch()}
            />
          )}
          {pages.data && rows.length === 0 && (
            <p className="inbox-empty">
              Nothing in {INBOX_VIEW_TEXT[view]}
              {Object.keys(filters).length ? ' with these filters' : ''}.
            </p>
          )}
          {rows.length > 0 && (
            <InboxList
              rows={rows}
              activeIndex={active}
              openId={open}
              checked={checked}
              presence={presence}
              hasMore={!!pages.hasNextPage}
              loadMore={loadMore}
              onOpen={onOpen}
              onCheck={onCheck}
            />
          )}
        </section>
        {open && (
          <ThreadView
            key={open}
            complaintId={open}
            brandSlug={brand.slug}
            brandName={brand.name}
            replyApproval={brand.replyApproval}
            me={user.id}
            role={user.role}
            presence={presence.get(open) ?? []}
            actions={actions}
            onAsk={setAsking}
            onClose={() => openThread(null)}
          />
        )}
      </div>
      {asking && (
        <Pickers
          request={asking}
          brandId={brand.id}
          user={user}
          actions={actions}
          onDone={(text) => {
            if (asking.complaints.length > 1) {
              setChecked(new Set())
              refetchAfterBulk()
              actions.setNotice({ tone: 'ok', text, at: Date.now() })
            }
          }}
          onClose={() => setAsking(null)}
        />
      )}
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </AppShell>
  )
}
