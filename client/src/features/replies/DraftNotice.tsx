import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { DraftSummary } from '../../../../shared/schemas/drafts.js'
import { useTeamEvent } from '../../lib/brandSocket.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { draftersKey, draftsApi } from './cannedApi.js'

/**
 * "Draft by Ana, 2 min ago": colleagues with an unsent reply on this complaint, kept live by
 * the team's `draft.changed` pushes (saved, or gone once sent or emptied). Names only, never
 * their text. One's own draft is in one's composer, not here.
 */
export function DraftNotice({ complaintId, me }: { complaintId: string; me: string }) {
  const client = useQueryClient()
  const drafters = useQuery({
    queryKey: draftersKey(complaintId),
    queryFn: ({ signal }) => draftsApi.drafters(complaintId, signal),
  })
  useTeamEvent(
    'draft.changed',
    useCallback(
      (change) => {
        if (change.complaintId !== complaintId) return
        client.setQueryData<DraftSummary[]>(draftersKey(complaintId), (old = []) => {
          const rest = old.filter((d) => d.author.id !== change.author.id)
          return change.updatedAt
            ? [...rest, { complaintId, author: change.author, updatedAt: change.updatedAt }]
            : rest
        })
      },
      [client, complaintId],
    ),
  )
  const others = (drafters.data ?? []).filter((d) => d.author.id !== me)
  if (!others.length) return null
  return (
    <p className="thread-drafts" data-testid="thread-drafts" role="status">
      {others.map((d, i) => (
        <span key={d.author.id}>
          {i > 0 && ' · '}
          Draft by <bdi>{d.author.name}</bdi>, <RelativeTime iso={d.updatedAt} />
        </span>
      ))}
    </p>
  )
}
