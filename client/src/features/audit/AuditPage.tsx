import { useMemo } from 'react'
import { AUDIT_ACTIONS, type AuditEventView } from '../../../../shared/schemas/audit.js'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { api, type AuditFilter } from '../../lib/api.js'
import { absoluteTime, clip } from '../../lib/format.js'
import { useLocation } from '../../lib/router.js'
import { usePagedList, useResource } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { FilterBar, filterBy, FilterSelect } from '../../ui/FilterBar.js'
import { CloseIcon } from '../../ui/icons.js'
import { ListCard } from '../../ui/ListCard.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { RefreshButton } from '../../ui/RefreshButton.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { AppShell } from '../shell/AppShell.js'
import { actionLabel, actionTone, ACTION_LABELS } from './actionText.js'
import { auditDiff } from './diff.js'
import '../../ui/TokenInput.css'
import './audit.css'

const SUBJECT_TYPES = ['user', 'brand', 'source']
const AUDIT_COLUMNS = ['Time', 'Actor', 'Action', 'Subject', 'Change', 'IP']

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The filter in the address bar, so a filtered view can be linked to and survives a reload. */
function readFilter(search: URLSearchParams): AuditFilter {
  const action = search.get('action')
  const actorId = search.get('actor')
  return {
    action: (AUDIT_ACTIONS as readonly string[]).includes(action ?? '')
      ? (action as AuditFilter['action'])
      : undefined,
    actorId: actorId && UUID.test(actorId) ? actorId : undefined,
    subjectType: search.get('subject')?.slice(0, 50) || undefined,
    subjectId: search.get('subjectId')?.slice(0, 200) || undefined,
  }
}

/** The audit log: who did what, when, from where, newest first. */
export function AuditPage({ user, brands }: { user: UserView; brands: readonly BrandView[] }) {
  const { search } = useLocation()
  const filter = readFilter(search)
  const list = usePagedList(api.audit, filter)
  const users = useResource((signal) => api.users(signal), 'audit-users').state.data
  const byId = useMemo(() => new Map((users ?? []).map((u) => [u.id, u])), [users])
  // Subjects by name where the console knows them: users by email, brands by name.
  const names = useMemo(() => {
    const map = new Map<string, string>()
    for (const u of users ?? []) map.set(`user:${u.id}`, u.email)
    for (const b of brands) map.set(`brand:${b.id}`, b.name)
    return map
  }, [users, brands])
  const filtered = Object.values(filter).some(Boolean)
  const clear = () => filterBy({ action: null, actor: null, subject: null, subjectId: null })
  // An actor in the address bar that is not a user listed (yet) still shows as the choice made.
  const actors = [
    ...(filter.actorId && !byId.has(filter.actorId) ? [filter.actorId] : []),
    ...(users ?? []).map((u) => u.id),
  ]
  const subjectTypes = [
    ...new Set([...SUBJECT_TYPES, ...(filter.subjectType ? [filter.subjectType] : [])]),
  ]

  return (
    <AppShell user={user}>
      <PageHeader title="Audit log" actions={<RefreshButton onClick={list.reload} />}>
        Every sign-in and every change to users, brands and sources: who, when, from which address.
        Append-only; newest first.
      </PageHeader>

      <FilterBar label="Filter the audit log">
        <FilterSelect
          label="Action"
          value={filter.action}
          all="All actions"
          options={AUDIT_ACTIONS}
          optionLabel={(a) => `${ACTION_LABELS[a]} (${a})`}
          onChange={(action) => filterBy({ action })}
          testId="audit-filter-action"
        />
        <FilterSelect
          label="Actor"
          value={filter.actorId}
          all="Anyone"
          options={actors}
          optionLabel={(id) => byId.get(id)?.email ?? id}
          onChange={(actor) => filterBy({ actor })}
          testId="audit-filter-actor"
        />
        <FilterSelect
          label="Subject type"
          value={filter.subjectType}
          all="Any"
          options={subjectTypes}
          onChange={(subject) => filterBy({ subject, subjectId: null })}
          testId="audit-filter-subject"
        />
        {filter.subjectId && (
          <span className="filter-chip">
            Subject{' '}
            <code>
              {names.get(`${filter.subjectType}:${filter.subjectId}`) ?? clip(filter.subjectId, 40)}
            </code>
            <button
              type="button"
              className="token-remove"
              aria-label="Show every subject"
              onClick={() => filterBy({ subjectId: null })}
            >
              <CloseIcon size={11} />
            </button>
          </span>
        )}
        {filtered && (
          <Button variant="ghost" size="sm" onClick={clear}>
            Clear filters
          </Button>
        )}
      </FilterBar>

      <ListCard
        list={list}
        what="the audit log"
        noun="event"
        columns={AUDIT_COLUMNS}
        className="table-audit"
        stack
        empty={
          <Panel
            title={filtered ? 'No event matches these filters' : 'Nothing recorded yet'}
            actions={filtered ? <Button onClick={clear}>Clear filters</Button> : undefined}
          >
            <p>Sign-ins and administrative changes appear here as they happen.</p>
          </Panel>
        }
      >
        {(event) => <AuditRow key={event.id} event={event} names={names} />}
      </ListCard>
    </AppShell>
  )
}

function AuditRow({ event, names }: { event: AuditEventView; names: ReadonlyMap<string, string> }) {
  const diff = auditDiff(event.before, event.after)
  const subjectName = event.subjectId
    ? names.get(`${event.subjectType}:${event.subjectId}`)
    : undefined
  return (
    <tr data-testid="audit-row" data-action={event.action}>
      <td className="cell-time">
        <span className="time-abs">{absoluteTime(event.createdAt)}</span>
        <RelativeTime iso={event.createdAt} className="time-rel" />
      </td>
      <td className="cell-actor" data-label="Actor">
        {event.actorId ? (
          <button
            type="button"
            className="cell-link"
            title="Show only this actor's events"
            onClick={() => filterBy({ actor: event.actorId })}
          >
            {event.actorEmail ?? clip(event.actorId, 13)}
          </button>
        ) : (
          <span className="muted" title="No signed-in actor: the system, or someone not signed in">
            —
          </span>
        )}
      </td>
      <td data-label="Action">
        <span className={`action action-${actionTone(event.action)}`} title={event.action}>
          {actionLabel(event.action)}
        </span>
      </td>
      <td className="cell-subject" data-label="Subject">
        <span className="subject-type">{event.subjectType}</span>
        {event.subjectId && (
          <button
            type="button"
            className="cell-link subject-id"
            title={`Show only events about ${event.subjectId}`}
            onClick={() => filterBy({ subject: event.subjectType, subjectId: event.subjectId })}
          >
            {subjectName ?? clip(event.subjectId, 24)}
          </button>
        )}
      </td>
      <td className="cell-diff" data-label="Change">
        {diff.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="diff">
            {diff.map((line) => (
              <li key={line.key} className={`diff-${line.kind}`}>
                <span className="diff-key">{line.key}</span>
                {line.listAdded || line.listRemoved ? (
                  <>
                    {line.listRemoved?.map((v) => (
                      <span key={`-${v}`} className="diff-before">
                        −{v}
                      </span>
                    ))}
                    {line.listAdded?.map((v) => (
                      <span key={`+${v}`} className="diff-after">
                        +{v}
                      </span>
                    ))}
                  </>
                ) : (
                  <>
                    {line.before !== undefined && (
                      <span className="diff-before">{line.before}</span>
                    )}
                    {line.before !== undefined && line.after !== undefined && (
                      <span className="diff-arrow" aria-label="changed to">
                        →
                      </span>
                    )}
                    {line.after !== undefined && <span className="diff-after">{line.after}</span>}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="cell-ip" data-label="IP">
        {event.ip ?? <span className="muted">—</span>}
      </td>
    </tr>
  )
}
