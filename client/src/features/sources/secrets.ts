/**
 * A new Standard Webhooks signing secret, made in the browser from 32 random bytes (the same
 * form the server generates: `whsec_` + base64). It leaves the page only to the API.
 */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return `whsec_${btoa(binary)}`
}
