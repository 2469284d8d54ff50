import { howWeRankPath, type BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { CopyField } from '../../ui/CopyField.js'
import { ExternalIcon } from '../../ui/icons.js'
import { Notice } from '../../ui/Notice.js'
import { Switch } from '../../ui/Switch.js'
import { useAction } from '../../ui/useAction.js'

/** The public address of a brand's "How we rank" page, on this console's origin. */
export const publicRankingUrl = (slug: string) => `${window.location.origin}${howWeRankPath(slug)}`

/**
 * Whether the brand publishes its "How we rank" page for anyone to read without signing in:
 * the same generated text as the console's page, nothing else. Admins switch it (audited; it
 * takes effect at once); the link is shown while it is on.
 */
export function PublishRanking({
  brand,
  canManage,
  onSaved,
}: {
  brand: BrandView
  canManage: boolean
  onSaved: (brand: BrandView) => void
}) {
  const save = useAction()
  const url = publicRankingUrl(brand.slug)
  const toggle = (next: boolean) =>
    void save.run(async () => onSaved(await api.updateBrand(brand.id, { howWeRankPublic: next })))

  return (
    <section
      className="card settings publish-ranking"
      aria-labelledby="publish-ranking"
      data-testid="publish-ranking"
    >
      <h2 className="card-title" id="publish-ranking">
        Public &ldquo;How we rank&rdquo; page
      </h2>
      <p className="card-text">
        Publish how {brand.name}&rsquo;s complaints are ranked, factor by factor, with the changelog
        of every scoring version: the same text as the How we rank page, generated from the
        configuration in effect. Anyone with the link can read it without signing in; it shows no
        complaint, author or user.
      </p>
      {save.failure && <Notice tone="danger">{save.failure.message}</Notice>}
      <Switch
        checked={brand.howWeRankPublic}
        disabled={!canManage || save.busy}
        onChange={toggle}
        testId="publish-ranking-toggle"
      >
        {brand.howWeRankPublic ? 'Published' : 'Not published'}
        {save.busy && <span className="muted"> · saving…</span>}
      </Switch>
      {brand.howWeRankPublic && (
        <div className="publish-ranking-link">
          <CopyField label="Public link" value={url} testId="public-ranking-url" />
          <a className="publish-ranking-open" href={url} target="_blank" rel="noopener noreferrer">
            Open the public page
            <ExternalIcon size={12} />
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </div>
      )}
    </section>
  )
}
