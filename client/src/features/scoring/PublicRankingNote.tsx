import { can } from '../../../../shared/roles.js'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { withBrand } from '../../lib/url.js'
import { ExternalIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import { publicRankingUrl } from '../brands/PublishRanking.js'

/**
 * Whether this page is published for anyone to read, with its public link; admins are pointed
 * to the brand setting that publishes it.
 */
export function PublicRankingNote({ user, brand }: { user: UserView; brand: BrandView }) {
  const admin = can(user.role, 'brand.manage')
  if (!brand.howWeRankPublic && !admin) return null
  const url = publicRankingUrl(brand.slug)
  return (
    <p className="public-ranking-note" data-testid="public-ranking-note">
      {brand.howWeRankPublic ? (
        <>
          {brand.name} publishes this page:{' '}
          <a href={url} target="_blank" rel="noopener noreferrer" data-testid="public-ranking-link">
            <bdi>{url}</bdi>
            <ExternalIcon size={12} />
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </>
      ) : (
        <>This page is seen only by signed-in users.</>
      )}
      {admin && (
        <>
          {' '}
          <Link to={withBrand('/admin/brand', brand.slug)}>
            {brand.howWeRankPublic ? 'Change in brand settings' : 'Publish it in brand settings'}
          </Link>
        </>
      )}
    </p>
  )
}
