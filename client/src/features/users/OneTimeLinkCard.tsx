import type { ReactNode } from 'react'
import type { UserView } from '../../../../shared/schemas/users.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { CheckIcon } from '../../ui/icons.js'
import '../../ui/card.css'

/**
 * A freshly issued one-time link (an invite, or a new setup link), shown once: the server
 * keeps only its hash.
 */
export function OneTimeLinkCard({
  title,
  user,
  purpose,
  label,
  url,
  testId,
  replaces = false,
  onClose,
  actions,
}: {
  title: string
  user: UserView
  /** What the link does, e.g. "sets their password". */
  purpose: string
  label: string
  url: string
  testId: string
  /** Whether it replaces an earlier link of the same user. */
  replaces?: boolean
  onClose: () => void
  /** More buttons after Done. */
  actions?: ReactNode
}) {
  return (
    <section className="card card-success" aria-labelledby={`${testId}-title`}>
      <h2 className="card-title" id={`${testId}-title`}>
        <CheckIcon size={16} /> {title}
      </h2>
      <p className="card-text">
        Send this link to <strong>{user.email}</strong> yourself, over a channel you trust. It{' '}
        {purpose} once and works for <strong>72 hours</strong>.
        {replaces && ' Any earlier link no longer works.'} It is shown only now: copy it before
        closing.
      </p>
      <CopyField label={label} value={url} secret testId={testId} />
      <div className="card-actions">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
        {actions}
      </div>
    </section>
  )
}
