import { useCallback } from 'react'
import { useLocation } from '../../lib/router.js'
import { writeBrandParam } from '../../lib/url.js'

/** The `?brand=<slug>` of the address bar, following back/forward and in-app navigation. */
export function useBrandParam(): [string | null, (slug: string) => void] {
  const slug = useLocation().search.get('brand')
  const select = useCallback((next: string) => writeBrandParam(next, 'push'), [])
  return [slug, select]
}
