-- Riding out outages. An outbox row's analyze job is named by the database it belongs to, the
-- row and its dispatch number: a row re-added after its job was lost gets a fresh job id, so
-- an old job with the same name (from another database, or one that failed) never stands in.
-- The database's identity lives in `instance`: one row, written at the first start (not here,
-- so that databases cloned from a migrated template each get their own).
-- Idempotent, so that renumbering it while branches merge cannot break a database.
ALTER TABLE "outbox" ADD COLUMN IF NOT EXISTS "dispatches" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "instance" (
  "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
  "id" uuid NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
