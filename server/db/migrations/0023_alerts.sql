-- Spike alerts, their outgoing webhooks and the brand's announcements (issue 16).
--
-- An alert is one episode the spike detector raised on a brand's 5-minute volume or complaint
-- series. (brand, series, at) is unique: a detector pass that runs twice (a retried worker, two
-- workers) raises it once. People acknowledge and resolve it; who and when stay on the row.
CREATE TABLE "alerts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "series" text NOT NULL CHECK ("series" in ('volume', 'complaints')),
  -- The 5-minute bucket that raised it: the spike's first bucket, where its window starts.
  "at" timestamptz NOT NULL,
  "severity" text NOT NULL CHECK ("severity" in ('low', 'medium', 'high')),
  "observed" double precision NOT NULL,
  "expected" double precision NOT NULL,
  "confidence" real NOT NULL CHECK ("confidence" >= 0 AND "confidence" <= 1),
  "state" text DEFAULT 'open' NOT NULL CHECK ("state" in ('open', 'acknowledged', 'resolved')),
  "acknowledged_by" uuid REFERENCES "users"("id"),
  "acknowledged_at" timestamptz,
  "resolved_by" uuid REFERENCES "users"("id"),
  "resolved_at" timestamptz,
  "resolution_note" text,
  "created_at" timestamptz DEFAULT now() NOT NULL,
  -- A resolved alert may skip acknowledgement, but an open one has neither mark.
  CONSTRAINT "alerts_state_whole" CHECK (
    ("state" = 'open' AND "acknowledged_at" IS NULL AND "resolved_at" IS NULL)
    OR ("state" = 'acknowledged' AND "acknowledged_at" IS NOT NULL AND "resolved_at" IS NULL)
    OR ("state" = 'resolved' AND "resolved_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_once" ON "alerts" ("brand_id", "series", "at");
--> statement-breakpoint
-- The banner and the Alerts page: a brand's alerts not yet resolved, newest first.
CREATE INDEX "alerts_active" ON "alerts" ("brand_id", "at" DESC) WHERE "state" <> 'resolved';
--> statement-breakpoint
-- The detector's memory per brand and series (a few kilobytes of JSON, see
-- workers/pipeline/spike-detector.ts) and the last bucket it was given, saved in the transaction
-- that raises its alerts, so a pass resumes exactly where the last committed one stopped.
CREATE TABLE "spike_detectors" (
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "series" text NOT NULL CHECK ("series" in ('volume', 'complaints')),
  "state" jsonb,
  "last_bucket" timestamptz,
  "updated_at" timestamptz DEFAULT now() NOT NULL,
  PRIMARY KEY ("brand_id", "series")
);
--> statement-breakpoint
-- Where a brand's alerts go. The signing secret is sealed like source credentials (AES-256-GCM
-- envelope, server/lib/secret-box.ts): shown once when created, never returned again. So is the
-- URL, whose query can hold a token (Slack's do); `url_shown` is what the API may show of it.
CREATE TABLE "alert_webhooks" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "url_ciphertext" text NOT NULL,
  "url_shown" text NOT NULL,
  "format" text DEFAULT 'standard' NOT NULL CHECK ("format" in ('standard', 'slack')),
  "secret_ciphertext" text NOT NULL,
  "enabled" boolean DEFAULT true NOT NULL,
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamptz DEFAULT now() NOT NULL,
  -- Deleting keeps the row (its delivery log refers to it) and stops every delivery.
  "deleted_at" timestamptz
);
--> statement-breakpoint
CREATE INDEX "alert_webhooks_by_brand" ON "alert_webhooks" ("brand_id") WHERE "deleted_at" IS NULL;
--> statement-breakpoint
-- Every attempt to deliver an alert (or a test message: alert_id null) to a webhook, as it went:
-- the HTTP status, or the error in words (never the URL's query, the secret or the body).
CREATE TABLE "alert_deliveries" (
  "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "webhook_id" uuid NOT NULL REFERENCES "alert_webhooks"("id"),
  "alert_id" uuid REFERENCES "alerts"("id"),
  -- The Standard Webhooks message id: the same for every attempt of one message.
  "message_id" text NOT NULL,
  "attempt" integer NOT NULL CHECK ("attempt" >= 1),
  "status" integer,
  "ok" boolean NOT NULL,
  "error" text,
  "at" timestamptz DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "alert_deliveries_by_webhook" ON "alert_deliveries" ("webhook_id", "id" DESC);
--> statement-breakpoint
-- What the brand changed or announced, and incidents; scoring versions are recorded by the
-- publishing transaction (one row per brand, kind 'scoring_version', with the version's id).
CREATE TABLE "announcements" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "kind" text NOT NULL CHECK ("kind" in ('change', 'incident', 'scoring_version')),
  "title" text NOT NULL,
  "body" text,
  "url" text,
  "effective_at" timestamptz NOT NULL,
  "announced_at" timestamptz,
  "scoring_version_id" bigint REFERENCES "scoring_versions"("id"),
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT "announcements_scoring_whole" CHECK (
    ("kind" = 'scoring_version') = ("scoring_version_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX "announcements_by_brand" ON "announcements" ("brand_id", "effective_at" DESC);
--> statement-breakpoint
CREATE UNIQUE INDEX "announcements_scoring_once" ON "announcements" ("brand_id", "scoring_version_id") WHERE "scoring_version_id" IS NOT NULL;
