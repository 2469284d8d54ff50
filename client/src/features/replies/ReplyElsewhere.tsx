import { useId, useState } from 'react'
import { RecordReplyElsewhereBody, type ReplyView } from '../../../../shared/schemas/replies.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { useForm } from '../../ui/useForm.js'
import { repliesApi } from './repliesApi.js'

/** Records a reply someone made outside Firebreak, by its address; the complaint then waits. */
export function ReplyElsewhere({
  complaintId,
  network,
  onRecorded,
}: {
  complaintId: string
  network: string
  onRecorded: (reply: ReplyView) => void
}) {
  const id = useId()
  const [url, setUrl] = useState('')
  const form = useForm({
    schema: RecordReplyElsewhereBody,
    value: { url: url.trim() },
    fields: ['url'],
    send: (body) => repliesApi.recordElsewhere(complaintId, body.url),
    onSent: (reply) => {
      setUrl('')
      onRecorded(reply)
    },
  })
  const error = form.errors.url ?? form.formError
  return (
    <form className="reply-elsewhere" onSubmit={form.onSubmit} noValidate>
      <label htmlFor={`${id}-url`} className="reply-elsewhere-label">
        Address of the reply made on {network}
      </label>
      <div className="input-row">
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          inputMode="url"
          value={url}
          placeholder="https://…"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="reply-elsewhere-url"
        />
        <Button type="submit" disabled={form.busy || !url.trim()}>
          {form.busy ? 'Recording…' : 'Record reply'}
        </Button>
      </div>
      <div id={`${id}-error`}>
        <FormError>{error}</FormError>
      </div>
    </form>
  )
}
