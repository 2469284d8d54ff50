/**
 * One ResizeObserver shared by every caller. Its callbacks run after layout, so reading
 * sizes there never forces a synchronous layout, and elements the browser skips rendering
 * (content-visibility: auto, off screen) are measured only once they are shown.
 */
let observer: ResizeObserver | null = null
const callbacks = new Map<Element, (el: Element) => void>()

export function observeSize(el: Element, callback: (el: Element) => void): () => void {
  observer ??= new ResizeObserver((entries) => {
    for (const entry of entries) callbacks.get(entry.target)?.(entry.target)
  })
  callbacks.set(el, callback)
  observer.observe(el)
  return () => {
    observer?.unobserve(el)
    callbacks.delete(el)
  }
}
