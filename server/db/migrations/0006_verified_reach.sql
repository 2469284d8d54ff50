-- Whether the network vouches for the account (X's verified, Bluesky's verification); NULL where
-- the network has no such flag or did not say. Kept in the reach history beside the other signals.
ALTER TABLE "authors" ADD COLUMN IF NOT EXISTS "verified" boolean;
--> statement-breakpoint
ALTER TABLE "author_reach" ADD COLUMN IF NOT EXISTS "verified" boolean;
--> statement-breakpoint
-- Each network's spread of raw reach at its last full refresh, so that an author scored before
-- the next one is placed among their network's authors without ranking them all again.
CREATE TABLE IF NOT EXISTS "reach_scales" (
	"network" text PRIMARY KEY NOT NULL,
	"authors" integer NOT NULL,
	"breakpoints" double precision[] NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Version 3 (priority-3 on a standard install): the version in effect with its reach factor
-- reading the author's percentile on their network instead of log followers, and nothing else
-- changed. Published, announced by its changelog, effective now; its rescore is pending, and the
-- worker runs it at start, adding rows beside the older versions' (never replacing them). It
-- takes the next number, so an install that already published its own version 3 keeps it. Seeded
-- once: a second run (a renumbered migration) finds it and adds nothing.
INSERT INTO "scoring_versions" ("number", "key", "status", "config", "changelog", "effective_at", "published_at", "rescore_state")
SELECT n."next", 'priority-' || n."next", 'published',
  cur."config" || '{"reachMeasure":"percentile"}'::jsonb,
  'Author reach now counts where an author stands among everyone Firebreak has seen on the same network (their percentile), instead of a log scale of followers. 5,000 followers mean something different on Bluesky, Mastodon, X, Reddit and Hacker News (where karma stands in), so an author who is loud for their network now counts as loud, wherever they post. The standing is built from followers, karma, how much their posts usually get liked, reposted and answered, and a small bonus for accounts the network verifies (as much as doubling their followers would give). An author not yet placed on their network is read on the old log scale of followers, and their explanation says so. Weights, escalation cues and the waiting time are unchanged, so every complaint still reaches the top within the response target. Scores under earlier versions are kept as they were; this version''s scores are added beside them.',
  now(), now(), 'pending'
FROM (SELECT coalesce(max("number"), 0) + 1 AS "next" FROM "scoring_versions") n,
  (SELECT "config" FROM "scoring_versions"
    WHERE "status" = 'published' AND "effective_at" <= now()
    ORDER BY "effective_at" DESC, "number" DESC LIMIT 1) cur
WHERE NOT EXISTS (
  SELECT 1 FROM "scoring_versions" WHERE "config" ->> 'reachMeasure' = 'percentile');
--> statement-breakpoint
-- A fresh install has nothing to rescore: its pending rescores (this version's, and
-- priority-2's from 0002) are done, so that they never add old-version rows for posts that
-- were scored live under the version in effect before the worker got to them.
UPDATE "scoring_versions" SET "rescore_state" = 'done', "rescore_total" = 0,
  "rescore_started_at" = now(), "rescore_finished_at" = now()
WHERE "rescore_state" = 'pending' AND NOT EXISTS (SELECT 1 FROM "posts");
--> statement-breakpoint
-- Every score row keeps its explanation, which is just over the size PostgreSQL compresses;
-- lz4 compresses it several times faster than the default pglz (a rescore writes a million of
-- them). Rows already stored keep pglz and read as before. Servers built without lz4 (PGlite)
-- keep pglz.
DO $$
BEGIN
  IF 'lz4' = ANY ((SELECT "enumvals" FROM "pg_settings" WHERE "name" = 'default_toast_compression')::text[]) THEN
    ALTER TABLE "scores" ALTER COLUMN "explanation" SET COMPRESSION lz4;
  END IF;
END $$;
