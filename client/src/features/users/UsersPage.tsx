import { useState } from 'react'
import { can, ROLES, type Role } from '../../../../shared/roles.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { api, type SetupLinkResult } from '../../lib/api.js'
import { upsertById } from '../../lib/upsert.js'
import { useResource } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { ConfirmDialog } from '../../ui/ConfirmDialog.js'
import { cx } from '../../ui/css.js'
import { PlusIcon } from '../../ui/icons.js'
import { ListCard } from '../../ui/ListCard.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { AppShell } from '../shell/AppShell.js'
import { InviteForm } from './InviteForm.js'
import { OneTimeLinkCard } from './OneTimeLinkCard.js'
import { initials, ROLE_LABELS, ROLE_SUMMARIES } from './roleText.js'
import '../../ui/badges.css'
import './users.css'

type Pending =
  | { kind: 'role'; user: UserView; role: Role }
  | { kind: 'deactivate'; user: UserView }
  | { kind: 'reactivate'; user: UserView }
  | { kind: 'setup-link'; user: UserView }

const USER_COLUMNS = ['Person', 'Role', 'Status', 'Last sign-in', 'Added']

const STATUS_LABELS: Record<UserView['status'], string> = {
  active: 'Active',
  invited: 'Invited',
  deactivated: 'Deactivated',
}

/** Users: who can sign in, their roles, invites, and deactivation. */
export function UsersPage({ user: me }: { user: UserView }) {
  const { state, reload, update } = useResource((signal) => api.users(signal), 'users')
  const [inviting, setInviting] = useState(false)
  const [pending, setPending] = useState<Pending | null>(null)
  const [issued, setIssued] = useState<SetupLinkResult | null>(null)
  const manage = can(me.role, 'user.manage')
  const put = (changed: UserView) => update((list) => upsertById(list, changed))

  const counts = { active: 0, invited: 0, deactivated: 0 }
  for (const u of state.data ?? []) counts[u.status]++

  return (
    <AppShell user={me}>
      <PageHeader
        title="Users"
        actions={
          manage &&
          !inviting && (
            <Button variant="primary" onClick={() => setInviting(true)} data-testid="invite-open">
              <PlusIcon />
              Invite user
            </Button>
          )
        }
      >
        Who can sign in to Firebreak, and with which role. A role change or a deactivation ends that
        person&apos;s sessions at once.
      </PageHeader>

      {inviting && <InviteForm onInvited={put} onClose={() => setInviting(false)} />}
      {issued && (
        <OneTimeLinkCard
          title={`New setup link for ${issued.data.name}`}
          user={issued.data}
          purpose="sets a new password"
          label="Setup link"
          url={issued.setupUrl}
          testId="setup-link-url"
          replaces
          onClose={() => setIssued(null)}
        />
      )}

      <ListCard
        list={{ state, reload }}
        what="users"
        caption={
          <span>
            <strong>{counts.active}</strong> active · <strong>{counts.invited}</strong> invited ·{' '}
            <strong>{counts.deactivated}</strong> deactivated
          </span>
        }
        columns={manage ? [...USER_COLUMNS, { label: 'Actions', hidden: true }] : USER_COLUMNS}
        className="table-users"
        stack
      >
        {(u) => (
          <UserRow key={u.id} user={u} self={u.id === me.id} manage={manage} onAsk={setPending} />
        )}
      </ListCard>

      {pending && (
        <PendingChange
          pending={pending}
          onDone={put}
          onSetupLink={(result) => {
            put(result.data)
            setIssued(result)
          }}
          onClose={() => setPending(null)}
        />
      )}
    </AppShell>
  )
}

/** One user: who, role (a select for an admin), status, and the changes an admin may ask for. */
function UserRow({
  user: u,
  self,
  manage,
  onAsk,
}: {
  user: UserView
  /** The signed-in admin's own row: another admin changes it. */
  self: boolean
  manage: boolean
  onAsk: (change: Pending) => void
}) {
  return (
    <tr
      data-testid="users-row"
      data-user-email={u.email}
      className={cx(u.status === 'deactivated' && 'is-muted')}
    >
      <td>
        <div className="person">
          <span className="avatar" aria-hidden="true">
            {initials(u.name, u.email)}
          </span>
          <div className="person-text">
            <span className="person-name">
              <bdi>{u.name}</bdi>
              {self && <span className="tag tag-new">You</span>}
            </span>
            <span className="person-email">{u.email}</span>
          </div>
        </div>
      </td>
      <td data-label="Role">
        {manage && !self && u.status !== 'deactivated' ? (
          <select
            className="input select select-sm"
            value={u.role}
            aria-label={`Role of ${u.name}`}
            title={ROLE_SUMMARIES[u.role]}
            onChange={(e) => onAsk({ kind: 'role', user: u, role: e.target.value as Role })}
            data-testid="user-role"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        ) : (
          <span className={`role-badge role-${u.role}`} title={ROLE_SUMMARIES[u.role]}>
            {ROLE_LABELS[u.role]}
          </span>
        )}
      </td>
      <td data-label="Status">
        <span className={`status status-${u.status}`} data-status={u.status}>
          {STATUS_LABELS[u.status]}
        </span>
      </td>
      <td className="muted" data-label="Last sign-in">
        {u.lastSignInAt ? <RelativeTime iso={u.lastSignInAt} /> : 'Never'}
      </td>
      <td className="muted" data-label="Added">
        <RelativeTime iso={u.createdAt} />
      </td>
      {manage && (
        <td className="cell-actions">
          {self ? (
            <span className="muted" title="Another admin can change your account">
              Your account
            </span>
          ) : u.status === 'deactivated' ? (
            <Button size="sm" onClick={() => onAsk({ kind: 'reactivate', user: u })}>
              Reactivate
            </Button>
          ) : (
            <>
              <Button
                size="sm"
                variant="ghost"
                title="For a lost invite or a forgotten password"
                onClick={() => onAsk({ kind: 'setup-link', user: u })}
                data-testid="user-setup-link"
              >
                New setup link
              </Button>
              <Button
                size="sm"
                variant="ghost"
                className="btn-danger-text"
                onClick={() => onAsk({ kind: 'deactivate', user: u })}
              >
                Deactivate
              </Button>
            </>
          )}
        </td>
      )}
    </tr>
  )
}

/** The confirmation of a role change, deactivation, reactivation or new setup link. */
function PendingChange({
  pending,
  onDone,
  onSetupLink,
  onClose,
}: {
  pending: Pending
  onDone: (user: UserView) => void
  onSetupLink: (result: SetupLinkResult) => void
  onClose: () => void
}) {
  const { user } = pending
  const name = <strong>{user.name}</strong>
  if (pending.kind === 'role') {
    return (
      <ConfirmDialog
        title={`Make ${user.name} ${article(pending.role)} ${ROLE_LABELS[pending.role].toLowerCase()}?`}
        confirmLabel={`Change to ${ROLE_LABELS[pending.role]}`}
        onClose={onClose}
        onConfirm={async () => onDone(await api.updateUser(user.id, { role: pending.role }))}
      >
        <p>
          {name} goes from {ROLE_LABELS[user.role]} to {ROLE_LABELS[pending.role]}:{' '}
          {ROLE_SUMMARIES[pending.role].toLowerCase()}.
        </p>
        <p>Their open sessions end now; they sign in again under the new role.</p>
      </ConfirmDialog>
    )
  }
  if (pending.kind === 'setup-link') {
    return (
      <ConfirmDialog
        title={`Issue a new setup link for ${user.name}?`}
        confirmLabel="Issue link"
        onClose={onClose}
        onConfirm={async () => onSetupLink(await api.issueSetupLink(user.id))}
      >
        <p>
          {name} ({user.email}) is signed out everywhere at once. The link lets them set a new
          password; until they use it, their current password still works.
        </p>
      </ConfirmDialog>
    )
  }
  if (pending.kind === 'deactivate') {
    return (
      <ConfirmDialog
        title={`Deactivate ${user.name}?`}
        confirmLabel="Deactivate"
        danger
        onClose={onClose}
        onConfirm={async () => onDone(await api.updateUser(user.id, { isActive: false }))}
      >
        <p>
          {name} ({user.email}) is signed out everywhere at once and can no longer sign in. Their
          audit history stays. You can reactivate them later.
        </p>
      </ConfirmDialog>
    )
  }
  return (
    <ConfirmDialog
      title={`Reactivate ${user.name}?`}
      confirmLabel="Reactivate"
      onClose={onClose}
      onConfirm={async () => onDone(await api.updateUser(user.id, { isActive: true }))}
    >
      <p>
        {name} ({user.email}) can sign in again, as {ROLE_LABELS[user.role]}.
      </p>
    </ConfirmDialog>
  )
}

const article = (role: Role) => (/^[aeiou]/i.test(role) ? 'an' : 'a')
