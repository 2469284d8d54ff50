/**
 * Where leadership's pages link into the team's: the inbox filtered by a theme or a window, a
 * thread, an alert. The inbox reads `theme`, `from`/`to` and `c` from its address.
 */
export function inboxHref(brandSlug: string, params: Record<string, string>): string {
  return `/inbox?${new URLSearchParams({ brand: brandSlug, ...params })}`
}

/** The queue of complaints written inside an alert's window. */
export const windowHref = (brandSlug: string, window: { from: string; to: string }) =>
  inboxHref(brandSlug, { from: window.from, to: window.to })

export const themeHref = (brandSlug: string, themeId: string) =>
  inboxHref(brandSlug, { theme: themeId })

export const threadHref = (brandSlug: string, complaintId: string) =>
  inboxHref(brandSlug, { c: complaintId })

/** One alert on the Alerts page. */
export const alertHref = (brandSlug: string, alertId: string) =>
  `/alerts?${new URLSearchParams({ brand: brandSlug, state: 'all' })}#alert-${alertId}`
