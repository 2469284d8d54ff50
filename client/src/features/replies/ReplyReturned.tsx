import { useId, useState } from 'react'
import type { ReplyView } from '../../../../shared/schemas/replies.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useAction } from '../../ui/useAction.js'
import { approvalsApi } from '../approvals/approvalsApi.js'

/**
 * A reply an adviser sent back: their comment (as text), and for its writer the reply to edit
 * and submit again, when the brand's rule decides afresh whether it waits for approval, or to
 * discard (it then never goes out).
 */
export function ReplyReturned({
  reply,
  me,
  onChanged,
}: {
  reply: ReplyView
  me: string
  onChanged: (reply: ReplyView) => void
}) {
  const id = useId()
  const [text, setText] = useState(reply.text)
  const submit = useAction()
  const mine = reply.createdBy?.id === me
  const { returnedBy, returnedAt, comment } = reply.approval
  return (
    <div className="reply-sent-back" data-testid="reply-returned">
      <p className="reply-review">
        <span className="reply-review-by">
          {returnedBy?.name ?? 'An adviser'} sent it back
          {returnedAt && (
            <>
              {' '}
              <RelativeTime iso={returnedAt} className="muted" />
            </>
          )}
          :
        </span>{' '}
        <span className="reply-review-comment" dir="auto" data-testid="reply-review-comment">
          {comment}
        </span>
      </p>
      {mine && (
        <form
          className="reply-resubmit"
          onSubmit={(e) => {
            e.preventDefault()
            void submit.run(async () => onChanged(await approvalsApi.resubmit(reply, text)))
          }}
        >
          <label htmlFor={`${id}-text`} className="visually-hidden">
            Your reply, edited
          </label>
          <textarea
            id={`${id}-text`}
            className="input textarea"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="reply-resubmit-text"
          />
          <FormError>{submit.failure?.message}</FormError>
          <div className="reply-resubmit-actions">
            <Button
              type="submit"
              size="sm"
              variant="primary"
              disabled={submit.busy || !text.trim()}
              data-testid="reply-resubmit"
            >
              {submit.busy ? 'Submitting…' : 'Submit again'}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={submit.busy}
              data-testid="reply-discard"
              onClick={() =>
                void submit.run(async () => onChanged(await approvalsApi.discard(reply)))
              }
            >
              Discard
            </Button>
          </div>
        </form>
      )}
    </div>
  )
}
