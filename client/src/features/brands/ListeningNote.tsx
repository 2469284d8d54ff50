import { useState } from 'react'
import type { BrandListening } from '../../../../shared/schemas/brands.js'
import { api } from '../../lib/api.js'
import { usePolled } from '../../lib/usePolled.js'

/** Read again this often: a source ends, or a new one is added, while the console is open. */
const POLL_MS = 60_000

const TEXT: Record<Exclude<BrandListening['state'], 'listening'>, (demo: boolean) => string> = {
  ended: (demo) =>
    demo
      ? 'The demo has ended: nothing new arrives'
      : 'Its sources have ended: nothing new arrives',
  'no-source': () => 'No source feeds this brand yet: add one on the Sources page',
  archived: () => 'Archived: this brand listens to nothing',
}

/**
 * Beside "Live": a connected console with nothing left to receive says so, rather than
 * looking like a quiet moment. Nothing while the brand listens, or while it is not known.
 * An admin can play an ended demo again, as a new backlash.
 */
export function ListeningNote({ brandId, canReplay }: { brandId: string; canReplay: boolean }) {
  const listening = usePolled((signal) => api.brandListening(brandId, signal), POLL_MS, brandId)
  const [replay, setReplay] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  })
  const { data } = listening
  if (!data || data.state === 'listening') return null
  const again = async () => {
    setReplay({ busy: true, error: null })
    try {
      await api.replayDemo(brandId)
      setReplay({ busy: false, error: null })
      listening.refresh()
    } catch (err) {
      setReplay({ busy: false, error: (err as Error).message })
    }
  }
  return (
    <span className="conn-age" data-testid="listening-note" data-state={data.state}>
      {replay.error ?? TEXT[data.state](data.demo)}
      {canReplay && data.demo && data.state === 'ended' && (
        <>
          {' · '}
          <button
            type="button"
            className="btn btn-quiet btn-sm"
            onClick={() => void again()}
            disabled={replay.busy}
            data-testid="replay-demo"
          >
            {replay.busy ? 'Starting…' : 'Replay the demo'}
          </button>
        </>
      )}
    </span>
  )
}
