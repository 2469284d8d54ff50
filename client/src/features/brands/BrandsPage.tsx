import { useState } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { api } from '../../lib/api.js'
import { navigate } from '../../lib/router.js'
import { upsertById } from '../../lib/upsert.js'
import { useResource } from '../../lib/useResource.js'
import { withBrand } from '../../lib/url.js'
import { Button } from '../../ui/Button.js'
import { ConfirmDialog } from '../../ui/ConfirmDialog.js'
import { cx } from '../../ui/css.js'
import { PlusIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import { ListCard } from '../../ui/ListCard.js'
import { Notice } from '../../ui/Notice.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { AppShell } from '../shell/AppShell.js'
import { CreateBrandForm } from './CreateBrandForm.js'
import '../../ui/badges.css'
import './brands.css'

type Pending = { kind: 'archive' | 'restore' | 'delete'; brand: BrandView }

const COLUMNS = ['Brand', 'Tracked terms', 'Status', { label: 'Actions', hidden: true }]

/**
 * Brands (admins): every brand Firebreak listens for, archived ones too; adding one, archiving
 * (it listens to nothing and leaves the brand picker; its data stays), restoring, and deleting
 * an archived brand that never collected anything. `onChanged` refreshes the console's brands.
 */
export function BrandsPage({
  user,
  adding: addingFirst = false,
  onChanged,
}: {
  user: UserView
  /** Open the form at once (the empty console's "Add a brand"). */
  adding?: boolean
  onChanged: () => void
}) {
  const { state, reload, update } = useResource((signal) => api.allBrands(signal), 'all-brands')
  const [adding, setAdding] = useState(addingFirst)
  const [created, setCreated] = useState<BrandView | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const put = (brand: BrandView) => {
    update((list) => upsertById(list, brand))
    onChanged()
  }

  return (
    <AppShell user={user}>
      <PageHeader
        title="Brands"
        actions={
          !adding && (
            <Button variant="primary" onClick={() => setAdding(true)} data-testid="brand-add-open">
              <PlusIcon />
              Add brand
            </Button>
          )
        }
      >
        The brands Firebreak listens for. Each has its own complaints, sources and settings; an
        archived brand listens to nothing and keeps everything it collected.
      </PageHeader>

      {adding && (
        <CreateBrandForm
          onCreated={(brand) => {
            put(brand)
            // From the empty console, a first start goes on to give the brand its source.
            if (addingFirst)
              return navigate(
                `/admin/sources?${new URLSearchParams({ brand: brand.slug, first: '1' })}`,
              )
            setCreated(brand)
            setAdding(false)
          }}
          onClose={() => setAdding(false)}
        />
      )}
      {created && (
        <Notice tone="success" className="brand-created">
          <strong>
            <bdi>{created.name}</bdi>
          </strong>{' '}
          is added. Next, give it a source so posts arrive:{' '}
          <Link to={withBrand('/admin/sources', created.slug)}>add a source</Link>, then{' '}
          <Link to={withBrand('/', created.slug)}>open its console</Link>.
        </Notice>
      )}

      <ListCard
        list={{ state, reload }}
        what="brands"
        columns={COLUMNS}
        className="table-brands"
        testId="brands-table"
        stack
      >
        {(brand) => <BrandRow key={brand.id} brand={brand} onAsk={setPending} />}
      </ListCard>

      {pending && (
        <PendingChange
          pending={pending}
          onChanged={put}
          onDeleted={(id) => {
            update((list) => list.filter((b) => b.id !== id))
            onChanged()
          }}
          onClose={() => setPending(null)}
        />
      )}
    </AppShell>
  )
}

function BrandRow({ brand, onAsk }: { brand: BrandView; onAsk: (p: Pending) => void }) {
  const archived = brand.archivedAt !== null
  return (
    <tr
      data-testid="brands-row"
      data-brand-slug={brand.slug}
      className={cx(archived && 'is-muted')}
    >
      <td>
        <strong>
          <bdi>{brand.name}</bdi>
        </strong>
        <div className="muted">{brand.slug}</div>
      </td>
      <td data-label="Tracked terms">
        {brand.trackedTerms.join(', ') || <span className="muted">none</span>}
      </td>
      <td data-label="Status">
        {archived ? (
          <span className="status status-deactivated" data-status="archived">
            Archived <RelativeTime iso={brand.archivedAt!} />
          </span>
        ) : (
          <span className="status status-active" data-status="listening">
            Listening
          </span>
        )}
      </td>
      <td className="cell-actions">
        {archived ? (
          <>
            <Button size="sm" onClick={() => onAsk({ kind: 'restore', brand })}>
              Restore
            </Button>
            <Button
              size="sm"
              variant="ghost"
              className="btn-danger-text"
              onClick={() => onAsk({ kind: 'delete', brand })}
              data-testid="brand-delete"
            >
              Delete
            </Button>
          </>
        ) : (
          <>
            <Link className="btn btn-ghost btn-sm" to={withBrand('/admin/brand', brand.slug)}>
              Settings
            </Link>
            <Button
              size="sm"
              variant="ghost"
              className="btn-danger-text"
              onClick={() => onAsk({ kind: 'archive', brand })}
              data-testid="brand-archive"
            >
              Archive
            </Button>
          </>
        )}
      </td>
    </tr>
  )
}

/** The confirmation of an archive, a restore or a delete (which asks for the name again). */
function PendingChange({
  pending: { kind, brand },
  onChanged,
  onDeleted,
  onClose,
}: {
  pending: Pending
  onChanged: (brand: BrandView) => void
  onDeleted: (id: string) => void
  onClose: () => void
}) {
  const [typed, setTyped] = useState('')
  const name = (
    <strong>
      <bdi>{brand.name}</bdi>
    </strong>
  )
  if (kind === 'delete') {
    return (
      <ConfirmDialog
        title={`Delete ${brand.name}?`}
        confirmLabel="Delete brand"
        danger
        submitOnEnter
        onClose={onClose}
        onConfirm={async () => {
          await api.deleteBrand(brand.id, typed)
          onDeleted(brand.id)
        }}
      >
        <p>
          {name} and its settings are deleted for good. A brand that collected posts cannot be
          deleted: it stays archived, with its data.
        </p>
        <label className="field">
          <span className="field-label">Type its name to confirm</span>
          <input
            className="input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            data-testid="brand-delete-name"
          />
        </label>
      </ConfirmDialog>
    )
  }
  const archive = kind === 'archive'
  return (
    <ConfirmDialog
      title={`${archive ? 'Archive' : 'Restore'} ${brand.name}?`}
      confirmLabel={archive ? 'Archive' : 'Restore'}
      danger={archive}
      onClose={onClose}
      onConfirm={async () => onChanged(await api.setBrandArchived(brand.id, archive))}
    >
      <p>
        {archive ? (
          <>
            {name} stops listening: its sources pause and its webhooks are refused. It leaves the
            brand picker; its complaints, replies and reports stay, and you can restore it.
          </>
        ) : (
          <>
            {name} listens again: its sources resume where they paused, and it is back in the brand
            picker.
          </>
        )}
      </p>
    </ConfirmDialog>
  )
}
