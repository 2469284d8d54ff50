import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'

/** PostgreSQL's full-text document type, read and written as its text form. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity()
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const tstz = (name: string) => timestamp(name, { withTimezone: true })

/** A watched brand. `event_seq` is the last sequence number handed to one of its events. */
export const brands = pgTable('brands', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  trackedTerms: text('tracked_terms')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  excludedTerms: text('excluded_terms')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** Languages listened in (primary subtags such as `en`); empty means every language. */
  languages: text('languages')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  eventSeq: bigint('event_seq', { mode: 'number' }).notNull().default(0),
  /** Whether anyone may read the brand's "How we rank" page at /public/brands/<slug>/how-we-rank. */
  howWeRankPublic: boolean('how_we_rank_public').notNull().default(false),
  /** Auto-assignment of new complaints to online agents under their cap (off by default). */
  autoAssign: boolean('auto_assign').notNull().default(false),
  assignCap: integer('assign_cap').notNull().default(10),
  /** Which replies need an adviser's approval (shared/schemas/approval.ts); none by default. */
  approvalMode: text('approval_mode').notNull().default('none'),
  approvalThreshold: real('approval_threshold'),
  approvalUserIds: uuid('approval_user_ids')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  /** Response targets per priority band (shared/sla.ts); null: Firebreak's defaults. */
  slaTargets: jsonb('sla_targets'),
  /** Days raw posts are kept (the rollups stay); null keeps them. */
  postRetentionDays: integer('post_retention_days'),
  /** Days rollups are kept, every grain alike. */
  rollupRetentionDays: integer('rollup_retention_days').notNull().default(730),
  /** When an admin archived the brand: it listens to nothing and leaves the picker; its data stays. */
  archivedAt: tstz('archived_at'),
  createdAt: createdAt(),
})

/** A configured way posts arrive for a brand (webhook, replay, demo, network connector). */
export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  brandId: uuid('brand_id')
    .notNull()
    .references(() => brands.id),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  config: jsonb('config').notNull().default({}),
  /** Encrypted credentials (AES-256-GCM envelope); never returned, logged or queued. */
  secretsCiphertext: text('secrets_ciphertext'),
  /** Where the source resumes; advanced in the same transaction as the posts it covers. */
  cursor: jsonb('cursor'),
  /** Health, kept by the poller: the last answer, the last error, failures in a row. */
  lastPolledAt: tstz('last_polled_at'),
  lastSuccessAt: tstz('last_success_at'),
  lastError: text('last_error'),
  lastErrorAt: tstz('last_error_at'),
  failures: integer('failures').notNull().default(0),
  /** Not asked again before this: a rate-limit reset, a backoff, or the network's own pace. */
  nextPollAt: tstz('next_poll_at'),
  /** Set after repeated failures: the source rests until then, then one poll probes it. */
  circuitOpenUntil: tstz('circuit_open_until'),
  /** Posts stored per minute over the last hour: `[minute epoch, count][]`. */
  recentIngest: jsonb('recent_ingest').$type<Array<[number, number]>>().notNull().default([]),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
})

/** A person or account on a network, with the reach signals the network gives. */
export const authors = pgTable(
  'authors',
  {
    id: id(),
    /**
     * Whose word this row is: `source:<id>` (a configured source) or `brand:<id>` (a one-off
     * import); '' for authors stored before sources had namespaces. A source writes only its own.
     */
    namespace: text('namespace').notNull().default(''),
    network: text('network').notNull(),
    externalId: text('external_id').notNull(),
    handle: text('handle').notNull(),
    displayName: text('display_name'),
    followers: bigint('followers', { mode: 'number' }),
    karma: bigint('karma', { mode: 'number' }),
    /** The network vouches for the account (X, Bluesky); null where it does not say. */
    verified: boolean('verified'),
    /** Latest reach 0..1, normalised within the author's network (see author_reach). */
    reach: real('reach'),
    reachComputedAt: tstz('reach_computed_at'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('authors_identity').on(t.namespace, t.network, t.externalId),
    index('authors_network_identity').on(t.network, t.externalId),
  ],
)

/**
 * An author's reach over time: the network's signals as they were, the log-scaled raw score,
 * and its percentile among the authors seen on the same network. A row is added whenever the
 * reach changes; rows are never updated.
 */
export const authorReach = pgTable(
  'author_reach',
  {
    id: id(),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => authors.id),
    network: text('network').notNull(),
    followers: bigint('followers', { mode: 'number' }),
    karma: bigint('karma', { mode: 'number' }),
    verified: boolean('verified'),
    /** Median weighted engagement (likes + 2 x shares + replies) of the author's posts. */
    typicalEngagement: real('typical_engagement').notNull(),
    raw: real('raw').notNull(),
    reach: real('reach').notNull(),
    computedAt: tstz('computed_at').notNull().defaultNow(),
  },
  (t) => [index('author_reach_history').on(t.authorId, t.computedAt)],
)

/**
 * How raw reach is spread on one network at its last full refresh: the sorted raw scores of
 * every author (up to 1,001 of them), else 1,001 evenly spaced quantiles. An author scored
 * before the next refresh is placed on it (server/domain/reach/reach-scale.ts).
 */
export const reachScales = pgTable('reach_scales', {
  network: text('network').primaryKey(),
  authors: integer('authors').notNull(),
  breakpoints: doublePrecision('breakpoints').array().notNull(),
  computedAt: tstz('computed_at').notNull().defaultNow(),
})

/** One person behind accounts on several networks, linked by advisers. */
export const people = pgTable('people', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
})

/** Which person an account belongs to; removing the row unlinks it (both audited). */
export const authorLinks = pgTable(
  'author_links',
  {
    authorId: bigint('author_id', { mode: 'number' })
      .primaryKey()
      .references(() => authors.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    linkedBy: uuid('linked_by').references(() => users.id),
    linkedAt: tstz('linked_at').notNull().defaultNow(),
  },
  (t) => [index('author_links_person').on(t.personId)],
)

/** A public post about a brand; (brand, network, external id) is its identity. */
export const posts = pgTable(
  'posts',
  {
    id: id(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    network: text('network').notNull(),
    externalId: text('external_id').notNull(),
    /** The configured source it first arrived through; null for one-off imports. */
    sourceId: text('source_id').references(() => sources.id),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => authors.id),
    url: text('url'),
    text: text('text').notNull(),
    lang: text('lang'),
    postedAt: tstz('posted_at').notNull(),
    ingestedAt: tstz('ingested_at').notNull().defaultNow(),
    likes: bigint('likes', { mode: 'number' }).notNull().default(0),
    replies: bigint('replies', { mode: 'number' }).notNull().default(0),
    shares: bigint('shares', { mode: 'number' }).notNull().default(0),
    inReplyTo: text('in_reply_to'),
    /** The thread this post belongs to: the source's thread id, else the root it replies to. */
    threadKey: text('thread_key').notNull(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    uniqueIndex('posts_identity').on(t.brandId, t.network, t.externalId),
    index('posts_author').on(t.authorId, t.postedAt),
    index('posts_thread').on(t.brandId, t.network, t.threadKey),
    index('posts_by_brand_posted').on(t.brandId, t.postedAt),
  ],
)

/** What the analyzer concluded about a post, per analyzer version. */
export const analyses = pgTable(
  'analyses',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id),
    version: text('version').notNull(),
    sentiment: real('sentiment').notNull(),
    label: text('label').notNull(),
    isComplaint: boolean('is_complaint').notNull(),
    /** Probability of the label; null for analyzers before firebreak-lr-1. */
    confidence: real('confidence'),
    /** Probability that the post is a complaint; null for analyzers before firebreak-lr-1. */
    complaintScore: real('complaint_score'),
    /** ISO 639-1 code the analyzer detected ("und" when it could not tell). */
    language: text('language'),
    explanation: jsonb('explanation').notNull(),
    /** The author's reach (0..1) when the post was analysed: what the rollups weigh it by. */
    authorReach: real('author_reach'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.version] })],
)

/** A post's priority under one scoring version, with its itemised explanation. Never updated. */
export const scores = pgTable(
  'scores',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id),
    version: text('version').notNull(),
    priority: real('priority').notNull(),
    explanation: jsonb('explanation').notNull(),
    /** The part that does not grow with waiting, and the queue's ordering key (see ranking.ts). */
    basePriority: real('base_priority'),
    rankKey: doublePrecision('rank_key'),
    /**
     * 0 when the post is scored; a complaint's lead is scored again, under the same version,
     * as its thread gains replies: each time a row with the next revision is added.
     */
    revision: integer('revision').notNull().default(0),
    /** The thread's replies the score counted as the lead's (more than its own); null if none. */
    threadReplies: integer('thread_replies'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.version, t.revision] })],
)

/**
 * The scoring configuration as data, one row per version. A version is a draft until it is
 * published with a changelog and an effective time; published versions never change. New
 * scores use the newest published version in effect; `rescore_*` tracks adding its rows.
 */
export const scoringVersions = pgTable(
  'scoring_versions',
  {
    id: id(),
    number: integer('number').notNull().unique(),
    /** The readable version string stored with every score: `priority-<number>`. */
    key: text('key').notNull().unique(),
    status: text('status').notNull(),
    config: jsonb('config').notNull(),
    changelog: text('changelog'),
    effectiveAt: tstz('effective_at'),
    createdBy: uuid('created_by').references(() => users.id),
    publishedBy: uuid('published_by').references(() => users.id),
    createdAt: createdAt(),
    publishedAt: tstz('published_at'),
    rescoreState: text('rescore_state'),
    rescoreDone: bigint('rescore_done', { mode: 'number' }).notNull().default(0),
    rescoreTotal: bigint('rescore_total', { mode: 'number' }),
    /** The last post id rescored: a retried job resumes after it. */
    rescoreCursor: bigint('rescore_cursor', { mode: 'number' }).notNull().default(0),
    rescoreStartedAt: tstz('rescore_started_at'),
    rescoreFinishedAt: tstz('rescore_finished_at'),
  },
  (t) => [
    check('scoring_versions_status', sql`${t.status} in ('draft', 'published')`),
    // One draft at a time: proposals are edited in place until published.
    uniqueIndex('scoring_versions_one_draft')
      .on(t.status)
      .where(sql`status = 'draft'`),
  ],
)

/** The triage unit: a thread that holds at least one complaint. */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    network: text('network').notNull(),
    threadKey: text('thread_key').notNull(),
    leadPostId: bigint('lead_post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id),
    /** Its place in the triage state table (shared/triage.ts). */
    state: text('state').notNull().default('new'),
    /** Bumped by every triage change; a change names the version it saw (409 when stale). */
    version: integer('version').notNull().default(0),
    stateChangedAt: tstz('state_changed_at'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    assignedAt: tstz('assigned_at'),
    /** Hidden from the queue until then; cleared (with a history row) when it returns. */
    snoozedUntil: tstz('snoozed_until'),
    dismissReason: text('dismiss_reason'),
    dismissNote: text('dismiss_note'),
    /**
     * The inbox search's words (tsvector, 'simple'): every post's text of the thread and its
     * authors' handles and names; kept by the analysis transaction (search-text.ts).
     */
    search: tsvector('search'),
    /** Priority of the lead post when it was scored (waiting up to then included). */
    priority: real('priority').notNull(),
    scoringVersion: text('scoring_version').notNull(),
    /** Live priority is `base_priority + waiting_rate * hours since waiting_since`. */
    basePriority: real('base_priority').notNull().default(0),
    waitingRate: real('waiting_rate').notNull().default(0),
    waitingSince: tstz('waiting_since'),
    /** `base - rate * hours(waiting_since)`: ordering by it is ordering by live priority. */
    rankKey: doublePrecision('rank_key').notNull().default(0),
    /**
     * Followers of the lead post's author on the complaint's network, for the inbox's reach
     * filter; kept in step by triggers (0015_complaint_filters.sql), never written by code.
     */
    leadFollowers: bigint('lead_followers', { mode: 'number' }),
    /**
     * The lead post's author, for the top complainers of a period; kept in step by the same
     * trigger (and posts' author changes) (0028_complaint_lead_author.sql), never written by code.
     */
    leadAuthorId: bigint('lead_author_id', { mode: 'number' }),
    complaintCount: integer('complaint_count').notNull().default(0),
    /** Stored posts of the thread not deleted at the source, as of the last change. */
    postCount: integer('post_count').notNull().default(0),
    firstSeenAt: tstz('first_seen_at').notNull(),
    lastActivityAt: tstz('last_activity_at').notNull(),
    /**
     * An adviser's pick of the thread: who, when, and why (optional). Null when not picked.
     * Every post of a picked thread scores the pick factor; the audit log keeps the history.
     */
    pickedBy: uuid('picked_by').references(() => users.id),
    pickedAt: tstz('picked_at'),
    pickReason: text('pick_reason'),
    /** The first answer (sent, or recorded as made elsewhere); null until one went out. */
    firstResponseAt: tstz('first_response_at'),
    /** When it last entered `resolved`; a reopen clears it. */
    resolvedAt: tstz('resolved_at'),
    /** The author posted again after an answer: the next answer is owed since (SLA clock). */
    nextResponseFrom: tstz('next_response_from'),
    /** What the latest sent reply did (shared/sla.ts outcomeOf), with its figures. */
    outcome: text('outcome'),
    outcomeBefore: real('outcome_before'),
    outcomeAfter: real('outcome_after'),
    outcomeAt: tstz('outcome_at'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'complaints_pick_whole',
      sql`(${t.pickedBy} is null) = (${t.pickedAt} is null) and (${t.pickReason} is null or ${t.pickedAt} is not null) and char_length(${t.pickReason}) <= 500`,
    ),
    uniqueIndex('complaints_thread').on(t.brandId, t.network, t.threadKey),
    index('complaints_ranked').on(t.brandId, t.state, t.rankKey.desc(), t.id),
    index('complaints_lead_post').on(t.leadPostId),
  ],
)

/**
 * Every change a console sees, numbered per brand, for catch-up after a reconnect. A row
 * names what changed; catch-up serves the subject's current view (consoles upsert by id).
 */
export const events = pgTable(
  'events',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.seq] })],
)

/**
 * Transactional outbox: follow-up work written with the change it follows. A row is done
 * when its job commits; a sweeper re-enqueues rows still pending, so Redis can lose jobs.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    enqueuedAt: tstz('enqueued_at'),
    doneAt: tstz('done_at'),
    /** How often the row's job was added: each dispatch after a lost job has a fresh job id. */
    dispatches: integer('dispatches').notNull().default(0),
  },
  (t) => [
    index('outbox_pending')
      .on(t.id)
      .where(sql`done_at is null`),
  ],
)

/**
 * This database's identity, one row written at the first start: Redis state (queue prefix,
 * job ids) is named by it, so that two databases never take each other's work.
 */
export const instance = pgTable('instance', {
  singleton: boolean('singleton').primaryKey().default(true),
  id: uuid('id').notNull(),
  createdAt: createdAt(),
})

/** Webhook message ids already accepted, so a replayed delivery is refused. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    webhookId: text('webhook_id').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.webhookId] })],
)

/** Payloads that failed validation, with the reason; listed by the API, never dropped. */
export const rejectedPayloads = pgTable(
  'rejected_payloads',
  {
    id: id(),
    brandId: uuid('brand_id').references(() => brands.id),
    sourceId: text('source_id').references(() => sources.id),
    channel: text('channel').notNull(),
    reason: text('reason').notNull(),
    issues: jsonb('issues').notNull().default([]),
    line: integer('line'),
    payload: text('payload').notNull(),
    /** sha256 of the payload: the same bad payload delivered again is kept once. */
    payloadHash: text('payload_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rejected_payloads_once').on(t.channel, t.payloadHash),
    index('rejected_payloads_recent').on(t.createdAt),
  ],
)

/** People who use the console, with their role of the role matrix. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  /** scrypt hash; null until the person sets a password through their setup link. */
  passwordHash: text('password_hash'),
  /** sha256 of a one-time setup (invite) token, and when it stops working. */
  setupTokenHash: text('setup_token_hash').unique(),
  setupTokenExpiresAt: tstz('setup_token_expires_at'),
  isActive: boolean('is_active').notNull().default(true),
  lastSignInAt: tstz('last_sign_in_at'),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
})

/** Append-only record of triage, admin and sign-in actions, one row per action. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_events_recent').on(t.createdAt),
    index('audit_events_action').on(t.action, t.createdAt),
  ],
)

/** Who did what to a complaint, when (shared/schemas/threads.ts): replays to its state. */
export const complaintHistory = pgTable(
  'complaint_history',
  {
    id: id(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    at: tstz('at').notNull().defaultNow(),
    /** Null for Firebreak itself (auto-assignment, an author's new post, a snooze ending). */
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    assigneeId: uuid('assignee_id').references(() => users.id),
    reason: text('reason'),
    note: text('note'),
    until: tstz('until'),
  },
  (t) => [index('complaint_history_by_complaint').on(t.complaintId, t.id)],
)

/** The team's private notes on a thread; never shown to viewers. */
export const complaintNotes = pgTable(
  'complaint_notes',
  {
    id: id(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [index('complaint_notes_by_complaint').on(t.complaintId, t.id)],
)

/** Something that happened to one person (assigned, mentioned, reopened), until read. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    /** What it is about: a complaint, or (`alert_raised`) a spike alert; exactly one. */
    complaintId: uuid('complaint_id').references(() => complaints.id),
    alertId: uuid('alert_id').references((): AnyPgColumn => alerts.id),
    actorId: uuid('actor_id').references(() => users.id),
    createdAt: createdAt(),
    readAt: tstz('read_at'),
  },
  (t) => [index('notifications_recent').on(t.userId, t.id.desc())],
)

/** When auto-assignment last gave each agent of a brand a complaint: its turn order. */
export const assignmentTurns = pgTable(
  'assignment_turns',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lastAssignedAt: tstz('last_assigned_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.userId] })],
)

/** A brand's account on a network that replies go out under; credentials sealed, never shown. */
export const replyAccounts = pgTable(
  'reply_accounts',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    network: text('network').notNull(),
    handle: text('handle').notNull(),
    externalId: text('external_id'),
    /** The PDS, instance or API host; null for the network's own. */
    baseUrl: text('base_url'),
    /** Mastodon: the instance's limit when it is not 500. */
    maxChars: integer('max_chars'),
    /** Encrypted credentials (AES-256-GCM envelope); never returned, logged or queued. */
    secretsCiphertext: text('secrets_ciphertext'),
    /** A 429 asked for no attempt under this account before then. */
    blockedUntil: tstz('blocked_until'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.network] })],
)

/**
 * A reply to a complaint's thread, and its delivery outbox row: queued → sending → sent |
 * failed | unknown (shared/replies.ts). `idempotency_key` is chosen before the first attempt.
 */
export const replies = pgTable(
  'replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    network: text('network').notNull(),
    kind: text('kind').notNull(),
    parentPostId: bigint('parent_post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id),
    text: text('text').notNull(),
    state: text('state').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at'),
    leaseUntil: tstz('lease_until'),
    lastError: text('last_error'),
    externalId: text('external_id'),
    url: text('url'),
    postId: bigint('post_id', { mode: 'number' }).references(() => posts.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    sentAt: tstz('sent_at'),
    /** Bumped by each approval step; a step names the version it saw (409 when stale). */
    version: integer('version').notNull().default(0),
    /** Why the brand's rule held it for approval; null when it did not. */
    approvalReason: text('approval_reason'),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: tstz('approved_at'),
    approvalEdited: boolean('approval_edited').notNull().default(false),
    /** The last send-back: who, when, and the comment for the author. */
    returnedBy: uuid('returned_by').references(() => users.id),
    returnedAt: tstz('returned_at'),
    reviewComment: text('review_comment'),
  },
  (t) => [index('replies_by_complaint').on(t.complaintId, t.createdAt)],
)

/** A response target missed: once per owed answer (complaint, first or next, clock start). */
export const slaBreaches = pgTable(
  'sla_breaches',
  {
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    kind: text('kind').notNull(),
    clockFrom: tstz('clock_from').notNull(),
    band: text('band').notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    dueAt: tstz('due_at').notNull(),
    detectedAt: tstz('detected_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.complaintId, t.kind, t.clockFrom] })],
)

/**
 * Promises made in replies (issue 15): what, who keeps it, by when. `reminded_at` and
 * `overdue_at` record that the reminder and the overdue alarm went out, so each goes once.
 */
export const promises = pgTable(
  'promises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    replyId: uuid('reply_id').references(() => replies.id),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => authors.id),
    what: text('what').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    dueAt: tstz('due_at').notNull(),
    state: text('state').notNull().default('open'),
    remindedAt: tstz('reminded_at'),
    overdueAt: tstz('overdue_at'),
    resolutionUrl: text('resolution_url'),
    resolutionNote: text('resolution_note'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: tstz('resolved_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('promises_by_brand_due').on(t.brandId, t.dueAt),
    index('promises_by_author').on(t.authorId),
  ],
)

/** One author's unsent reply on a complaint, saved as they type; deleted when the reply is sent. */
export const replyDrafts = pgTable(
  'reply_drafts',
  {
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    text: text('text').notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.complaintId, t.authorId] })],
)

/** A brand's canned response: a body with `{{variables}}` (shared/reply-variables.ts). */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    shortcut: text('shortcut'),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('canned_responses_shortcut')
      .on(t.brandId, t.shortcut)
      .where(sql`${t.shortcut} is not null`),
    index('canned_responses_by_brand').on(t.brandId, t.title),
  ],
)

/** What a brand's complaints are about; a merged theme stays for history and holds no posts. */
export const themes = pgTable(
  'themes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    name: text('name').notNull(),
    phrases: text('phrases')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Who named it; null: the name is generated from the phrases. */
    namedBy: uuid('named_by').references(() => users.id),
    hidden: boolean('hidden').notNull().default(false),
    mergedInto: uuid('merged_into'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('themes_by_brand').on(t.brandId)],
)

/** The theme of a complaint post (at most one); rollups_* triggers count it. */
export const postThemes = pgTable(
  'post_themes',
  {
    postId: bigint('post_id', { mode: 'number' })
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    themeId: uuid('theme_id')
      .notNull()
      .references(() => themes.id),
    /** Similarity to the theme when assigned. */
    weight: real('weight').notNull().default(1),
    assignedAt: tstz('assigned_at').notNull().defaultNow(),
    /**
     * The post's posted_at, so a theme's period is one index range (0026). NOT NULL in the
     * database, yet optional here: a writer that leaves it out gets the post's from a trigger.
     */
    postedAt: tstz('posted_at'),
  },
  (t) => [
    // INCLUDE (post_id) in the migration: drizzle's index builder has no INCLUDE.
    index('post_themes_by_theme_posted').on(t.themeId, t.postedAt),
    index('post_themes_by_brand').on(t.brandId, t.themeId),
  ],
)

/**
 * Counts per brand x grain x bucket x breakdown, kept by the rollups_* triggers in the
 * transaction that changes the raw rows (migration 0021); read by repositories/rollups.ts.
 */
export const rollups = pgTable(
  'rollups',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    grain: text('grain').notNull(),
    /** date_trunc(grain, posted_at) in UTC. */
    bucket: tstz('bucket').notNull(),
    dimension: text('dimension').notNull(),
    /** '' for all; the network; the analysed language ('und'); the theme id. */
    key: text('key').notNull(),
    posts: bigint('posts', { mode: 'number' }).notNull().default(0),
    complaints: bigint('complaints', { mode: 'number' }).notNull().default(0),
    positive: bigint('positive', { mode: 'number' }).notNull().default(0),
    neutral: bigint('neutral', { mode: 'number' }).notNull().default(0),
    negative: bigint('negative', { mode: 'number' }).notNull().default(0),
    reachSum: doublePrecision('reach_sum').notNull().default(0),
    reachNegative: doublePrecision('reach_negative').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.grain, t.dimension, t.key, t.bucket] }),
    // The 24 h series from the index alone (0026; INCLUDE of the counts there).
    index('rollups_minute_totals')
      .on(t.brandId, t.bucket)
      .where(sql`grain = 'minute' and dimension = 'all'`),
  ],
)

/**
 * The response KPIs' counts per brand x grain (hour, day) x bucket of arrival
 * (complaints.first_seen_at), kept by the rollups_complaints_* triggers (migration 0025);
 * read by repositories/response-rollups.ts.
 */
export const responseRollups = pgTable(
  'response_rollups',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    grain: text('grain').notNull(),
    /** date_trunc(grain, first_seen_at) in UTC. */
    bucket: tstz('bucket').notNull(),
    /** Complaints not dismissed, and of them the answered ones (the fairness split). */
    arrived: bigint('arrived', { mode: 'number' }).notNull().default(0),
    arrivedAnswered: bigint('arrived_answered', { mode: 'number' }).notNull().default(0),
    /** Answered complaints, dismissed ones too; of them recovered, and with any outcome. */
    answered: bigint('answered', { mode: 'number' }).notNull().default(0),
    recovered: bigint('recovered', { mode: 'number' }).notNull().default(0),
    withOutcome: bigint('with_outcome', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.grain, t.bucket] })],
)

/**
 * The answered complaints of a response_rollups bucket by first-response time, in log bins
 * (response_time_bin in SQL: floor(ln(1 + seconds) / ln(1.02))).
 */
export const responseTimeBins = pgTable(
  'response_time_bins',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    grain: text('grain').notNull(),
    bucket: tstz('bucket').notNull(),
    bin: integer('bin').notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.grain, t.bucket, t.bin] })],
)

/**
 * Where a brand's theme pass stands (0022_themes.sql): the post id it has assigned through, and
 * the counts that decide when its themes are discovered again (workers/pipeline/themes/).
 */
export const themeProgress = pgTable('theme_progress', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => brands.id),
  assignedThrough: bigint('assigned_through', { mode: 'number' }).notNull().default(0),
  seen: integer('seen').notNull().default(0),
  seenAtDiscovery: integer('seen_at_discovery').notNull().default(0),
  unmatched: integer('unmatched').notNull().default(0),
  discoveredAt: tstz('discovered_at'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
})

/**
 * A spike the detector raised on a brand's 5-minute volume or complaint series (issue 16);
 * (brand, series, at) is unique so a detector pass run twice raises it once.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    series: text('series').notNull(),
    at: tstz('at').notNull(),
    severity: text('severity').notNull(),
    observed: doublePrecision('observed').notNull(),
    expected: doublePrecision('expected').notNull(),
    confidence: real('confidence').notNull(),
    state: text('state').notNull().default('open'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedAt: tstz('acknowledged_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: tstz('resolved_at'),
    resolutionNote: text('resolution_note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('alerts_once').on(t.brandId, t.series, t.at)],
)

/** The spike detector's memory per brand and series, and the last bucket it was given. */
export const spikeDetectors = pgTable(
  'spike_detectors',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    series: text('series').notNull(),
    state: jsonb('state'),
    lastBucket: tstz('last_bucket'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.series] })],
)

/** Where a brand's alerts go; URL and signing secret sealed, shown once when created. */
export const alertWebhooks = pgTable('alert_webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  brandId: uuid('brand_id')
    .notNull()
    .references(() => brands.id),
  urlCiphertext: text('url_ciphertext').notNull(),
  urlShown: text('url_shown').notNull(),
  format: text('format').notNull().default('standard'),
  secretCiphertext: text('secret_ciphertext').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  deletedAt: tstz('deleted_at'),
})

/** One attempt to deliver an alert (or a test message) to a webhook, as it went. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: id(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => alertWebhooks.id),
    alertId: uuid('alert_id').references(() => alerts.id),
    messageId: text('message_id').notNull(),
    attempt: integer('attempt').notNull(),
    status: integer('status'),
    ok: boolean('ok').notNull(),
    error: text('error'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('alert_deliveries_by_webhook').on(t.webhookId, t.id.desc())],
)

/** A change the brand made or announced, an incident, or a scoring version (recorded by Firebreak). */
export const announcements = pgTable(
  'announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => brands.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    url: text('url'),
    effectiveAt: tstz('effective_at').notNull(),
    announcedAt: tstz('announced_at'),
    scoringVersionId: bigint('scoring_version_id', { mode: 'number' }).references(
      () => scoringVersions.id,
    ),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('announcements_by_brand').on(t.brandId, t.effectiveAt.desc())],
)
