import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useTeamEvent } from '../../lib/brandSocket.js'
import { toApiError } from '../../lib/http.js'
import { Link } from '../../ui/Link.js'
import { dueText } from './format.js'
import { PromiseStateBadge, threadHref } from './PromiseItem.js'
import { promisesApi, promisesKey } from './promisesApi.js'
import './promises.css'

/** Every promise made to one person (all their linked accounts), for their author card. */
export function AuthorPromises({
  brand,
  authorIds,
}: {
  brand: { id: string; slug: string }
  authorIds: number[]
}) {
  const list = useQuery({
    queryKey: [...promisesKey(brand.id), { authorIds }],
    queryFn: ({ signal }) => promisesApi.list(brand.id, { authorIds }, signal),
    enabled: authorIds.length > 0,
  })
  const client = useQueryClient()
  const ids = authorIds.join(',')
  // A promise made in this thread's reply (or kept elsewhere) shows at once.
  useTeamEvent(
    'promise.changed',
    useCallback(
      (p) => {
        if (ids.split(',').includes(String(p.author.id)))
          void client.invalidateQueries({ queryKey: promisesKey(brand.id) })
      },
      [client, brand.id, ids],
    ),
  )
  const items = list.data?.data ?? []
  return (
    <>
      <h3 className="subhead">Promises made to them ({list.data ? items.length : '…'})</h3>
      {list.error && <p className="muted">Could not load: {toApiError(list.error).message}</p>}
      {list.data && items.length === 0 && <p className="muted">None yet.</p>}
      {items.length > 0 && (
        <ul className="author-promises" data-testid="author-promises">
          {items.map((p) => (
            <li key={p.id}>
              <PromiseStateBadge promise={p} />
              <bdi>{p.what}</bdi>
              <span className="muted">
                due <time dateTime={p.dueAt}>{dueText(p.dueAt)}</time> · <bdi>{p.owner.name}</bdi> ·{' '}
                <Link to={threadHref(brand.slug, p.complaintId)}>thread</Link>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
