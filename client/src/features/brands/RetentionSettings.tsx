import { useState } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'
import { useAction } from '../../ui/useAction.js'

/**
 * How long a brand's data is kept: raw posts (empty: for good) and the rollups the dashboard
 * reads, which outlive the posts. The server checks the bounds and says which field is wrong.
 */
export function RetentionSettings({
  brand,
  canManage,
  onSaved,
}: {
  brand: BrandView
  canManage: boolean
  onSaved: (brand: BrandView) => void
}) {
  const save = useAction()
  const [posts, setPosts] = useState(brand.postRetentionDays?.toString() ?? '')
  const [rollups, setRollups] = useState(String(brand.rollupRetentionDays))
  const [saved, setSaved] = useState(false)
  const dirty =
    posts !== (brand.postRetentionDays?.toString() ?? '') ||
    rollups !== String(brand.rollupRetentionDays)
  const issue = (field: string) => save.failure?.issues.find((i) => i.path === field)?.message

  return (
    <section className="card settings" aria-labelledby="retention-title" data-testid="retention">
      <h2 className="card-title" id="retention-title">
        Data retention
      </h2>
      <p className="card-text">
        Raw posts can expire while the hourly and daily counts behind the dashboard stay, so trends
        remain comparable long after the posts are gone.
      </p>
      {save.failure && !issue('postRetentionDays') && !issue('rollupRetentionDays') && (
        <Notice tone="danger">{save.failure.message}</Notice>
      )}
      {saved && !dirty && <Notice tone="success">Saved. The nightly sweep applies it.</Notice>}
      <form
        className="retention-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save.run(async () => {
            const saved = await api.updateBrand(brand.id, {
              postRetentionDays: posts.trim() === '' ? null : Number(posts),
              rollupRetentionDays: Number(rollups),
            })
            setSaved(true)
            onSaved(saved)
          })
        }}
      >
        <label>
          <span>Keep raw posts for (days; empty: always)</span>
          <input
            className="input"
            type="number"
            min={1}
            max={3650}
            value={posts}
            disabled={!canManage || save.busy}
            onChange={(e) => setPosts(e.target.value)}
            aria-invalid={!!issue('postRetentionDays')}
            data-testid="retention-posts"
          />
          {issue('postRetentionDays') && (
            <span className="field-error">{issue('postRetentionDays')}</span>
          )}
        </label>
        <label>
          <span>Keep trend counts for (days, 30 to 3650)</span>
          <input
            className="input"
            type="number"
            min={30}
            max={3650}
            required
            value={rollups}
            disabled={!canManage || save.busy}
            onChange={(e) => setRollups(e.target.value)}
            aria-invalid={!!issue('rollupRetentionDays')}
            data-testid="retention-rollups"
          />
          {issue('rollupRetentionDays') && (
            <span className="field-error">{issue('rollupRetentionDays')}</span>
          )}
        </label>
        {canManage && (
          <Button type="submit" variant="primary" disabled={!dirty || save.busy}>
            Save retention
          </Button>
        )}
      </form>
    </section>
  )
}
