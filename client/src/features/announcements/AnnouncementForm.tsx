import { useState } from 'react'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { useAction } from '../../ui/useAction.js'
import { announcementsApi } from './announcementsApi.js'

const iso = (local: string) => (local ? new Date(local).toISOString() : null)

/** Records a change or an incident: what, when it takes effect, when users were told, a link. */
export function AnnouncementForm({
  brandId,
  onDone,
  onCancel,
}: {
  brandId: string
  onDone: () => void
  onCancel: () => void
}) {
  const [kind, setKind] = useState<'change' | 'incident'>('change')
  const [title, setTitle] = useState('')
  const [effective, setEffective] = useState('')
  const [announced, setAnnounced] = useState('')
  const [url, setUrl] = useState('')
  const action = useAction()
  const issue = (field: string) =>
    action.failure?.issues.find((i) => i.path === field || i.path.endsWith(`.${field}`))?.message

  return (
    <form
      className="ann-form no-print"
      aria-label="Record a change or incident"
      onSubmit={(e) => {
        e.preventDefault()
        void action.run(async () => {
          await announcementsApi.add(brandId, {
            kind,
            title,
            effectiveAt: iso(effective) ?? '',
            announcedAt: iso(announced),
            url: url.trim() || undefined,
          })
          onDone()
        })
      }}
    >
      <label>
        <span>Kind</span>
        <select
          className="input select"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'change' | 'incident')}
        >
          <option value="change">A change</option>
          <option value="incident">An incident</option>
        </select>
      </label>
      <label className="ann-form-wide">
        <span>Title</span>
        <input
          className="input"
          value={title}
          maxLength={140}
          required
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Scoring change ships"
          data-testid="ann-title"
        />
        {issue('title') && <span className="field-error">{issue('title')}</span>}
      </label>
      <label>
        <span>Takes effect</span>
        <input
          className="input"
          type="datetime-local"
          value={effective}
          required
          onChange={(e) => setEffective(e.target.value)}
          data-testid="ann-effective"
        />
        {issue('effectiveAt') && <span className="field-error">{issue('effectiveAt')}</span>}
      </label>
      <label>
        <span>Announced to users (empty: not yet)</span>
        <input
          className="input"
          type="datetime-local"
          value={announced}
          onChange={(e) => setAnnounced(e.target.value)}
        />
      </label>
      <label className="ann-form-wide">
        <span>Link (optional)</span>
        <input
          className="input"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://"
        />
        {issue('url') && <span className="field-error">{issue('url')}</span>}
      </label>
      <div className="ann-form-actions">
        <Button type="submit" variant="primary" size="sm" disabled={action.busy}>
          Record
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <FormError>{action.failure?.message}</FormError>
    </form>
  )
}
