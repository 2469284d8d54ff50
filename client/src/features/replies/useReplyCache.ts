import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect } from 'react'
import type { ReplyView } from '../../../../shared/schemas/replies.js'
import type { ThreadView } from '../../../../shared/schemas/threads.js'
import { useBrandSocket } from '../../lib/brandSocket.js'
import { onServerEvents, parsePush } from '../../lib/socket.js'
import { threadKey } from '../inbox/useInboxData.js'

const REPLY_EVENTS = new Set([
  'reply.queued',
  'reply.sent',
  'reply.failed',
  'reply.awaiting_approval',
  'reply.approved',
  'reply.returned',
  'reply.discarded',
])

/**
 * Keeps the open thread's replies current. A reply.* push carries the complaint's view, not the
 * reply's, so the thread is fetched again for its replies (and, once sent, its new post); an
 * answer from the API (send, retry, record) goes into the cache at once.
 */
export function useReplyCache(complaintId: string) {
  const client = useQueryClient()
  const socket = useBrandSocket()
  useEffect(() => {
    if (!socket) return
    return onServerEvents(socket, (name, payload) => {
      if (!REPLY_EVENTS.has(name)) return
      const push = parsePush(name, payload)
      if (push?.data.id === complaintId)
        void client.invalidateQueries({ queryKey: threadKey(complaintId) })
    })
  }, [socket, client, complaintId])

  return useCallback(
    (reply: ReplyView) => {
      client.setQueryData<ThreadView>(threadKey(complaintId), (old) =>
        old?.replies
          ? {
              ...old,
              replies: old.replies.some((r) => r.id === reply.id)
                ? old.replies.map((r) => (r.id === reply.id ? reply : r))
                : [...old.replies, reply],
            }
          : old,
      )
      void client.invalidateQueries({ queryKey: threadKey(complaintId) })
    },
    [client, complaintId],
  )
}
