import { useState } from 'react'
import { isSourceKind, SOURCE_KINDS } from '../../../../shared/schemas/source-kinds.js'
import type { SourceView } from '../../../../shared/schemas/sources.js'
import { api } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { FormError } from '../../ui/FormError.js'
import { KeyIcon, LockIcon, PauseIcon, PlayIcon } from '../../ui/icons.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useAction } from '../../ui/useAction.js'
import { NetworkSourceForm } from './NetworkSourceForm.js'
import { RotateSecretForm } from './RotateSecretForm.js'
import { HealthBadge, SourceHealth } from './SourceHealth.js'
import { TestConnection } from './TestConnection.js'

const OTHER_KINDS: Record<string, string> = {
  webhook: 'Webhook',
  replay: 'File replay',
  demo: 'Demo',
}
const kindLabel = (kind: string) =>
  isSourceKind(kind) ? SOURCE_KINDS[kind].label : (OTHER_KINDS[kind] ?? kind)

type Open = 'rotate' | 'edit' | null

/**
 * One source: what it is, how it is doing, and for admins what can be done to it (pause or
 * resume, test its connection, change its settings or credentials, rotate a webhook's secret).
 */
export function SourceItem({
  source: s,
  manage,
  onSaved,
}: {
  source: SourceView
  manage: boolean
  onSaved: (source: SourceView) => void
}) {
  const [open, setOpen] = useState<Open>(null)
  const toggle = useAction()
  const network = isSourceKind(s.kind) ? s.kind : null
  const setEnabled = (enabled: boolean) =>
    void toggle.run(async () => onSaved(await api.updateSource(s.id, { enabled })))

  return (
    <li className="source" data-testid="source-row" data-source-id={s.id}>
      <div className="source-head">
        <div className="source-title">
          <h2 className="source-name">
            <bdi>{s.name}</bdi>
          </h2>
          <span className="kind">{kindLabel(s.kind)}</span>
          <HealthBadge source={s} />
        </div>
        <div className="source-meta">
          <code className="muted">{s.id}</code>
          <span className="muted">
            created <RelativeTime iso={s.createdAt} />
          </span>
        </div>
      </div>

      <div className="source-body">
        <SourceHealth source={s} />
        {network && <SourceSettings kind={network} source={s} />}
        {s.webhookUrl && <CopyField label="Webhook URL" value={s.webhookUrl} />}
        {s.kind === 'webhook' && (
          <div className="secret-state">
            <span className="copy-label">Signing secret</span>
            <div className="secret-line">
              <LockIcon />
              {s.hasCredentials ? (
                <span>Set · stored sealed, never shown</span>
              ) : (
                <span className="warn-text">Not set: deliveries are refused</span>
              )}
            </div>
          </div>
        )}
        {(s.kind === 'demo' || s.kind === 'replay') && (
          <p className="muted source-note">
            {s.kind === 'demo'
              ? 'Plays the demo conversation; no credentials.'
              : 'Replays a file; no credentials.'}
          </p>
        )}
      </div>

      {manage && (
        <div className="source-actions">
          {!s.ended && (
            <Button
              size="sm"
              onClick={() => setEnabled(!s.enabled)}
              disabled={toggle.busy}
              data-testid={s.enabled ? 'source-pause' : 'source-resume'}
            >
              {s.enabled ? <PauseIcon /> : <PlayIcon />}
              {s.enabled ? 'Pause' : 'Resume'}
            </Button>
          )}
          {network && <TestConnection source={s} />}
          {network && open !== 'edit' && (
            <Button size="sm" onClick={() => setOpen('edit')} data-testid="source-edit-open">
              Edit
            </Button>
          )}
          {s.kind === 'webhook' && open !== 'rotate' && (
            <Button size="sm" onClick={() => setOpen('rotate')} data-testid="rotate-open">
              <KeyIcon />
              {s.hasCredentials ? 'Rotate secret' : 'Set secret'}
            </Button>
          )}
        </div>
      )}
      <FormError className="source-action-error">{toggle.failure?.message}</FormError>

      {open === 'rotate' && (
        <RotateSecretForm source={s} onSaved={onSaved} onClose={() => setOpen(null)} />
      )}
      {open === 'edit' && network && (
        <NetworkSourceForm
          kind={network}
          source={s}
          onSaved={onSaved}
          onClose={() => setOpen(null)}
        />
      )}
    </li>
  )
}

/** A network source's settings, as the admin gave them (credentials are only named). */
function SourceSettings({ kind, source }: { kind: keyof typeof SOURCE_KINDS; source: SourceView }) {
  const shown = SOURCE_KINDS[kind].fields.flatMap((field) => {
    if (field.type === 'secret') return []
    const value = source.config[field.name]
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
      return []
    return [{ label: field.label, value: Array.isArray(value) ? value.join(', ') : String(value) }]
  })
  const secrets = SOURCE_KINDS[kind].fields.filter((f) => f.type === 'secret')
  if (shown.length === 0 && secrets.length === 0) return null
  return (
    <dl className="source-settings">
      {shown.map((item) => (
        <div key={item.label}>
          <dt>{item.label}</dt>
          <dd>
            <bdi>{item.value}</bdi>
          </dd>
        </div>
      ))}
      {secrets.length > 0 && (
        <div>
          <dt>Credentials</dt>
          <dd>
            {secrets
              .map((f) => `${f.label}: ${source.secretNames.includes(f.name) ? 'set' : 'not set'}`)
              .join(' · ')}
          </dd>
        </div>
      )}
    </dl>
  )
}
