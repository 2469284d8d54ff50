import { useId, useState } from 'react'
import { PROMISE_STATE_TEXT } from '../../../../shared/promises.js'
import type { PromiseView } from '../../../../shared/schemas/promises.js'
import { displayHandle, network, safeHttpUrl } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { Link } from '../../ui/Link.js'
import { useAction } from '../../ui/useAction.js'
import { dueDistance, dueText } from './format.js'
import { promisesApi } from './promisesApi.js'

/** A promise's state as a pill. */
export function PromiseStateBadge({ promise }: { promise: Pick<PromiseView, 'state'> }) {
  return (
    <span className={`promise-state promise-state-${promise.state}`} data-testid="promise-state">
      {PROMISE_STATE_TEXT[promise.state]}
    </span>
  )
}

/** The thread a promise was made in, in its brand's inbox. */
export const threadHref = (brandSlug: string, complaintId: string) =>
  `/inbox?${new URLSearchParams({ brand: brandSlug, c: complaintId })}`

/**
 * One promise on the Promises page: what (as text), to whom, who keeps it, when it is due, a
 * link to its thread, how it ended; and, while open, marking it kept (a link or a note) or
 * broken (a note).
 */
export function PromiseItem({
  promise: p,
  brandSlug,
  canWrite,
  now,
  onChanged,
}: {
  promise: PromiseView
  brandSlug: string
  canWrite: boolean
  now: number
  onChanged: (p: PromiseView) => void
}) {
  const [resolving, setResolving] = useState<'kept' | 'broken' | null>(null)
  const proof = p.resolution?.url ? safeHttpUrl(p.resolution.url) : null
  return (
    <li className={`promise-item is-${p.state}`} data-testid="promise-item" data-state={p.state}>
      <div className="promise-item-head">
        <PromiseStateBadge promise={p} />
        <p className="promise-item-what">
          <bdi>{p.what}</bdi>
        </p>
      </div>
      <p className="promise-item-meta">
        <span>
          to <bdi>{displayHandle(p.author.handle)}</bdi> on {network(p.author.network).label}
        </span>
        <span>
          owner <bdi>{p.owner.name}</bdi>
        </span>
        <span>
          due <time dateTime={p.dueAt}>{dueText(p.dueAt)}</time>
          {p.stored === 'open' && ` (${dueDistance(p.dueAt, now)})`}
        </span>
      </p>
      {p.resolution && (
        <p className="promise-resolution" data-testid="promise-resolution">
          {p.stored === 'kept' ? 'Kept' : 'Broken'}
          {p.resolution.by && (
            <>
              {' '}
              by <bdi>{p.resolution.by.name}</bdi>
            </>
          )}
          {p.resolution.note && (
            <>
              : <bdi>{p.resolution.note}</bdi>
            </>
          )}
          {proof && (
            <>
              {' '}
              <a href={proof} target="_blank" rel="noopener noreferrer nofollow">
                where it was kept
              </a>
            </>
          )}
        </p>
      )}
      <div className="promise-actions">
        <Link to={threadHref(brandSlug, p.complaintId)} className="btn btn-sm btn-secondary">
          Open thread
        </Link>
        {canWrite && p.stored === 'open' && !resolving && (
          <>
            <Button size="sm" onClick={() => setResolving('kept')} data-testid="promise-mark-kept">
              Mark kept
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setResolving('broken')}>
              Mark broken
            </Button>
          </>
        )}
      </div>
      {resolving && (
        <ResolveForm
          promise={p}
          kind={resolving}
          onCancel={() => setResolving(null)}
          onDone={(updated) => {
            setResolving(null)
            onChanged(updated)
          }}
        />
      )}
    </li>
  )
}

function ResolveForm({
  promise,
  kind,
  onCancel,
  onDone,
}: {
  promise: PromiseView
  kind: 'kept' | 'broken'
  onCancel: () => void
  onDone: (p: PromiseView) => void
}) {
  const id = useId()
  const [url, setUrl] = useState('')
  const [note, setNote] = useState('')
  const action = useAction()
  const kept = kind === 'kept'
  const ready = kept ? !!(url.trim() || note.trim()) : !!note.trim()
  const submit = () =>
    void action.run(async () => {
      const updated = kept
        ? await promisesApi.keep(promise.id, {
            ...(url.trim() ? { url: url.trim() } : {}),
            ...(note.trim() ? { note } : {}),
          })
        : await promisesApi.break(promise.id, { note })
      onDone(updated)
    })
  return (
    <form
      className="promise-resolve"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      data-testid="promise-resolve"
    >
      {kept && (
        <>
          <label htmlFor={`${id}-url`}>Link to where it was kept</label>
          <input
            id={`${id}-url`}
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </>
      )}
      <label htmlFor={`${id}-note`}>
        {kept
          ? 'Or a note saying how it was kept'
          : 'Why it was broken, and what the person was told'}
      </label>
      <textarea
        id={`${id}-note`}
        className="input textarea"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <FormError>{action.failure?.message ?? null}</FormError>
      <div className="promise-actions">
        <Button
          type="submit"
          size="sm"
          variant={kept ? 'primary' : 'danger'}
          disabled={!ready || action.busy}
        >
          {kept ? 'Mark kept' : 'Mark broken'}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
