import { useCallback, useEffect, useState } from 'react'
import { readBrandParam, writeBrandParam } from '../../lib/url.js'

/** The `?brand=<slug>` of the address bar, following back/forward. */
export function useBrandParam(): [string | null, (slug: string) => void] {
  const [slug, setSlug] = useState(readBrandParam)
  useEffect(() => {
    const onPop = () => setSlug(readBrandParam())
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const select = useCallback((next: string) => {
    writeBrandParam(next, 'push')
    setSlug(next)
  }, [])
  return [slug, select]
}
