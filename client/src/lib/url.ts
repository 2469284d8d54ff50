/** The brand chosen in the address bar (`?brand=<slug>`), so a link opens the same console. */
export function readBrandParam(): string | null {
  return new URLSearchParams(window.location.search).get('brand')
}

export function writeBrandParam(slug: string, mode: 'push' | 'replace'): void {
  const url = new URL(window.location.href)
  if (url.searchParams.get('brand') === slug) return
  url.searchParams.set('brand', slug)
  if (mode === 'push') window.history.pushState(null, '', url)
  else window.history.replaceState(null, '', url)
}
