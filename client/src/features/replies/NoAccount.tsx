import { Link } from '../../ui/Link.js'
import { Notice } from '../../ui/Notice.js'

/**
 * Why the composer cannot send: the network is one Firebreak does not deliver to, or the brand
 * has no reply account with credentials there. Admins get the way to set one.
 */
export function NoAccount({
  network,
  canDeliver,
  settingsHref,
}: {
  network: string
  canDeliver: boolean
  settingsHref: string | null
}) {
  if (!canDeliver)
    return (
      <Notice tone="info">
        Firebreak cannot post replies on {network}. Reply there, then record it here by its address.
      </Notice>
    )
  return (
    <Notice tone="warn">
      This brand has no {network} reply account with credentials, so Firebreak cannot send this
      reply.{' '}
      {settingsHref ? (
        <Link to={settingsHref} data-testid="reply-accounts-link">
          Set the {network} reply account in Brand settings
        </Link>
      ) : (
        'An admin sets it in Brand settings.'
      )}
    </Notice>
  )
}
