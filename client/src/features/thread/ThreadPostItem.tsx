import type { ReplyView } from '../../../../shared/schemas/replies.js'
import type { ThreadPost } from '../../../../shared/schemas/threads.js'
import { compact, displayHandle, network, safeHttpUrl } from '../../lib/format.js'
import { cx } from '../../ui/css.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { ReplyStatus } from '../replies/ReplyStatus.js'

/** One post of the conversation; a brand reply's post carries how it went out. */
export function ThreadPostItem({
  post,
  reply,
  onReplyChanged,
}: {
  post: ThreadPost
  /** The brand's reply this post is, with how it went out. */
  reply: ReplyView | undefined
  onReplyChanged: (reply: ReplyView) => void
}) {
  const href = safeHttpUrl(post.url)
  const net = network(post.network)
  return (
    <li
      className={cx(
        'post',
        post.isLead && 'is-lead',
        post.isDeleted && 'is-deleted',
        reply && 'is-reply',
      )}
      data-testid="thread-post"
    >
      <div className="post-head">
        <bdi className="post-author">
          {post.author.displayName ?? displayHandle(post.author.handle)}
        </bdi>
        {/* Without a display name the handle is already the name: once is enough. */}
        {post.author.displayName && (
          <bdi className="post-handle">{displayHandle(post.author.handle)}</bdi>
        )}
        <span className="post-meta">
          {reply
            ? `Brand reply by ${reply.createdBy?.name ?? 'a former user'}${approvedBy(reply)} · ${net.label}`
            : `${compact(post.author.followers)} followers · ${net.label}`}
        </span>
        <RelativeTime iso={post.postedAt} className="post-meta" />
        {post.isLead && <span className="tag">Ranks the complaint</span>}
        {post.sentiment && (
          <span className={`sentiment sent-${post.sentiment}`}>{post.sentiment}</span>
        )}
      </div>
      <p className="post-text" dir="auto">
        {post.isDeleted ? 'Deleted at the source.' : post.text}
      </p>
      {reply ? (
        <ReplyStatus reply={reply} onChanged={onReplyChanged} />
      ) : (
        href && (
          <a href={href} target="_blank" rel="noopener noreferrer" className="post-link">
            Open original<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        )
      )}
    </li>
  )
}

/** Who let a held reply go, so the thread tells the whole way it went out. */
function approvedBy(reply: ReplyView): string {
  const by = reply.approval.approvedBy
  if (!by) return ''
  return `, approved by ${by.name}${reply.approval.edited ? ' (edited)' : ''}`
}
