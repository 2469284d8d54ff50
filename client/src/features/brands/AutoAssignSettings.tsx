import { useState } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'
import { Switch } from '../../ui/Switch.js'
import { useAction } from '../../ui/useAction.js'

/**
 * Auto-assignment (off by default): new and open complaints go, highest priority first, to
 * agents with a console open on the brand, in turn, up to each one's cap of active complaints.
 */
export function AutoAssignSettings({
  brand,
  canManage,
  onSaved,
}: {
  brand: BrandView
  canManage: boolean
  onSaved: (brand: BrandView) => void
}) {
  const save = useAction()
  const [cap, setCap] = useState(String(brand.autoAssign.cap))
  const send = (enabled: boolean) =>
    void save.run(async () => {
      const value = Number(cap)
      if (!Number.isInteger(value) || value < 1 || value > 500)
        throw new Error('The cap is a whole number from 1 to 500.')
      onSaved(await api.updateBrand(brand.id, { autoAssign: { enabled, cap: value } }))
    })
  return (
    <section className="card settings" aria-labelledby="auto-assign" data-testid="auto-assign">
      <h2 className="card-title" id="auto-assign">
        Auto-assignment
      </h2>
      <p className="card-text">
        When on, unassigned new and open complaints go to agents who have the console open, highest
        priority first and in turn, until each owns as many active complaints as the cap. Offline
        agents are skipped. Every assignment is audited and the agent is notified.
      </p>
      {save.failure && <Notice tone="danger">{save.failure.message}</Notice>}
      <Switch
        checked={brand.autoAssign.enabled}
        disabled={!canManage || save.busy}
        onChange={send}
        testId="auto-assign-toggle"
      >
        {brand.autoAssign.enabled ? 'On' : 'Off'}
      </Switch>
      <label className="auto-assign-cap">
        Active complaints per agent, at most{' '}
        <input
          className="input"
          type="number"
          min={1}
          max={500}
          value={cap}
          disabled={!canManage || save.busy}
          onChange={(e) => setCap(e.target.value)}
          data-testid="auto-assign-cap"
        />
      </label>{' '}
      {canManage && (
        <Button
          disabled={save.busy || cap === String(brand.autoAssign.cap)}
          onClick={() => send(brand.autoAssign.enabled)}
        >
          Save cap
        </Button>
      )}
    </section>
  )
}
