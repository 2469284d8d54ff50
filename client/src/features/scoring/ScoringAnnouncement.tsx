import type { FeedState } from '../complaints/feedStore.js'
import { integer } from '../../lib/format.js'
import { withBrand } from '../../lib/url.js'
import { Button } from '../../ui/Button.js'
import { Link } from '../../ui/Link.js'
import { Notice } from '../../ui/Notice.js'

/** The live announcement of a newly published scoring version, with its rescore's progress. */
export function ScoringAnnouncement({
  scoring,
  brandSlug,
  onDismiss,
}: {
  scoring: FeedState['scoring']
  brandSlug: string
  onDismiss: () => void
}) {
  const { published, rescore } = scoring
  if (!published && !rescore) return null
  const key = published?.key ?? rescore?.key
  const progress =
    rescore && rescore.state === 'done'
      ? ' Rescore done: the list is ranked by it now.'
      : rescore
        ? ` Rescoring: ${integer(rescore.done)} of ${integer(rescore.total ?? 0)} complaint posts.`
        : ''
  return (
    <div data-testid="scoring-announcement">
      <Notice
        tone="info"
        actions={
          <>
            <Link className="btn btn-sm btn-ghost" to={withBrand('/scoring', brandSlug)}>
              How we rank
            </Link>
            <Button size="sm" variant="ghost" onClick={onDismiss}>
              Dismiss
            </Button>
          </>
        }
      >
        Scoring <strong>{key}</strong> published
        {published?.changelog ? (
          <>
            : <bdi>{published.changelog}</bdi>
          </>
        ) : (
          '.'
        )}
        {progress}
      </Notice>
    </div>
  )
}
