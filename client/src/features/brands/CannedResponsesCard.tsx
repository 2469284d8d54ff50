import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { CannedResponseView } from '../../../../shared/schemas/canned-responses.js'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { ConfirmDialog } from '../../ui/ConfirmDialog.js'
import { Notice } from '../../ui/Notice.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { cannedApi, cannedKey } from '../replies/cannedApi.js'
import { CannedResponseForm } from './CannedResponseForm.js'
import '../replies/canned.css'

type Editing = { kind: 'new' } | { kind: 'edit'; canned: CannedResponseView } | null

/**
 * A brand's canned responses: what agents insert from the composer's picker, with the author's
 * and the brand's names filled in. Advisers and admins write them here; each change is audited.
 */
export function CannedResponsesCard({ brandId }: { brandId: string }) {
  const client = useQueryClient()
  const canned = useQuery({
    queryKey: cannedKey(brandId),
    queryFn: ({ signal }) => cannedApi.list(brandId, signal),
  })
  const [editing, setEditing] = useState<Editing>(null)
  const [deleting, setDeleting] = useState<CannedResponseView | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const refresh = () => void client.invalidateQueries({ queryKey: cannedKey(brandId) })
  const onSaved = (saved: CannedResponseView) => {
    client.setQueryData<CannedResponseView[]>(cannedKey(brandId), (old) =>
      [...(old ?? []).filter((c) => c.id !== saved.id), saved].sort((a, b) =>
        a.title.localeCompare(b.title),
      ),
    )
    setDone(`“${saved.title}” is saved.`)
    setEditing(null)
    refresh()
  }

  return (
    <section
      className="card settings"
      aria-labelledby="canned-title"
      id="canned-responses"
      data-testid="canned-responses"
    >
      <h2 className="card-title" id="canned-title">
        Canned responses
      </h2>
      <p className="card-text">
        Replies agents insert with <kbd>Ctrl /</kbd> in the composer, with the author’s and the
        brand’s names filled in before sending.
      </p>
      {canned.error && (
        <Notice tone="danger">
          Could not load the canned responses: {toApiError(canned.error).message}
        </Notice>
      )}
      {done && !editing && <Notice tone="success">{done}</Notice>}
      {canned.data?.length === 0 && editing?.kind !== 'new' && <p className="muted">None yet.</p>}
      <ul className="canned-admin-list">
        {canned.data?.map((c) => (
          <li key={c.id} className="canned-admin-item" data-testid="canned-item">
            {editing?.kind === 'edit' && editing.canned.id === c.id ? (
              <CannedResponseForm
                brandId={brandId}
                canned={c}
                onSaved={onSaved}
                onClose={() => setEditing(null)}
              />
            ) : (
              <>
                <div className="canned-admin-head">
                  <span className="canned-option-title">{c.title}</span>
                  {c.shortcut && <span className="canned-option-shortcut">/{c.shortcut}</span>}
                  <span className="muted canned-admin-meta">
                    {c.updatedBy ? `by ${c.updatedBy.name}, ` : ''}
                    <RelativeTime iso={c.updatedAt} />
                  </span>
                  <Button
                    size="sm"
                    onClick={() => {
                      setEditing({ kind: 'edit', canned: c })
                      setDone(null)
                    }}
                  >
                    Edit<span className="visually-hidden"> “{c.title}”</span>
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(c)}>
                    Delete<span className="visually-hidden"> “{c.title}”</span>
                  </Button>
                </div>
                <p className="canned-admin-body" dir="auto">
                  {c.body}
                </p>
              </>
            )}
          </li>
        ))}
      </ul>
      {editing?.kind === 'new' ? (
        <CannedResponseForm
          brandId={brandId}
          canned={null}
          onSaved={onSaved}
          onClose={() => setEditing(null)}
        />
      ) : (
        <Button
          disabled={!canned.isSuccess}
          data-testid="canned-add"
          onClick={() => {
            setEditing({ kind: 'new' })
            setDone(null)
          }}
        >
          Add a canned response
        </Button>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.title}”?`}
          confirmLabel="Delete"
          danger
          onConfirm={async () => {
            await cannedApi.remove(deleting.id)
            setDone(`“${deleting.title}” is deleted.`)
            refresh()
          }}
          onClose={() => setDeleting(null)}
        >
          Agents will no longer find it in the picker. The audit log keeps what it said.
        </ConfirmDialog>
      )}
    </section>
  )
}
