-- A source's health, kept by the poller beside its cursor: when it last answered, what went
-- wrong last, how many polls in a row failed, and when it may be asked again (a network's
-- rate-limit reset, a backoff, or an open circuit after repeated failures).
ALTER TABLE "sources" ADD COLUMN "last_polled_at" timestamptz;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_success_at" timestamptz;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_error_at" timestamptz;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "next_poll_at" timestamptz;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "circuit_open_until" timestamptz;--> statement-breakpoint
-- Posts stored per minute over the last hour, [[minute epoch, count], ...]: posts per hour
-- without counting the posts table.
ALTER TABLE "sources" ADD COLUMN "recent_ingest" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- The languages a brand listens in (primary subtags); empty listens in every language.
ALTER TABLE "brands" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;
