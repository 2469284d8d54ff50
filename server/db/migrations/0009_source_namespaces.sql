-- A source writes authors only in its own namespace: `source:<id>` for a configured source,
-- `brand:<id>` for a one-off import into a brand. The same account reaching Firebreak through
-- two sources is two rows, each as its source said, grouped as one complainer by its network
-- identity; no source can rename another's author or zero its followers. Authors stored
-- before keep the shared namespace ''.
-- Idempotent, so that renumbering it while branches merge cannot break a database.
ALTER TABLE "authors" ADD COLUMN IF NOT EXISTS "namespace" text DEFAULT '' NOT NULL;
--> statement-breakpoint
DROP INDEX IF EXISTS "authors_source_external_id";
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "authors_identity" ON "authors" USING btree ("namespace","source","external_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "authors_network_identity" ON "authors" USING btree ("source","external_id");
