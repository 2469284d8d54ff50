import { z } from 'zod'

/** A configured source as the API shows it: never its credentials. */
export const SourceViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  kind: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** Where a webhook source receives deliveries. */
  webhookUrl: z.string().nullable(),
  hasCredentials: z.boolean(),
  /** A demo or a replay played to its end: nothing more arrives from it. */
  ended: z.boolean(),
  createdAt: z.string(),
})
export type SourceView = z.infer<typeof SourceViewSchema>

/** A Standard Webhooks signing secret. */
export const WebhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ followed by a base64 key of 24+ bytes')

export const CreateWebhookSourceBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** An existing producer's secret to register; a new one is generated when left out. */
  secret: WebhookSecretSchema.optional(),
})

/** Replaces a webhook source's secrets: the current first, then any still accepted while producers rotate. */
export const UpdateSourceCredentialsBody = z.object({
  webhookSecrets: z.array(WebhookSecretSchema).min(1).max(5),
})

export const SourceParams = z.object({
  sourceId: z.string().regex(/^src_[A-Za-z0-9_-]{1,64}$/, 'must be a source id (src_...)'),
})
/** The webhook route names its source the same way. */
export const WebhookParams = SourceParams
