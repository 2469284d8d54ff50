import type { SetupLinkResult } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { CopyField } from '../../ui/CopyField.js'
import { CheckIcon } from '../../ui/icons.js'
import '../../ui/card.css'

/** A freshly issued setup link, shown once: the server keeps only its hash. */
export function SetupLinkCard({
  result,
  onClose,
}: {
  result: SetupLinkResult
  onClose: () => void
}) {
  return (
    <section className="card card-success" aria-labelledby="setup-link-done">
      <h2 className="card-title" id="setup-link-done">
        <CheckIcon size={16} /> New setup link for {result.data.name}
      </h2>
      <p className="card-text">
        Send this link to <strong>{result.data.email}</strong> yourself, over a channel you trust.
        It sets a new password once and works for <strong>72 hours</strong>; any earlier link no
        longer works. It is shown only now: copy it before closing.
      </p>
      <CopyField label="Setup link" value={result.setupUrl} secret testId="setup-link-url" />
      <div className="card-actions">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </section>
  )
}
