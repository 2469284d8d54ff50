import type { ApprovalRule } from '../../../../shared/approval.js'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef } from 'react'
import { can, type Role } from '../../../../shared/roles.js'
import type { PresenceEntry } from '../../../../shared/schemas/presence.js'
import type { ThreadView as ThreadData } from '../../../../shared/schemas/threads.js'
import { toApiError } from '../../lib/http.js'
import { useTeamEvent } from '../../lib/brandSocket.js'
import { displayHandle } from '../../lib/format.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { useNow } from '../../ui/useNow.js'
import { ComplainerDetailPanel } from '../complainers/ComplainerDetailPanel.js'
import { ScoreExplanation } from '../complaints/ScoreExplanation.js'
import { inboxApi } from '../inbox/inboxApi.js'
import { StateBadge } from '../inbox/StateBadge.js'
import type { TriageActions } from '../inbox/useTriageActions.js'
import { threadKey } from '../inbox/useInboxData.js'
import { DraftNotice } from '../replies/DraftNotice.js'
import { ReplyComposer } from '../replies/ReplyComposer.js'
import { ReplyEntry } from '../replies/ReplyEntry.js'
import { useReplyCache } from '../replies/useReplyCache.js'
import { PromiseOverdueMark } from '../promises/PromiseOverdueMark.js'
import { OutcomeBadge } from '../sla/OutcomeBadge.js'
import { ResponseTimes } from '../sla/ResponseTimes.js'
import { SlaChip } from '../sla/SlaChip.js'
import { History } from './History.js'
import { ThreadPostItem } from './ThreadPostItem.js'
import { Notes } from './Notes.js'
import { ThreadActions, type ActionRequest } from './ThreadActions.js'
import './thread.css'

/**
 * One complaint, whole: who is on it, its state and owner with the actions the table allows,
 * the conversation in order, the author's card, why it ranks where it does, its history and
 * (for the team) its notes, its replies with their delivery state, and the reply composer.
 */
export function ThreadView({
  complaintId,
  brandSlug,
  brandName,
  replyApproval,
  me,
  role,
  presence,
  actions,
  onAsk,
  onClose,
}: {
  complaintId: string
  brandSlug: string
  brandName: string
  /** The brand's approval rule, for the composer's note before sending. */
  replyApproval?: ApprovalRule
  me: string
  role: Role
  presence: PresenceEntry[]
  actions: TriageActions
  onAsk: (request: ActionRequest) => void
  onClose: () => void
}) {
  const client = useQueryClient()
  const thread = useQuery({
    queryKey: threadKey(complaintId),
    queryFn: ({ signal }) => inboxApi.thread(complaintId, signal),
  })
  // A colleague's note appears as it is added.
  useTeamEvent(
    'note.added',
    useCallback(
      (note) => {
        if (note.complaintId !== complaintId) return
        client.setQueryData<ThreadData>(threadKey(complaintId), (old) =>
          old?.notes && !old.notes.some((n) => n.id === note.id)
            ? { ...old, notes: [...old.notes, note] }
            : old,
        )
      },
      [client, complaintId],
    ),
  )
  const putReply = useReplyCache(complaintId)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [complaintId])
  const others = presence.filter((p) => p.userId !== me)
  const now = useNow(30_000)

  return (
    <aside className="thread" aria-labelledby="thread-title" data-testid="thread">
      <header className="thread-head">
        <h2 id="thread-title" tabIndex={-1} ref={heading}>
          {thread.data ? displayHandle(thread.data.complaint.lead.author.handle) : 'Complaint'}
        </h2>
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </header>
      {others.length > 0 && (
        <p className="thread-presence" data-testid="thread-presence" role="status">
          {others
            .map((p) => `${p.name} is ${p.writing ? `writing a ${p.writing}` : 'viewing'}`)
            .join(' · ')}
        </p>
      )}
      {can(role, 'draft.read') && <DraftNotice complaintId={complaintId} me={me} />}
      {thread.isPending && <SkeletonRows />}
      {thread.error && (
        <ErrorPanel
          title="Could not load the thread"
          error={toApiError(thread.error)}
          onRetry={() => void thread.refetch()}
        />
      )}
      {thread.data && (
        <div className="thread-body">
          <section className="thread-state" aria-label="State and owner">
            <StateBadge complaint={thread.data.complaint} now={now} />
            <SlaChip complaint={thread.data.complaint} now={now} long />
            <PromiseOverdueMark complaint={thread.data.complaint} />
            {thread.data.complaint.assignee !== undefined && (
              <span className="thread-owner" data-testid="thread-owner">
                {thread.data.complaint.assignee
                  ? `Owned by ${thread.data.complaint.assignee.name}`
                  : 'Unassigned'}
              </span>
            )}
            {can(role, 'complaint.triage') && (
              <ThreadActions
                complaint={thread.data.complaint}
                me={me}
                role={role}
                actions={actions}
                onAsk={onAsk}
              />
            )}
          </section>
          <section className="thread-outcome" aria-label="Response times and outcome">
            <ResponseTimes complaint={thread.data.complaint} />
            {thread.data.complaint.outcome && (
              <p className="thread-outcome-line">
                After our reply:{' '}
                <OutcomeBadge outcome={thread.data.complaint.outcome} withFigures />
              </p>
            )}
          </section>
          <section aria-labelledby="conversation-title">
            <h3 id="conversation-title">Conversation ({thread.data.posts.length})</h3>
            <ol className="conversation">
              {thread.data.posts.map((post) => (
                <ThreadPostItem
                  key={post.id}
                  post={post}
                  reply={thread.data.replies?.find((r) => r.postId === post.id)}
                  onReplyChanged={putReply}
                />
              ))}
              {/* Replies that are not posts of the thread yet, newest last. */}
              {thread.data.replies
                ?.filter((r) => r.postId === null)
                .map((r) => (
                  <ReplyEntry
                    key={r.id}
                    reply={r}
                    me={me}
                    approvalsHref={
                      can(role, 'reply.approve')
                        ? `/approvals?brand=${encodeURIComponent(brandSlug)}`
                        : null
                    }
                    onChanged={putReply}
                  />
                ))}
            </ol>
          </section>
          {can(role, 'reply.send') && (
            <ReplyComposer
              complaint={thread.data.complaint}
              brandName={brandName}
              settingsHref={
                can(role, 'reply_account.manage')
                  ? `/admin/brand?brand=${encodeURIComponent(brandSlug)}#reply-accounts`
                  : null
              }
              onQueued={putReply}
              me={me}
              replyApproval={replyApproval}
            />
          )}
          {thread.data.notes && (
            <Notes
              complaintId={complaintId}
              brandId={thread.data.complaint.brandId}
              notes={thread.data.notes}
              writers={others.filter((p) => p.writing)}
              onAdded={() => void client.invalidateQueries({ queryKey: threadKey(complaintId) })}
            />
          )}
          <section aria-labelledby="why-title">
            <h3 id="why-title">Why this priority</h3>
            <ScoreExplanation complaint={thread.data.complaint} id={`why-${complaintId}`} />
          </section>
          {thread.data.author && (
            <section aria-labelledby="author-title" className="thread-author">
              <h3 id="author-title">The author</h3>
              <ComplainerDetailPanel
                detail={thread.data.author}
                canLink={can(role, 'complainer.link')}
                onChanged={() => void thread.refetch()}
                promisesOf={
                  can(role, 'promise.read')
                    ? { id: thread.data.complaint.brandId, slug: brandSlug }
                    : undefined
                }
              />
            </section>
          )}
          <History entries={thread.data.history} />
        </div>
      )}
    </aside>
  )
}
