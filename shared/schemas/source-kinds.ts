import { z } from 'zod'

/**
 * The networks an admin can point a brand at, each with what its source needs: settings
 * (`config`, shown back) and credentials (`secrets`, write-only, sealed at rest). The worker's
 * connector for a kind parses its config with the same schema. `fields` drives the console's
 * form; the schema is what decides.
 */
const httpUrl = z
  .string()
  .trim()
  .url('must be a URL')
  .refine((v) => /^https?:\/\//i.test(v), 'must be an http(s) URL')
const wsUrl = z
  .string()
  .trim()
  .url('must be a URL')
  .refine((v) => /^wss?:\/\//i.test(v), 'must be a ws(s) URL')
/** A service's base URL, without a trailing slash (paths are appended to it). */
const baseUrl = httpUrl.transform((u) => u.replace(/\/+$/, ''))
const query = z.string().trim().min(1).max(512).optional()
/** How often the network is asked (the connector's own pace applies when left out). */
const intervalSeconds = z.number().int().min(10).max(86_400).optional()
const secret = z.string().trim().min(1).max(4096)
/** Hashtags, written with or without `#` (kept without). */
const hashtags = z
  .array(
    z
      .string()
      .trim()
      .regex(/^#?[\p{L}\p{N}_]+$/u, 'must be a hashtag'),
  )
  .max(20)
  .transform((tags) => tags.map((t) => t.replace(/^#/, '')))

export interface SourceField {
  name: string
  label: string
  type: 'text' | 'url' | 'list' | 'number' | 'secret'
  required?: boolean
  placeholder?: string
  help?: string
}

const INTERVAL: SourceField = {
  name: 'intervalSeconds',
  label: 'Ask every (seconds)',
  type: 'number',
  placeholder: '60',
}
const QUERY: SourceField = {
  name: 'query',
  label: 'Search query',
  type: 'text',
  help: "Left empty, the brand's tracked terms are searched.",
}

export const SOURCE_KINDS = {
  bluesky: {
    label: 'Bluesky search',
    config: z.object({
      /** The user's PDS: it checks the app password and proxies search to the AppView. */
      service: baseUrl.default('https://bsky.social'),
      /** Where follower counts are read (public, no login). */
      appViewUrl: baseUrl.default('https://public.api.bsky.app'),
      query,
      /** Posts per page, 1 to 100. */
      pageSize: z.number().int().min(1).max(100).default(100),
      /** Pages read in one poll; a longer backlog continues at the next poll. */
      maxPagesPerPoll: z.number().int().min(1).max(50).default(5),
      /** How long to wait once caught up. */
      intervalSeconds: z.number().int().min(10).max(86_400).default(60),
      /** How far back a new source starts. */
      backfillHours: z
        .number()
        .min(0)
        .max(24 * 7)
        .default(1),
    }),
    secrets: z.object({
      identifier: z.string().trim().min(1, 'a handle, DID or e-mail address'),
      appPassword: z.string().min(1, 'an app password (Settings > Privacy and security)'),
    }),
    fields: [
      { name: 'service', label: 'Your PDS', type: 'url', placeholder: 'https://bsky.social' },
      QUERY,
      INTERVAL,
      { name: 'identifier', label: 'Handle or email', type: 'secret', required: true },
      {
        name: 'appPassword',
        label: 'App password',
        type: 'secret',
        required: true,
        help: 'Bluesky search needs a signed-in account: create an app password in its settings.',
      },
    ],
  },
  'bluesky-jetstream': {
    label: 'Bluesky live stream (Jetstream)',
    config: z.object({
      url: wsUrl.default('wss://jetstream2.us-east.bsky.network/subscribe'),
      /** Where authors' followers are read (public, no login); null stores reach unknown. */
      appViewUrl: baseUrl.nullable().default('https://public.api.bsky.app'),
      /**
       * Asks for zstd-compressed frames (`compress=true`, with Jetstream's own dictionary):
       * about half the bytes on the wire, for a little CPU to decompress each frame.
       */
      compress: z.boolean().default(false),
    }),
    secrets: z.object({}),
    fields: [
      {
        name: 'url',
        label: 'Jetstream URL',
        type: 'url',
        placeholder: 'wss://jetstream2.us-east.bsky.network/subscribe',
        help: "Every public post, matched against the brand's terms as it arrives.",
      },
    ],
  },
  mastodon: {
    label: 'Mastodon',
    config: z.object({
      instance: baseUrl,
      hashtags: hashtags.default([]),
      /** Full-text search (needs a user token with read:search); the brand's terms when left out. */
      query,
      intervalSeconds,
      /** Statuses per page: Mastodon's maximum is 40. */
      pageSize: z.number().int().min(1).max(40).default(40),
      /** Pages read per stream in one poll; a longer backlog continues at the next poll. */
      maxPagesPerPoll: z.number().int().min(1).max(50).default(5),
      /** How far back a new source starts. */
      backfillHours: z.number().min(0).max(168).default(1),
    }),
    secrets: z.object({ token: secret.optional() }),
    fields: [
      {
        name: 'instance',
        label: 'Instance',
        type: 'url',
        required: true,
        placeholder: 'https://mastodon.social',
      },
      { name: 'hashtags', label: 'Hashtags', type: 'list', placeholder: 'klout, kloutscore' },
      { ...QUERY, help: 'Full-text search needs an access token with read:search.' },
      INTERVAL,
      { name: 'token', label: 'Access token', type: 'secret' },
    ],
  },
  'mastodon-stream': {
    label: 'Mastodon live stream',
    config: z.object({
      instance: baseUrl,
      hashtags: hashtags.refine((tags) => tags.length > 0, 'name at least one hashtag to follow'),
      /**
       * The instance's streaming endpoint (`configuration.urls.streaming` of /api/v2/instance);
       * most instances serve it on their own host at /api/v1/streaming, the default.
       */
      streamingUrl: wsUrl.optional(),
      /** Statuses per page of the REST catch-up after each connect: Mastodon's maximum is 40. */
      pageSize: z.number().int().min(1).max(40).default(40),
      maxPagesPerPoll: z.number().int().min(1).max(50).default(5),
      /** How far back a new source starts. */
      backfillHours: z.number().min(0).max(168).default(1),
    }),
    /** Since Mastodon 4.2 the streaming API needs a user token (read:statuses). */
    secrets: z.object({ token: secret }),
    fields: [
      {
        name: 'instance',
        label: 'Instance',
        type: 'url',
        required: true,
        placeholder: 'https://mastodon.social',
      },
      {
        name: 'hashtags',
        label: 'Hashtags',
        type: 'list',
        required: true,
        placeholder: 'klout, kloutscore',
      },
      {
        name: 'streamingUrl',
        label: 'Streaming URL',
        type: 'url',
        placeholder: 'wss://streaming.mastodon.social/api/v1/streaming',
        help: 'Only if the instance streams from another host (its /api/v2/instance says where).',
      },
      {
        name: 'token',
        label: 'Access token',
        type: 'secret',
        required: true,
        help: 'A user token with read:statuses (Preferences > Development > New application).',
      },
    ],
  },
  hackernews: {
    label: 'Hacker News',
    config: z.object({
      baseUrl: baseUrl.default('https://hn.algolia.com'),
      query,
      hitsPerPage: z.number().int().min(1).max(1000).default(100),
      /** Requests one poll may make before it hands back its cursor (and asks to come back now). */
      maxRequestsPerPoll: z.number().int().min(1).max(100).default(20),
      intervalSeconds: z.number().int().min(10).max(86_400).default(60),
      /**
       * Deleted items drop out of Algolia without an event; the Firebase API still answers for
       * them with `deleted` or `dead`. Each poll asks about a few recently stored items, in turn.
       */
      firebaseUrl: baseUrl.default('https://hacker-news.firebaseio.com'),
      deleteChecksPerPoll: z.number().int().min(0).max(20).default(2),
    }),
    secrets: z.object({}),
    fields: [QUERY, INTERVAL],
  },
  reddit: {
    label: 'Reddit',
    config: z.object({
      query,
      subreddits: z
        .array(
          z
            .string()
            .trim()
            .regex(/^(r\/)?[A-Za-z0-9_]{2,21}$/, 'must be a subreddit name'),
        )
        .max(20)
        .default([])
        .transform((subs) => subs.map((s) => s.replace(/^r\//, ''))),
      baseUrl: httpUrl.default('https://oauth.reddit.com'),
      authBaseUrl: httpUrl.default('https://www.reddit.com'),
      /** Reddit blocks generic agents: `<platform>:<app id>:<version> (by /u/<account>)`. */
      userAgent: z.string().trim().min(1).max(200).optional(),
      intervalSeconds,
      /** Search page size (Reddit allows at most 100). */
      pageSize: z.number().int().min(1).max(100).default(100),
      /** Pages read per listing per poll; a longer backlog continues at the next poll. */
      maxPages: z.number().int().min(1).max(50).default(10),
    }),
    secrets: z.object({ clientId: secret, clientSecret: secret }),
    fields: [
      QUERY,
      {
        name: 'subreddits',
        label: 'Subreddits (all comments)',
        type: 'list',
        placeholder: 'KloutUsers',
      },
      INTERVAL,
      { name: 'clientId', label: 'App client id', type: 'secret', required: true },
      { name: 'clientSecret', label: 'App secret', type: 'secret', required: true },
    ],
  },
  x: {
    label: 'X',
    config: z.object({
      baseUrl: baseUrl.default('https://api.x.com'),
      /** Overrides the brand's tracked terms; X search operators allowed. */
      query,
      /**
       * Retweets repeat an original's text word for word: kept, one angry post would count as a
       * complaint per retweet. So ` -is:retweet` is added unless this is set or the query already
       * says something about `is:retweet` (then the admin's operator wins).
       */
      includeRetweets: z.boolean().default(false),
      /** X refuses values outside 10–100. */
      maxResults: z.number().int().min(10).max(100).default(100),
      /** Pages read per poll; the rest of a sweep continues at the next poll from the cursor. */
      maxPagesPerPoll: z.number().int().min(1).max(50).default(5),
      intervalSeconds: z.number().int().min(10).max(86_400).default(60),
    }),
    secrets: z.object({ bearerToken: secret }),
    fields: [
      QUERY,
      INTERVAL,
      { name: 'bearerToken', label: 'Bearer token', type: 'secret', required: true },
    ],
  },
  rss: {
    label: 'RSS or Atom feed',
    config: z.object({ url: httpUrl, intervalSeconds }),
    secrets: z.object({}),
    fields: [
      {
        name: 'url',
        label: 'Feed URL',
        type: 'url',
        required: true,
        placeholder: 'https://blog.example.org/feed/',
      },
      { ...INTERVAL, placeholder: '300' },
    ],
  },
} satisfies Record<
  string,
  { label: string; config: z.ZodType; secrets: z.ZodType; fields: SourceField[] }
>

export type SourceKind = keyof typeof SOURCE_KINDS
export const SOURCE_KIND_NAMES = Object.keys(SOURCE_KINDS) as SourceKind[]
export type SourceConfig<K extends SourceKind> = z.infer<(typeof SOURCE_KINDS)[K]['config']>
export type SourceSecrets<K extends SourceKind> = z.infer<(typeof SOURCE_KINDS)[K]['secrets']>

export const isSourceKind = (kind: string): kind is SourceKind => kind in SOURCE_KINDS
