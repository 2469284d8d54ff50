import { z } from 'zod'
import { SOURCE_KIND_NAMES } from './source-kinds.js'

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
  /** A network source's settings (never its credentials: only which ones are set). */
  config: z.record(z.string(), z.unknown()),
  secretNames: z.array(z.string()),
  health: z.object({
    /**
     * `live` answered at its last poll; `failing` failed lately and retries with backoff;
     * `resting` opened its circuit after repeated failures or a refusal (the error says which);
     * `paused` by an admin; `ended` played to its end; `push` is a webhook (nothing to poll);
     * `waiting` has not been polled yet.
     */
    state: z.enum(['live', 'failing', 'resting', 'paused', 'ended', 'push', 'waiting']),
    lastPolledAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    failures: z.number().int(),
    nextPollAt: z.string().nullable(),
    circuitOpenUntil: z.string().nullable(),
    postsLastHour: z.number().int(),
  }),
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

const SourceName = z.string().trim().min(1).max(200)

/** A source on a network (its kind's own schema checks `config` and `secrets`). */
export const CreateSourceBody = z.object({
  kind: z.enum(SOURCE_KIND_NAMES),
  name: SourceName,
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).default({}),
})

/**
 * Changes a source: settings replace the old ones; credentials given replace those of the
 * same name (an empty string removes one), those left out are kept. `enabled` pauses/resumes.
 */
export const UpdateSourceBody = z
  .object({
    name: SourceName.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    secrets: z.record(z.string(), z.string()).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')

/** What one real request to the network said (Test connection). */
export const SourceTestResultSchema = z.object({
  ok: z.boolean(),
  /** In words: "Connected: 12 posts about the brand" or the network's own error. */
  message: z.string(),
  posts: z.number().int(),
  setAside: z.number().int(),
  sample: z.array(z.object({ author: z.string(), text: z.string(), postedAt: z.string() })),
})
export type SourceTestResult = z.infer<typeof SourceTestResultSchema>
