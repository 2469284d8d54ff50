import { useEffect, useState } from 'react'
import { can } from '../../../../shared/roles.js'
import type { RescoreProgress } from '../../../../shared/schemas/scoring-config.js'
import { api } from '../../lib/api.js'
import { integer } from '../../lib/format.js'
import { useBrandSocket } from '../../lib/brandSocket.js'
import { onBroadcastEvents } from '../../lib/socket.js'
import { useResource } from '../../lib/useResource.js'
import { Notice } from '../../ui/Notice.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { AppShell, type BrandPageProps } from '../shell/AppShell.js'
import { DraftEditor } from './DraftEditor.js'
import { HowWeRank } from './HowWeRank.js'
import { PreviewPanel } from './PreviewPanel.js'
import { PublicRankingNote } from './PublicRankingNote.js'
import { PublishForm } from './PublishForm.js'
import '../../ui/card.css'
import '../../ui/table.css'
import './scoring.css'

/**
 * How we rank (everyone), and for advisers and admins the way to change it: draft, shadow
 * preview, publish. Publications and rescore progress arrive live.
 */
export function ScoringPage({ user, brand, switcher }: BrandPageProps) {
  const { state, reload } = useResource((signal) => api.scoringVersions(signal), 'versions')
  const [progress, setProgress] = useState<Record<number, RescoreProgress>>({})

  const socket = useBrandSocket()
  useEffect(() => {
    if (!socket) return
    return onBroadcastEvents(socket, (b) => {
      if (b.name === 'scoring.published') reload()
      else {
        setProgress((p) => ({ ...p, [b.data.versionId]: b.data }))
        if (b.data.state === 'done') reload()
      }
    })
  }, [socket, reload])

  const versions = state.data ?? []
  const draft = versions.find((v) => v.status === 'draft')
  const current = versions.find((v) => v.isCurrent)
  const rescoring = versions
    .map((v) => progress[v.id] ?? v.rescore)
    .filter((r) => r.state === 'pending' || r.state === 'running')

  return (
    <AppShell user={user} brand={switcher}>
      <PageHeader title="How we rank">
        The ranking of complaints, factor by factor, generated from the configuration in effect, and
        every change to it.
      </PageHeader>
      {state.status === 'loading' && !state.data && <SkeletonRows />}
      {state.status === 'error' && <Notice tone="danger">{state.error.message}</Notice>}
      {rescoring.map((r) => (
        <div className="card rescore" key={r.versionId} data-testid="rescore-progress">
          <strong>
            Rescoring under <code>{r.key}</code>:
          </strong>{' '}
          {integer(r.done)} of {integer(r.total ?? 0)} complaint posts
          <progress max={Math.max(1, r.total ?? 1)} value={Math.min(r.done, r.total ?? r.done)} />
        </div>
      ))}
      <PublicRankingNote user={user} brand={brand} />
      <HowWeRank versions={versions} />
      {can(user.role, 'scoring.propose') && current && (
        <>
          <DraftEditor key={draft?.id ?? 'new'} base={draft ?? current} onSaved={reload} />
          {draft && <PreviewPanel draft={draft} brandId={brand.id} />}
          {draft && can(user.role, 'scoring.publish') && (
            <PublishForm draft={draft} current={current} onPublished={reload} />
          )}
        </>
      )}
    </AppShell>
  )
}
