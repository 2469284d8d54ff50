import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { ApprovalMode } from '../../../../shared/approval.js'
import type { ReplyApprovalRule } from '../../../../shared/schemas/approval.js'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'
import { useAction } from '../../ui/useAction.js'
import { inboxApi } from '../inbox/inboxApi.js'
import { approvalsApi } from './approvalsApi.js'
import './approvals.css'

const MODES: Array<{ mode: ApprovalMode; label: string; hint: string }> = [
  { mode: 'none', label: 'No approval', hint: 'Every reply goes out when its writer sends it.' },
  {
    mode: 'above_priority',
    label: 'At or above a priority',
    hint: 'Replies to complaints whose priority, when the reply is sent, is at least this.',
  },
  { mode: 'agents', label: 'From chosen people', hint: 'Replies written by the people ticked.' },
  { mode: 'all', label: 'All replies', hint: "Every reply, advisers' own included." },
]

/**
 * Which replies need an adviser's approval before they go out. Nobody approves their own: an
 * adviser's held reply waits for another adviser or an admin. Each change is audited.
 */
export function ApprovalSettings({
  brand,
  canManage,
  onSaved,
}: {
  brand: BrandView
  canManage: boolean
  onSaved: (brand: BrandView) => void
}) {
  const id = useId()
  const rule = brand.replyApproval
  const [mode, setMode] = useState<ApprovalMode>(rule.mode)
  const [threshold, setThreshold] = useState(
    rule.mode === 'above_priority' ? String(rule.threshold) : '60',
  )
  const [userIds, setUserIds] = useState<string[]>(rule.mode === 'agents' ? rule.userIds : [])
  const [saved, setSaved] = useState(false)
  const save = useAction()
  const people = useQuery({
    queryKey: ['triagers', brand.id],
    queryFn: ({ signal }) => inboxApi.triagers(brand.id, signal),
    enabled: mode === 'agents',
  })

  const next = (): ReplyApprovalRule => {
    if (mode === 'above_priority') {
      const value = Number(threshold)
      if (threshold.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1000)
        throw new Error('The priority is a number from 0 to 1000.')
      return { mode, threshold: value }
    }
    if (mode === 'agents') {
      if (!userIds.length) throw new Error('Tick at least one person.')
      return { mode, userIds }
    }
    return { mode }
  }
  const submit = () =>
    void save.run(async () => {
      setSaved(false)
      onSaved(await approvalsApi.setRule(brand.id, next()))
      setSaved(true)
    })

  return (
    <section
      className="card settings approval-settings"
      aria-labelledby={`${id}-title`}
      data-testid="approval-settings"
      id="reply-approval"
    >
      <h2 className="card-title" id={`${id}-title`}>
        Reply approval
      </h2>
      <p className="card-text">
        Which replies wait for an adviser before they go out. A held reply is listed under
        Approvals, where an adviser approves it, edits it, or sends it back with a comment. Nobody
        approves their own reply.
      </p>
      {save.failure && <Notice tone="danger">{save.failure.message}</Notice>}
      {saved && !save.failure && (
        <Notice tone="success">Saved. It applies to replies sent from now on.</Notice>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <fieldset className="approval-modes" disabled={!canManage || save.busy}>
          <legend className="visually-hidden">Replies that need approval</legend>
          {MODES.map((m) => (
            <div key={m.mode} className="approval-mode">
              <label className="approval-mode-label">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value={m.mode}
                  checked={mode === m.mode}
                  onChange={() => {
                    setMode(m.mode)
                    setSaved(false)
                  }}
                  data-testid={`approval-mode-${m.mode}`}
                />
                <span>
                  <strong>{m.label}</strong>
                  <span className="muted approval-mode-hint">{m.hint}</span>
                </span>
              </label>
              {m.mode === 'above_priority' && mode === 'above_priority' && (
                <label className="approval-extra">
                  Priority at least{' '}
                  <input
                    className="input approval-threshold"
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={1000}
                    step="any"
                    value={threshold}
                    onChange={(e) => setThreshold(e.target.value)}
                    data-testid="approval-threshold"
                  />
                </label>
              )}
              {m.mode === 'agents' && mode === 'agents' && (
                <div className="approval-extra" data-testid="approval-people">
                  {people.error && (
                    <Notice tone="danger">
                      Could not load the team: {toApiError(people.error).message}
                    </Notice>
                  )}
                  {people.data?.map((p) => (
                    <label key={p.id} className="approval-person">
                      <input
                        type="checkbox"
                        checked={userIds.includes(p.id)}
                        onChange={(e) =>
                          setUserIds((ids) =>
                            e.target.checked ? [...ids, p.id] : ids.filter((x) => x !== p.id),
                          )
                        }
                      />
                      <bdi>{p.name}</bdi> <span className="muted">({p.role})</span>
                    </label>
                  ))}
                </div>
              )}
            </div>
          ))}
        </fieldset>
        {canManage && (
          <div className="form-actions">
            <Button
              type="submit"
              variant="primary"
              disabled={save.busy}
              data-testid="approval-save"
            >
              {save.busy ? 'Saving…' : 'Save approval rule'}
            </Button>
          </div>
        )}
      </form>
    </section>
  )
}
