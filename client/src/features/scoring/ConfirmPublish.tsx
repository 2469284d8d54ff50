import type { PublishBody, ScoringVersionView } from '../../../../shared/schemas/scoring-config.js'
import { absoluteTime } from '../../lib/format.js'
import { ConfirmDialog } from '../../ui/ConfirmDialog.js'
import { useNow } from '../../ui/useNow.js'

/**
 * What publishing a draft will do, asked before it is done: a published version is never
 * changed or withdrawn, and every console re-ranks by it.
 */
export function ConfirmPublish({
  draft,
  current,
  body,
  onConfirm,
  onClose,
}: {
  draft: ScoringVersionView
  current: ScoringVersionView
  body: PublishBody
  onConfirm: () => Promise<void>
  onClose: () => void
}) {
  const now = useNow(1_000)
  const later = body.effectiveAt && Date.parse(body.effectiveAt) > now
  return (
    <ConfirmDialog
      title={`Publish version ${draft.number} (${draft.key})?`}
      confirmLabel={`Publish ${draft.key}`}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <div data-testid="publish-confirm">
        <p>
          <strong>Version {draft.number}</strong> (<code>{draft.key}</code>) replaces{' '}
          <code>{current.key}</code>{' '}
          {later ? (
            <>
              on{' '}
              <time dateTime={body.effectiveAt}>
                <strong>{absoluteTime(body.effectiveAt!)}</strong>
              </time>
              ; until then new complaints are still ranked by <code>{current.key}</code>.
            </>
          ) : (
            <>
              <strong>as soon as you confirm</strong>: new complaints are ranked by it from then on.
            </>
          )}
        </p>
        <p>
          Every console is told at once. Its scores are added to every stored complaint in the
          background, beside the ones they have: no score is rewritten, and the history of every
          complaint under every earlier version is kept.
        </p>
        <p>
          A published version cannot be edited or withdrawn; changing it again means publishing a
          new version. The changelog entry is shown to everyone:
        </p>
        <blockquote className="publish-changelog" dir="auto">
          {body.changelog}
        </blockquote>
      </div>
    </ConfirmDialog>
  )
}
