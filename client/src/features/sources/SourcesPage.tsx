import { useState } from 'react'
import { can } from '../../../../shared/roles.js'
import type { SourceView } from '../../../../shared/schemas/sources.js'
import { api } from '../../lib/api.js'
import { upsertById } from '../../lib/upsert.js'
import { useResource } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { cx } from '../../ui/css.js'
import { KeyIcon, LockIcon, PlusIcon } from '../../ui/icons.js'
import { ListCard } from '../../ui/ListCard.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { CreateSourceForm } from './CreateSourceForm.js'
import { RotateSecretForm } from './RotateSecretForm.js'
import '../../ui/badges.css'
import './sources.css'

const KIND_LABELS: Record<string, string> = {
  webhook: 'Webhook',
  replay: 'File replay',
  demo: 'Demo',
}

/** A brand's sources: list, create a webhook source, rotate its signing secret. */
export function SourcesPage({ user, brand, switcher }: BrandPageProps) {
  const { state, reload, update } = useResource(
    (signal) => api.sources(brand.id, signal),
    `sources:${brand.id}`,
  )
  const [creating, setCreating] = useState(false)
  const [rotating, setRotating] = useState<string | null>(null)
  const manage = can(user.role, 'source.manage')
  const put = (changed: SourceView) => update((list) => upsertById(list, changed))

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader
        title="Sources"
        actions={
          manage &&
          !creating && (
            <Button variant="primary" onClick={() => setCreating(true)} data-testid="source-new">
              <PlusIcon />
              New webhook source
            </Button>
          )
        }
      >
        Where posts about <strong>{brand.name}</strong> come from. Signing secrets go in and never
        come back out: they can be replaced, not read.
      </PageHeader>

      {creating && (
        <CreateSourceForm brand={brand} onCreated={put} onClose={() => setCreating(false)} />
      )}

      <ListCard
        list={{ state, reload }}
        what="sources"
        empty={
          <Panel title="No sources yet">
            <p>
              Create a webhook source to receive signed posts from a listening tool, or import a
              file with <code>npm run import</code>.
            </p>
          </Panel>
        }
      >
        {(s) => (
          <SourceItem
            key={s.id}
            source={s}
            manage={manage}
            rotating={rotating === s.id}
            onRotate={() => setRotating(s.id)}
            onSaved={put}
            onRotated={() => setRotating(null)}
          />
        )}
      </ListCard>
    </AppShell>
  )
}

/** One source: what it is, its webhook URL, and its signing secret's state (never the secret). */
function SourceItem({
  source: s,
  manage,
  rotating,
  onRotate,
  onSaved,
  onRotated,
}: {
  source: SourceView
  manage: boolean
  /** Its rotate form is open. */
  rotating: boolean
  onRotate: () => void
  onSaved: (source: SourceView) => void
  onRotated: () => void
}) {
  return (
    <li className="source" data-testid="source-row" data-source-id={s.id}>
      <div className="source-head">
        <div className="source-title">
          <h2 className="source-name">
            <bdi>{s.name}</bdi>
          </h2>
          <span className="kind">{KIND_LABELS[s.kind] ?? s.kind}</span>
          <span
            className={cx('status', s.enabled && !s.ended ? 'status-active' : 'status-deactivated')}
            data-status={!s.enabled ? 'disabled' : s.ended ? 'ended' : 'enabled'}
            title={s.ended ? 'Played to its end: nothing more arrives from it' : undefined}
          >
            {!s.enabled ? 'Disabled' : s.ended ? 'Ended' : 'Enabled'}
          </span>
        </div>
        <div className="source-meta">
          <code className="muted">{s.id}</code>
          <span className="muted">
            created <RelativeTime iso={s.createdAt} />
          </span>
        </div>
      </div>

      <div className="source-body">
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
              {manage && !rotating && (
                <Button size="sm" onClick={onRotate} data-testid="rotate-open">
                  <KeyIcon />
                  {s.hasCredentials ? 'Rotate secret' : 'Set secret'}
                </Button>
              )}
            </div>
          </div>
        )}
        {s.kind !== 'webhook' && (
          <p className="muted source-note">
            {s.kind === 'demo'
              ? 'Plays the demo conversation; no credentials.'
              : 'Replays a file; no credentials.'}
          </p>
        )}
      </div>

      {rotating && <RotateSecretForm source={s} onSaved={onSaved} onClose={onRotated} />}
    </li>
  )
}
