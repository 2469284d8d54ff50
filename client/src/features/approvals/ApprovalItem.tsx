import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { REVIEW_COMMENT_MAX } from '../../../../shared/approval.js'
import { isReplyNetwork, replyLength, REPLY_LIMITS } from '../../../../shared/replies.js'
import type { ApprovalItemView } from '../../../../shared/schemas/approval.js'
import type { ReplyView } from '../../../../shared/schemas/replies.js'
import { displayHandle, network as networkOf, priorityLevel } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { cx } from '../../ui/css.js'
import { FormError } from '../../ui/FormError.js'
import { Link } from '../../ui/Link.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useAction } from '../../ui/useAction.js'
import { dueText } from '../promises/format.js'
import { approvalsApi } from './approvalsApi.js'

type Mode = 'view' | 'edit' | 'return'

/**
 * One reply waiting for approval: what it answers, what it says and who wrote it, with the
 * adviser's three steps. Texts are the network's and the writer's, rendered as text. Keys,
 * while the card has focus: `a` approve, `e` edit, `b` send back (the page moves with j/k).
 */
export function ApprovalItem({
  item,
  me,
  brandSlug,
  onDone,
}: {
  item: ApprovalItemView
  me: string
  /** For the link to the thread in the brand's inbox. */
  brandSlug: string
  /** The step committed (or lost a race): the queue refreshes. */
  onDone: (reply: ReplyView | null) => void
}) {
  const id = useId()
  const { reply, complaint } = item
  const [mode, setMode] = useState<Mode>('view')
  const [text, setText] = useState(reply.text)
  const [comment, setComment] = useState('')
  const action = useAction()
  const field = useRef<HTMLTextAreaElement>(null)
  const own = reply.createdBy?.id === me
  const net = networkOf(complaint.network)
  const level = priorityLevel(complaint.priority)
  const limit = isReplyNetwork(complaint.network) ? REPLY_LIMITS[complaint.network] : null
  const length = isReplyNetwork(complaint.network) ? replyLength(complaint.network, text) : 0

  useEffect(() => {
    if (mode !== 'view') field.current?.focus()
  }, [mode])

  const step = (run: () => Promise<ReplyView>) =>
    void action.run(async () => {
      try {
        onDone(await run())
      } catch (err) {
        // Someone acted first: the queue shows what they did; the message says it.
        if ((err as { code?: string }).code === 'conflict') onDone(null)
        throw err
      }
    })
  const approve = () => step(() => approvalsApi.approve(reply, mode === 'edit' ? text : undefined))
  const sendBack = () => step(() => approvalsApi.sendBack(reply, comment))

  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget || own || action.busy) return
    if (e.key === 'a') {
      e.preventDefault()
      approve()
    } else if (e.key === 'e') {
      e.preventDefault()
      setMode('edit')
    } else if (e.key === 'b') {
      e.preventDefault()
      setMode('return')
    }
  }

  return (
    <article
      className={cx('approval-item', `lvl-${level}`)}
      aria-labelledby={`${id}-title`}
      tabIndex={-1}
      onKeyDown={onKey}
      data-testid="approval-item"
      data-reply-id={reply.id}
    >
      <header className="approval-head">
        <span
          className={cx('approval-prio', `lvl-${level}`)}
          title={`Priority ${complaint.priority.toFixed(1)}`}
        >
          <span className="visually-hidden">Priority </span>
          {Math.round(complaint.priority)}
          <span className="approval-prio-level">{level}</span>
        </span>
        <h2 className="approval-title" id={`${id}-title`}>
          Reply to <bdi>{displayHandle(complaint.handle)}</bdi>{' '}
          <span className="muted">on {net.label}</span>
        </h2>
        <span className="approval-by muted">
          by <bdi className="approval-writer">{reply.createdBy?.name ?? 'a former user'}</bdi>,{' '}
          <RelativeTime iso={reply.createdAt} /> ·{' '}
          <Link to={`/inbox?${new URLSearchParams({ brand: brandSlug, c: complaint.id })}`}>
            Open the thread
          </Link>
        </span>
      </header>
      <div className="approval-quote">
        <span className="approval-caption">
          <bdi>{displayHandle(complaint.handle)}</bdi> wrote
        </span>
        <blockquote className="approval-excerpt" dir="auto" data-testid="approval-excerpt">
          {complaint.excerpt}
        </blockquote>
      </div>
      {mode === 'edit' ? (
        <div className="approval-edit">
          <label htmlFor={`${id}-text`} className="approval-label">
            Edit the reply, then approve it
          </label>
          <textarea
            id={`${id}-text`}
            ref={field}
            className="input textarea"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setMode('view')
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) approve()
            }}
            data-testid="approval-edit-text"
          />
          {limit && (
            <span className={cx('muted approval-count', length > limit.max && 'is-over')}>
              {length} / {limit.max} {limit.unit}
            </span>
          )}
        </div>
      ) : (
        <div className="approval-quote">
          <span className="approval-caption">The reply</span>
          <p className="approval-text" dir="auto" data-testid="approval-text">
            {reply.text}
          </p>
        </div>
      )}
      {item.promise && (
        <p className="approval-promise" data-testid="approval-promise">
          <strong>Tracked promise:</strong> <bdi>{item.promise.what}</bdi> — due{' '}
          <time dateTime={item.promise.dueAt}>{dueText(item.promise.dueAt)}</time> — owner{' '}
          <bdi>{item.promise.owner.name}</bdi>
        </p>
      )}
      {reply.approval.reason && (
        <p className="approval-reason muted">Held because {reply.approval.reason}.</p>
      )}
      {reply.approval.comment && reply.approval.returnedBy && (
        <p className="approval-reason muted">
          Resubmitted after {reply.approval.returnedBy.name} sent it back: “
          <bdi>{reply.approval.comment}</bdi>”
        </p>
      )}
      {mode === 'return' && (
        <div className="approval-edit">
          <label htmlFor={`${id}-comment`} className="approval-label">
            What should {reply.createdBy?.name ?? 'the writer'} change?
          </label>
          <textarea
            id={`${id}-comment`}
            ref={field}
            className="input textarea"
            rows={3}
            maxLength={REVIEW_COMMENT_MAX}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setMode('view')
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && comment.trim()) sendBack()
            }}
            data-testid="approval-comment"
          />
        </div>
      )}
      <FormError>{action.failure?.message}</FormError>
      {own ? (
        <p className="approval-own muted" data-testid="approval-own">
          You wrote this reply: another adviser or an admin approves it.
        </p>
      ) : (
        <div className="approval-actions">
          {mode === 'return' ? (
            <>
              <Button
                variant="primary"
                disabled={action.busy || !comment.trim()}
                onClick={sendBack}
                data-testid="approval-return-confirm"
              >
                {action.busy ? 'Sending back…' : 'Send back'}
              </Button>
              <Button variant="ghost" onClick={() => setMode('view')}>
                Cancel
              </Button>
            </>
          ) : (
            <>
              <Button
                variant="primary"
                disabled={action.busy || (mode === 'edit' && !text.trim())}
                onClick={approve}
                data-testid="approval-approve"
              >
                {action.busy ? 'Approving…' : mode === 'edit' ? 'Approve edited' : 'Approve'}
              </Button>
              {mode === 'edit' ? (
                <Button
                  variant="ghost"
                  onClick={() => {
                    setText(reply.text)
                    setMode('view')
                  }}
                >
                  Cancel edit
                </Button>
              ) : (
                <Button onClick={() => setMode('edit')} data-testid="approval-edit">
                  Edit
                </Button>
              )}
              <Button onClick={() => setMode('return')} data-testid="approval-return">
                Send back
              </Button>
            </>
          )}
        </div>
      )}
    </article>
  )
}
