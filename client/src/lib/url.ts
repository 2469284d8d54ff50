import { setSearchParams } from './router.js'

/** The brand chosen in the address bar (`?brand=<slug>`), so a link opens the same console. */
export function writeBrandParam(slug: string, mode: 'push' | 'replace'): void {
  setSearchParams({ brand: slug }, mode)
}

/** A path with the current `?brand=` carried along, so moving between pages keeps the brand. */
export function withBrand(path: string, slug: string | null | undefined): string {
  return slug ? `${path}?brand=${encodeURIComponent(slug)}` : path
}
