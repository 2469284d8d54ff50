-- Replies delivered exactly once (issue 15): a brand's reply account per network, with its
-- credentials sealed like a source's, and the replies themselves, which are their own delivery
-- outbox: a worker claims a due row (FOR UPDATE SKIP LOCKED), marks it `sending` and commits
-- before it calls the network, so a row found `sending` after its lease is an attempt whose
-- outcome is unknown and is checked, never blindly repeated.
CREATE TABLE "reply_accounts" (
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "network" text NOT NULL CHECK ("network" in ('bluesky', 'mastodon', 'x', 'reddit')),
  "handle" text NOT NULL,
  "external_id" text,
  "base_url" text,
  "max_chars" integer,
  "secrets_ciphertext" text,
  -- The network's 429 (Retry-After, rate-limit reset): no attempt under this account before then.
  "blocked_until" timestamptz,
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "updated_at" timestamptz DEFAULT now() NOT NULL,
  PRIMARY KEY ("brand_id", "network")
);
--> statement-breakpoint
CREATE TABLE "replies" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "network" text NOT NULL,
  "kind" text NOT NULL CHECK ("kind" in ('delivery', 'elsewhere')),
  "parent_post_id" bigint NOT NULL REFERENCES "posts"("id"),
  "text" text NOT NULL,
  "state" text NOT NULL CHECK ("state" in ('queued', 'sending', 'sent', 'failed', 'unknown')),
  -- Chosen before the first attempt and never changed: Bluesky's record key (a TID),
  -- Mastodon's Idempotency-Key.
  "idempotency_key" text NOT NULL UNIQUE,
  "attempts" integer DEFAULT 0 NOT NULL,
  "next_attempt_at" timestamptz,
  -- While `sending`: the claiming worker's lease; past it, the worker is presumed dead.
  "lease_until" timestamptz,
  "last_error" text,
  "external_id" text,
  "url" text,
  "post_id" bigint REFERENCES "posts"("id"),
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "updated_at" timestamptz DEFAULT now() NOT NULL,
  "sent_at" timestamptz,
  CONSTRAINT "replies_sent_whole" CHECK (("state" = 'sent') = ("sent_at" IS NOT NULL))
);
--> statement-breakpoint
-- What a delivery worker looks at: queued rows that are due, and sending rows whose lease ran out.
CREATE INDEX "replies_due" ON "replies" ("next_attempt_at") WHERE "state" in ('queued', 'sending');
--> statement-breakpoint
CREATE INDEX "replies_by_complaint" ON "replies" ("complaint_id", "created_at");
