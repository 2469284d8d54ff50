import type {
  AlertView,
  AlertWebhookPayload,
  AlertWebhookView,
} from '../../../shared/schemas/alerts.js'

const SERIES_WORDS: Record<AlertView['series'], string> = {
  volume: 'posts',
  complaints: 'complaints',
}

/** The console link that opens the brand's queue on the spike's window. */
export function alertQueueUrl(publicUrl: string, alert: AlertView): string {
  const query = new URLSearchParams({
    brand: alert.brandId,
    from: alert.window.from,
    to: alert.window.to,
  })
  return `${publicUrl}/inbox?${query}`
}

/** One line a person reads in a chat channel. Brand names and themes are data, never markup. */
export function alertText(alert: AlertView | null, brandName: string, url: string): string {
  const brand = slackEscape(brandName)
  if (!alert) return `Firebreak test message for ${brand}: this webhook works. ${url}`
  const words = SERIES_WORDS[alert.series]
  const themes = alert.themes.length
    ? ` About: ${alert.themes.map((t) => slackEscape(t.name)).join(', ')}.`
    : ''
  return (
    `Firebreak: ${alert.severity} spike in ${brand} ${words}: ${Math.round(alert.observed)} in ` +
    `5 minutes from ${alert.at.slice(11, 16)} UTC, about ${Math.round(alert.expected)} expected ` +
    `(${Math.round(alert.confidence * 100)}% sure).${themes} Open the queue: <${url}>`
  )
}

/** Slack reads `&`, `<` and `>` as control characters in `text`. */
const slackEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * The body of a delivery in the webhook's format: Standard Webhooks JSON (`{ type, timestamp,
 * data }`), or Slack's `{ text }`. `alert` null is an admin's test message.
 */
export function webhookBody(
  format: AlertWebhookView['format'],
  input: { alert: AlertView | null; brandName: string; publicUrl: string; now: Date },
): string {
  const url = input.alert ? alertQueueUrl(input.publicUrl, input.alert) : input.publicUrl
  if (format === 'slack')
    return JSON.stringify({ text: alertText(input.alert, input.brandName, url) })
  const payload: AlertWebhookPayload = {
    type: input.alert ? 'alert.raised' : 'alert.test',
    timestamp: input.now.toISOString(),
    data: { alert: input.alert, brandName: input.brandName, url },
  }
  return JSON.stringify(payload)
}
