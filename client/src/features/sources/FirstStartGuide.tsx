import type { BrandView } from '../../../../shared/schemas/brands.js'
import type { SourceView } from '../../../../shared/schemas/sources.js'
import { withBrand } from '../../lib/url.js'
import { CheckIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import '../../ui/card.css'

/**
 * A first start without the demo, after the brand is named: step 2 gives it a source (with
 * Test connection on its row), step 3 waits for the first posts and opens the console once
 * they are in. Shown while the address says `first=1` (the new-brand form sends it there).
 */
export function FirstStartGuide({
  brand,
  sources,
}: {
  brand: BrandView
  sources: readonly SourceView[] | null
}) {
  const heard = (sources ?? []).reduce((n, s) => n + s.health.postsLastHour, 0)
  const step = !sources?.length ? 2 : 3
  return (
    <section
      className="card first-start"
      aria-labelledby="first-start-title"
      data-testid="first-start"
      data-step={heard ? 'heard' : step}
    >
      <p className="first-start-steps muted">
        <CheckIcon size={14} /> 1. {brand.name} named, with its terms ·{' '}
        {step > 2 ? <CheckIcon size={14} /> : null} 2. A source · 3. The first posts
      </p>
      {step === 2 && (
        <>
          <h2 className="card-title" id="first-start-title">
            Step 2 of 3: where should Firebreak listen for {brand.name}?
          </h2>
          <p className="card-text">
            Pick a network below and fill in what it needs. Once it is added, press{' '}
            <strong>Test connection</strong> on its row: Firebreak makes one real request and says
            what came back.
          </p>
        </>
      )}
      {step === 3 && !heard && (
        <>
          <h2 className="card-title" id="first-start-title">
            Step 3 of 3: listening…
          </h2>
          <p className="card-text" aria-live="polite">
            The worker asks the source within seconds. Posts about {brand.name} appear in the
            console as they arrive; a source that fails says why on its row.
          </p>
        </>
      )}
      {heard > 0 && (
        <>
          <h2 className="card-title" id="first-start-title">
            <CheckIcon size={16} /> The first posts are in
          </h2>
          <p className="card-text" aria-live="polite" data-testid="first-start-heard">
            {heard === 1 ? '1 post' : `${heard} posts`} about {brand.name} arrived in the last hour.
          </p>
          <div className="card-actions">
            <Link
              className="btn btn-primary"
              to={withBrand('/', brand.slug)}
              data-testid="first-start-console"
            >
              Open the console
            </Link>
          </div>
        </>
      )}
    </section>
  )
}
