import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { AnnouncementView } from '../../../../shared/schemas/announcements.js'
import { absoluteTime, safeHttpUrl } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { AnnouncementForm } from './AnnouncementForm.js'
import { announcementsKey } from './announcementsApi.js'
import './announcements.css'

const KIND_TEXT = {
  change: 'Change',
  incident: 'Incident',
  scoring_version: 'Ranking update',
} as const
/** "3 min", "6 h", "2 days": the span compared on each side of the change. */
function span(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`
  if (hours < 48) return `${Math.round(hours)} h`
  return `${Math.round(hours / 24)} days`
}
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`)

function firstText(a: AnnouncementView): string {
  if (a.announcedFirst === null) return a.announcedAt ? 'Not yet in effect' : 'Not announced'
  return a.announcedFirst ? 'Yes' : 'No'
}

/**
 * What the brand changed or announced, and incidents: for each, complaints and the negative
 * share in the same span before and after it took effect, and whether users were told first.
 * Advisers record new ones here.
 */
export function AnnouncementsCard({
  brandId,
  announcements,
  canManage,
}: {
  brandId: string
  announcements: readonly AnnouncementView[]
  canManage: boolean
}) {
  const client = useQueryClient()
  const [adding, setAdding] = useState(false)
  const sorted = [...announcements].sort(
    (a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt),
  )
  return (
    <section
      className="dash-card announcements"
      aria-labelledby="ann-title"
      data-testid="dash-announcements"
    >
      <div className="dash-card-head">
        <h2 id="ann-title">Changes and announcements</h2>
        {canManage && !adding && (
          <Button
            size="sm"
            className="no-print"
            onClick={() => setAdding(true)}
            data-testid="ann-add"
          >
            Record one
          </Button>
        )}
      </div>
      {adding && (
        <AnnouncementForm
          brandId={brandId}
          onDone={() => {
            setAdding(false)
            void client.invalidateQueries({ queryKey: announcementsKey(brandId) })
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {sorted.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">In effect</th>
              <th scope="col">Told users first?</th>
              <th scope="col" className="num">
                Complaints before → after
              </th>
              <th scope="col" className="num">
                Negative share before → after
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => {
              const url = safeHttpUrl(a.url)
              return (
                <tr key={a.id} data-testid="announcement">
                  <th scope="row">
                    <span className={`ann-kind ann-kind-${a.kind}`}>{KIND_TEXT[a.kind]}</span>{' '}
                    {url ? (
                      <a href={url} target="_blank" rel="noreferrer noopener">
                        {a.title}
                      </a>
                    ) : (
                      a.title
                    )}
                  </th>
                  <td>{absoluteTime(a.effectiveAt)}</td>
                  <td>
                    <span className={`ann-first ann-first-${String(a.announcedFirst)}`}>
                      {firstText(a)}
                    </span>
                    {a.announcedAt && (
                      <span className="ann-sub">announced {absoluteTime(a.announcedAt)}</span>
                    )}
                  </td>
                  <td className="num">
                    {a.impact
                      ? `${a.impact.before.complaints} → ${a.impact.after.complaints}`
                      : '–'}
                    {a.impact && (
                      <span className="ann-sub">{span(a.impact.windowHours)} each side</span>
                    )}
                  </td>
                  <td className="num">
                    {a.impact
                      ? `${pct(a.impact.before.negativeShare)} → ${pct(a.impact.after.negativeShare)}`
                      : '–'}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
