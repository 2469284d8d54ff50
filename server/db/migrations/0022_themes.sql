-- Themes (issue 16): where each brand's theme pass stands. The pass walks the brand's posts in
-- id order: `assigned_through` is the last post id it is done with (a post not analysed yet
-- holds it back, for at most ten minutes). `seen` counts the complaint posts it passed,
-- `seen_at_discovery` that count when themes were last discovered, `unmatched` those since
-- that joined no theme: workers/pipeline/themes/rediscover.ts decides from them when to
-- discover again. One row per brand, written only by the pass (under a row lock).
CREATE TABLE "theme_progress" (
  "brand_id" uuid PRIMARY KEY REFERENCES "brands"("id"),
  "assigned_through" bigint DEFAULT 0 NOT NULL,
  "seen" integer DEFAULT 0 NOT NULL,
  "seen_at_discovery" integer DEFAULT 0 NOT NULL,
  "unmatched" integer DEFAULT 0 NOT NULL,
  "discovered_at" timestamptz,
  "updated_at" timestamptz DEFAULT now() NOT NULL
);
