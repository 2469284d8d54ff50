import { useQuery } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { isReplyNetwork, replyLength } from '../../../../shared/replies.js'
import {
  unfilledVariablesMessage,
  type ReplyVariableValues,
} from '../../../../shared/reply-variables.js'
import type { ApprovalRule } from '../../../../shared/approval.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { ReplyView } from '../../../../shared/schemas/replies.js'
import { toApiError } from '../../lib/http.js'
import { displayHandle, network as networkOf } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { useNow } from '../../ui/useNow.js'
import { setWriting } from '../inbox/usePresence.js'
import { CannedPicker } from './CannedPicker.js'
import { DraftStatusText } from './DraftStatusText.js'
import { PromiseSuggestion } from '../promises/PromiseSuggestion.js'
import { usePromiseSuggestion } from '../promises/usePromiseSuggestion.js'
import { NoAccount } from './NoAccount.js'
import { approvalNote } from './approvalNote.js'
import { ReplyCounter } from './ReplyCounter.js'
import { ReplyElsewhere } from './ReplyElsewhere.js'
import { ReplyPreview } from './ReplyPreview.js'
import { replyAccountsKey, repliesApi } from './repliesApi.js'
import { useDraftAutosave } from './useDraftAutosave.js'
import './replies.css'
import './canned.css'

/**
 * The reply to the complaint's author, on their network, under the brand's reply account:
 * counted as that network counts it (the same shared code the server refuses with), previewed
 * as text, sent through the delivery outbox. Without an account to send with, it says so and
 * offers to record a reply made elsewhere.
 */
export function ReplyComposer({
  complaint,
  brandName,
  settingsHref,
  onQueued,
  me,
  replyApproval,
}: {
  complaint: ComplaintView
  /** Fills `{{brand.name}}` in canned responses. */
  brandName: string
  /** Where admins set reply accounts; null for those who cannot. */
  settingsHref: string | null
  onQueued: (reply: ReplyView) => void
  /** The person writing: a promise found in the draft is theirs to keep unless they say. */
  me?: string
  /** The brand's approval rule: the composer says before sending when it holds this reply. */
  replyApproval?: ApprovalRule
}) {
  const id = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const draft = useDraftAutosave(complaint.id, text, setText)
  // Open by Ctrl/Cmd+/ or by a `/` typed into an empty reply (put back if nothing is chosen).
  const [picker, setPicker] = useState<{ bySlash: boolean } | null>(null)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const promise = usePromiseSuggestion(text, me)
  // On a clock: a waiting complaint's priority grows, and may cross the approval threshold.
  const now = useNow(30_000)
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
  const unfilled = unfilledVariablesMessage(text)
  const held = approvalNote(replyApproval, complaint, me, now)
  const canSend = !!account && !!text.trim() && !over && !unfilled && !busy
  const variables: ReplyVariableValues = {
    'author.name': complaint.lead.author.displayName?.trim() || handle,
    'author.handle': handle,
    'brand.name': brandName,
  }

  /** Puts text where the caret was (over the selection), then the caret after it. */
  const insertAtCaret = (inserted: string) => {
    const el = textarea.current
    const start = el?.selectionStart ?? text.length
    const end = el?.selectionEnd ?? text.length
    const next = text.slice(0, start) + inserted + text.slice(end)
    setText(next)
    setError(null)
    setWriting(next.trim() ? 'reply' : null)
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(start + inserted.length, start + inserted.length)
    })
  }
  const closePicker = (refocus: boolean) => {
    // The `/` that opened the picker was typed into an empty reply: nothing chosen, it stays.
    const slashBack = !!picker?.bySlash && !text
    setPicker(null)
    if (slashBack) {
      setText('/')
      setWriting('reply')
    }
    if (refocus)
      requestAnimationFrame(() => {
        const el = textarea.current
        el?.focus()
        el?.setSelectionRange(el.value.length, el.value.length)
      })
  }

  const send = async () => {
    if (!canSend) return
    setBusy(true)
    setError(null)
    try {
      // A draft save landing after the send would bring the sent draft back.
      await draft.settle()
      const reply = await repliesApi.send(complaint.id, text, promise.accepted ?? undefined)
      draft.markSent()
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
          ref={textarea}
          id={`${id}-text`}
          className="input textarea composer-text"
          data-testid="reply-input"
          rows={4}
          value={text}
          aria-invalid={over || !!unfilled || undefined}
          aria-keyshortcuts="Control+/ Meta+/"
          aria-describedby={`${id}-count${account ? ` ${id}-from` : ''}${held ? ` ${id}-held` : ''}`}
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
            const slashFirst = e.key === '/' && !e.currentTarget.value && !e.altKey
            if ((e.key === '/' && (e.metaKey || e.ctrlKey)) || slashFirst) {
              e.preventDefault()
              setPicker({ bySlash: slashFirst && !e.metaKey && !e.ctrlKey })
            }
          }}
        />
        {picker && (
          <CannedPicker
            brandId={complaint.brandId}
            values={variables}
            onInsert={(filled) => {
              setPicker(null)
              insertAtCaret(filled)
            }}
            onClose={closePicker}
          />
        )}
        <div className="composer-tools">
          <Button
            size="sm"
            variant="ghost"
            aria-keyshortcuts="Control+/ Meta+/"
            data-testid="canned-open"
            disabled={!account}
            onClick={() => setPicker({ bySlash: false })}
          >
            Canned responses <kbd>Ctrl /</kbd>
          </Button>
          <DraftStatusText status={draft.status} />
        </div>
        {text.trim() && replyNetwork && <ReplyPreview text={text} network={replyNetwork} />}
        <PromiseSuggestion state={promise} brandId={complaint.brandId} me={me} />
        {held && (
          <p className="muted composer-held" data-testid="reply-approval-note" id={`${id}-held`}>
            {held}
          </p>
        )}
        <div className="composer-foot">
          {limit && <ReplyCounter id={`${id}-count`} length={length} limit={limit} />}
          {account && (
            <span id={`${id}-from`} className="muted composer-from">
              as <bdi>{displayHandle(account.handle)}</bdi>
            </span>
          )}
          <Button type="submit" variant="primary" disabled={!canSend} data-testid="reply-send">
            {busy ? 'Sending…' : held ? 'Send for approval' : 'Send reply'}
          </Button>
        </div>
        {over && limit && (
          <p className="composer-over" role="status" data-testid="reply-over">
            Too long for {net.label}: it allows {limit.max} {limit.unit}. Shorten it to send.
          </p>
        )}
        {unfilled && (
          <p className="composer-over" role="status" data-testid="reply-unfilled">
            {unfilled}
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
