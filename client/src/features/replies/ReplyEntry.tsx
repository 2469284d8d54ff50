import type { ReplyView } from '../../../../shared/schemas/replies.js'
import { Link } from '../../ui/Link.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { ReplyReturned } from './ReplyReturned.js'
import { ReplyStatus } from './ReplyStatus.js'

/**
 * A brand reply in the conversation that is not (yet) a post of the thread: queued, sending,
 * refused, or with its outcome unknown. Its text is what the agent wrote, rendered as text.
 */
export function ReplyEntry({
  reply,
  me,
  approvalsHref = null,
  onChanged,
}: {
  reply: ReplyView
  /** Who is signed in: a sent-back reply's writer may edit and resubmit it. */
  me: string
  /** Where this person reviews held replies; null for those who cannot approve. */
  approvalsHref?: string | null
  onChanged: (reply: ReplyView) => void
}) {
  return (
    <li className="post is-reply" data-testid="thread-reply">
      <div className="post-head">
        <span className="post-author">Brand reply</span>
        <span className="post-meta">by {reply.createdBy?.name ?? 'a former user'}</span>
        <RelativeTime iso={reply.createdAt} className="post-meta" />
      </div>
      <p className="post-text" dir="auto">
        {reply.text}
      </p>
      <ReplyStatus reply={reply} onChanged={onChanged} />
      {reply.state === 'awaiting_approval' && approvalsHref && reply.createdBy?.id !== me && (
        <Link className="reply-review-link" to={approvalsHref}>
          Review it in Approvals
        </Link>
      )}
      {reply.state === 'returned' && <ReplyReturned reply={reply} me={me} onChanged={onChanged} />}
    </li>
  )
}
