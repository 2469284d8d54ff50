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
  'no-source': () => 'No source feeds this brand: nothing new arrives',
  archived: () => 'Archived: this brand listens to nothing',
}

/**
 * Beside "Live": a connected console with nothing left to receive says so, rather than
 * looking like a quiet moment. Nothing while the brand listens, or while it is not known.
 */
export function ListeningNote({ brandId }: { brandId: string }) {
  const { data } = usePolled((signal) => api.brandListening(brandId, signal), POLL_MS, brandId)
  if (!data || data.state === 'listening') return null
  return (
    <span className="conn-age" data-testid="listening-note" data-state={data.state}>
      {TEXT[data.state](data.demo)}
    </span>
  )
}
