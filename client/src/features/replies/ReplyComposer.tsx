import { useQuery } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import { isReplyNetwork, replyLength } from '../../../../shared/replies.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { ReplyView } from '../../../../shared/schemas/replies.js'
import { toApiError } from '../../lib/http.js'
import { displayHandle, network as networkOf } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { setWriting } from '../inbox/usePresence.js'
import { PromiseSuggestion } from '../promises/PromiseSuggestion.js'
import { usePromiseSuggestion } from '../promises/usePromiseSuggestion.js'
import { NoAccount } from './NoAccount.js'
import { ReplyCounter } from './ReplyCounter.js'
import { ReplyElsewhere } from './ReplyElsewhere.js'
import { ReplyPreview } from './ReplyPreview.js'
import { replyAccountsKey, repliesApi } from './repliesApi.js'
import './replies.css'

/**
 * The reply to the complaint's author, on their network, under the brand's reply account:
 * counted as that network counts it (the same shared code the server refuses with), previewed
 * as text, sent through the delivery outbox. Without an account to send with, it says so and
 * offers to record a reply made elsewhere.
 */
export function ReplyComposer({
  complaint,
  settingsHref,
  onQueued,
  me,
}: {
  complaint: ComplaintView
  /** Where admins set reply accounts; null for those who cannot. */
  settingsHref: string | null
  onQueued: (reply: ReplyView) => void
  /** The person writing: a promise found in the draft is theirs to keep unless they say. */
  me?: string
}) {
  const id = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const promise = usePromiseSuggestion(text, me)
  const accounts = useQuery({
    queryKey: replyAccountsKey(complaint.brandId),
    queryFn: ({ signal }) => repliesApi.accounts(complaint.brandId, signal),
  })
  useEffect(() => () => setWriting(null), [complaint.id])

  const net = networkOf(complaint.network)
  const handle = displayHandle(complaint.lead.author.handle)
  const header = (
    <p className="reply-to" data-testid="reply-to">
      Replying to <bdi className="reply-to-handle">{handle}</bdi> on {net.label}
    </p>
  )
  const replyNetwork = isReplyNetwork(complaint.network) ? complaint.network : null
  const account = accounts.data?.find((a) => a.network === replyNetwork && a.hasCredentials)

  if (!replyNetwork || (accounts.isSuccess && !account))
    return (
      <section className="composer" aria-labelledby={`${id}-title`} data-testid="reply-composer">
        <h3 id={`${id}-title`}>Reply</h3>
        {header}
        <NoAccount network={net.label} canDeliver={!!replyNetwork} settingsHref={settingsHref} />
        <ReplyElsewhere complaintId={complaint.id} network={net.label} onRecorded={onQueued} />
      </section>
    )

  const length = replyNetwork ? replyLength(replyNetwork, text) : 0
  const limit = account?.limit
  const over = !!limit && length > limit.max
  const canSend = !!account && !!text.trim() && !over && !busy

  const send = async () => {
    if (!canSend) return
    setBusy(true)
    setError(null)
    try {
      const reply = await repliesApi.send(complaint.id, text, promise.accepted ?? undefined)
      setText('')
      promise.reset()
      setWriting(null)
      onQueued(reply)
    } catch (err) {
      // The API's own words: the length and the excess (400), no credentials or a deleted post (409).
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="composer" aria-labelledby={`${id}-title`} data-testid="reply-composer">
      <h3 id={`${id}-title`}>Reply</h3>
      {header}
      <form
        className="composer-form"
        onSubmit={(e) => {
          e.preventDefault()
          void send()
        }}
      >
        <label htmlFor={`${id}-text`} className="visually-hidden">
          Reply to {handle} on {net.label}
        </label>
        <textarea
          id={`${id}-text`}
          className="input textarea composer-text"
          data-testid="reply-input"
          rows={4}
          value={text}
          aria-invalid={over || undefined}
          aria-describedby={`${id}-count${account ? ` ${id}-from` : ''}`}
          placeholder={`Your reply, as ${account?.handle ?? 'the brand'}`}
          disabled={!account}
          onFocus={() => text.trim() && setWriting('reply')}
          onBlur={() => !text.trim() && setWriting(null)}
          onChange={(e) => {
            setText(e.target.value)
            setError(null)
            setWriting(e.target.value.trim() ? 'reply' : null)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit()
          }}
        />
        {text.trim() && replyNetwork && <ReplyPreview text={text} network={replyNetwork} />}
        <PromiseSuggestion state={promise} brandId={complaint.brandId} me={me} />
        <div className="composer-foot">
          {limit && <ReplyCounter id={`${id}-count`} length={length} limit={limit} />}
          {account && (
            <span id={`${id}-from`} className="muted composer-from">
              as <bdi>{displayHandle(account.handle)}</bdi>
            </span>
          )}
          <Button type="submit" variant="primary" disabled={!canSend} data-testid="reply-send">
            {busy ? 'Sending…' : 'Send reply'}
          </Button>
        </div>
        {over && limit && (
          <p className="composer-over" role="status" data-testid="reply-over">
            Too long for {net.label}: it allows {limit.max} {limit.unit}. Shorten it to send.
          </p>
        )}
        <FormError>{error}</FormError>
        {accounts.error && (
          <FormError>
            Could not load the brand's reply accounts: {toApiError(accounts.error).message}
          </FormError>
        )}
      </form>
      <details className="composer-elsewhere">
        <summary>Replied elsewhere?</summary>
        <ReplyElsewhere complaintId={complaint.id} network={net.label} onRecorded={onQueued} />
      </details>
    </section>
  )
}
