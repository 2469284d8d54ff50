-- Rollups (issue 16): counts per brand x grain (minute, hour, day) x bucket x breakdown, so the
-- dashboard never scans posts. What is counted: an analysed post (its current analysis: the
-- newest by created_at, then version) that is not deleted. The triggers named rollups_* keep the
-- counts in the transaction that changes the raw rows, so a rolled-back batch leaves no trace and
-- a retried one (analyses insert ON CONFLICT DO NOTHING: the transition table holds only the rows
-- really inserted) counts once. Every trigger makes one upsert with its rows sorted by the
-- primary key, so two transactions touching the same buckets lock them in the same order.
--
-- Retention: raw posts may expire (brands.post_retention_days) while rollups stay. The sweep
-- (server/db/repositories/retention.ts) deletes expired posts with their analyses, scores and
-- themes under `set_config('firebreak.retention', 'on', true)`: nothing here subtracts on a
-- DELETE of posts or analyses, and the post_themes delete trigger (reached by the cascade)
-- returns early under that setting. A complaint is a case record and never expires: its thread's
-- posts stay while it is active or was active since the cutoff, and its lead and the posts its
-- replies point at stay with it; the other posts of an ended, quiet thread expire. Rollups older
-- than brands.rollup_retention_days are dropped; minute rows after 35 days at most.

-- What a brand's complaints are about (the themes worker fills it; 0022 may add columns).
CREATE TABLE "themes" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "name" text NOT NULL,
  "phrases" text[] NOT NULL DEFAULT '{}',
  -- null: the name is generated from the phrases
  "named_by" uuid REFERENCES "users"("id"),
  "hidden" boolean NOT NULL DEFAULT false,
  -- merged themes stay for history and hold no posts
  "merged_into" uuid REFERENCES "themes"("id"),
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "themes_by_brand" ON "themes" ("brand_id");
--> statement-breakpoint
-- The theme of a complaint post (at most one).
CREATE TABLE "post_themes" (
  "post_id" bigint PRIMARY KEY REFERENCES "posts"("id") ON DELETE CASCADE,
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "theme_id" uuid NOT NULL REFERENCES "themes"("id"),
  -- similarity to the theme when assigned
  "weight" real NOT NULL DEFAULT 1,
  "assigned_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "post_themes_by_theme" ON "post_themes" ("theme_id", "post_id");
--> statement-breakpoint
CREATE INDEX "post_themes_by_brand" ON "post_themes" ("brand_id", "theme_id");
--> statement-breakpoint
CREATE TABLE "rollups" (
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "grain" text NOT NULL CHECK ("grain" IN ('minute', 'hour', 'day')),
  -- date_trunc(grain, posts.posted_at) in UTC
  "bucket" timestamptz NOT NULL,
  "dimension" text NOT NULL CHECK ("dimension" IN ('all', 'network', 'language', 'theme')),
  -- '' for all; the network; the analysed language ('und'); the theme id
  "key" text NOT NULL,
  "posts" bigint NOT NULL DEFAULT 0,
  "complaints" bigint NOT NULL DEFAULT 0,
  "positive" bigint NOT NULL DEFAULT 0,
  "neutral" bigint NOT NULL DEFAULT 0,
  "negative" bigint NOT NULL DEFAULT 0,
  -- the posts' author reach (0..1) at analysis time, summed; and over the negative posts
  "reach_sum" double precision NOT NULL DEFAULT 0,
  "reach_negative" double precision NOT NULL DEFAULT 0,
  PRIMARY KEY ("brand_id", "grain", "dimension", "key", "bucket")
);
--> statement-breakpoint
-- null: raw posts are kept
ALTER TABLE "brands" ADD COLUMN "post_retention_days" integer
  CHECK ("post_retention_days" BETWEEN 1 AND 3650);
--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "rollup_retention_days" integer NOT NULL DEFAULT 730
  CHECK ("rollup_retention_days" BETWEEN 30 AND 3650);
--> statement-breakpoint
-- The retention sweep's scan: a brand's posts by when they were written.
CREATE INDEX "posts_by_brand_posted" ON "posts" ("brand_id", "posted_at");
--> statement-breakpoint
-- The author's reach when the post was analysed, so the raw query reproduces the rollups after
-- reach moves on. Analyses made before this migration take the reach their authors have now.
ALTER TABLE "analyses" ADD COLUMN "author_reach" real;
--> statement-breakpoint
UPDATE "analyses" a SET "author_reach" = au."reach"
  FROM "posts" p JOIN "authors" au ON au."id" = p."author_id"
  WHERE p."id" = a."post_id";
--> statement-breakpoint
-- One post's contribution to the rollups, signed: n = 1 adds it, -1 takes it away.
-- theme_only: only its theme dimension changes (a theme assigned, moved or removed).
CREATE TYPE "rollups_delta" AS (
  "brand_id" uuid,
  "posted_at" timestamptz,
  "network" text,
  "language" text,
  "theme_id" uuid,
  "n" integer,
  "is_complaint" boolean,
  "label" text,
  "reach" double precision,
  "theme_only" boolean
);
--> statement-breakpoint
-- Adds contributions to every grain and dimension in one upsert, rows sorted by the primary key;
-- cells whose changes cancel out are not touched. The deltas are first summed per minute and
-- breakdown: a batch's posts share few minutes, so the expansion into grains stays small.
CREATE FUNCTION rollups_apply(deltas rollups_delta[]) RETURNS void LANGUAGE sql AS $$
  WITH minutes AS (
    SELECT d.brand_id, date_trunc('minute', d.posted_at, 'UTC') AS minute, d.network,
      d.language, d.theme_id, d.theme_only,
      sum(d.n) AS posts,
      coalesce(sum(d.n) FILTER (WHERE d.is_complaint), 0) AS complaints,
      coalesce(sum(d.n) FILTER (WHERE d.label = 'positive'), 0) AS positive,
      coalesce(sum(d.n) FILTER (WHERE d.label = 'neutral'), 0) AS neutral,
      coalesce(sum(d.n) FILTER (WHERE d.label = 'negative'), 0) AS negative,
      sum(d.n * d.reach) AS reach_sum,
      coalesce(sum(d.n * d.reach) FILTER (WHERE d.label = 'negative'), 0) AS reach_negative
    FROM unnest(deltas) d
    GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO rollups AS r (brand_id, grain, dimension, key, bucket, posts, complaints, positive,
    neutral, negative, reach_sum, reach_negative)
  SELECT m.brand_id, g.grain, k.dimension, k.key,
    CASE g.grain WHEN 'minute' THEN m.minute ELSE date_trunc(g.grain, m.minute, 'UTC') END,
    sum(m.posts), sum(m.complaints), sum(m.positive), sum(m.neutral), sum(m.negative),
    sum(m.reach_sum), sum(m.reach_negative)
  FROM minutes m
  CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) g(grain)
  CROSS JOIN LATERAL (VALUES ('all', ''), ('network', m.network), ('language', m.language),
    ('theme', m.theme_id::text)) k(dimension, key)
  WHERE k.key IS NOT NULL AND (k.dimension = 'theme' OR NOT m.theme_only)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(m.positive) <> 0 OR sum(m.neutral) <> 0 OR sum(m.negative) <> 0
    OR sum(m.complaints) <> 0 OR sum(m.reach_sum) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (brand_id, grain, dimension, key, bucket) DO UPDATE SET
    posts = r.posts + excluded.posts,
    complaints = r.complaints + excluded.complaints,
    positive = r.positive + excluded.positive,
    neutral = r.neutral + excluded.neutral,
    negative = r.negative + excluded.negative,
    reach_sum = r.reach_sum + excluded.reach_sum,
    reach_negative = r.reach_negative + excluded.reach_negative
$$;
--> statement-breakpoint
-- A post's current analysis: the newest (then the greatest version). The raw query uses the same.
CREATE FUNCTION rollups_current_analysis(post bigint) RETURNS SETOF analyses LANGUAGE sql STABLE AS $$
  SELECT * FROM analyses WHERE post_id = post ORDER BY created_at DESC, version DESC LIMIT 1
$$;
--> statement-breakpoint
-- Analyses inserted (once per statement): each touched post's current analysis replaces the one
-- it had before the statement, if any (a post analysed again under a newer analyzer version).
-- One set-based query over the transition table per statement: a batch of 500 posts is one
-- upsert per cell, not 500 trigger calls.
CREATE FUNCTION rollups_on_analyses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollups_apply(array(
    WITH earlier AS (
      SELECT a.post_id, a.created_at, a.version, a.label, a.is_complaint, a.language,
        a.author_reach
      FROM analyses a
      WHERE a.post_id IN (SELECT post_id FROM new_analyses)
        AND NOT EXISTS (
          SELECT 1 FROM new_analyses n WHERE n.post_id = a.post_id AND n.version = a.version)
    ),
    was AS (
      SELECT DISTINCT ON (post_id) * FROM earlier ORDER BY post_id, created_at DESC, version DESC
    ),
    now_current AS (
      SELECT DISTINCT ON (post_id) * FROM (
        SELECT post_id, created_at, version, label, is_complaint, language, author_reach
        FROM new_analyses
        UNION ALL SELECT * FROM earlier) candidates
      ORDER BY post_id, created_at DESC, version DESC
    ),
    changes AS (
      SELECT 1 AS n, * FROM now_current UNION ALL SELECT -1, * FROM was
    )
    SELECT ROW(p.brand_id, p.posted_at, p.network, coalesce(c.language, 'und'), pt.theme_id, c.n,
      c.is_complaint, c.label, coalesce(c.author_reach, 0), false)::rollups_delta
    FROM changes c JOIN posts p ON p.id = c.post_id AND p.deleted_at IS NULL
    LEFT JOIN post_themes pt ON pt.post_id = c.post_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollups_analyses_insert AFTER INSERT ON analyses
  REFERENCING NEW TABLE AS new_analyses
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_analyses();
--> statement-breakpoint
-- A post deleted at its source (or restored). Row-level with a WHEN: deletes come one post at a
-- time, and a statement trigger with transition tables would capture every update of posts.
CREATE FUNCTION rollups_on_post_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollups_apply(array(
    SELECT ROW(NEW.brand_id, NEW.posted_at, NEW.network, coalesce(a.language, 'und'), pt.theme_id,
      CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END, a.is_complaint, a.label,
      coalesce(a.author_reach, 0), false)::rollups_delta
    FROM rollups_current_analysis(NEW.id) a
    LEFT JOIN post_themes pt ON pt.post_id = NEW.id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollups_posts_deleted AFTER UPDATE OF deleted_at ON posts
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION rollups_on_post_deleted();
--> statement-breakpoint
-- Themes assigned, moved (a merge moves many at once) or removed: the theme dimension only.
CREATE FUNCTION rollups_apply_themes(post_ids bigint[], theme_ids uuid[], ns integer[])
RETURNS void LANGUAGE sql AS $$
  SELECT rollups_apply(array(
    SELECT ROW(p.brand_id, p.posted_at, p.network, NULL, c.theme_id, c.n, a.is_complaint, a.label,
      coalesce(a.author_reach, 0), true)::rollups_delta
    FROM unnest(post_ids, theme_ids, ns) c(post_id, theme_id, n)
    JOIN posts p ON p.id = c.post_id AND p.deleted_at IS NULL
    CROSS JOIN LATERAL rollups_current_analysis(c.post_id) a))
$$;
--> statement-breakpoint
CREATE FUNCTION rollups_on_post_themes_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE post_ids bigint[]; theme_ids uuid[]; ns integer[];
BEGIN
  SELECT array_agg(post_id), array_agg(theme_id), array_agg(1) INTO post_ids, theme_ids, ns
    FROM new_themes;
  PERFORM rollups_apply_themes(post_ids, theme_ids, ns);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only rows whose theme changed (a merge moves many at once): the old theme loses the post, the
-- new one gains it.
CREATE FUNCTION rollups_on_post_themes_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE post_ids bigint[]; old_ids uuid[]; new_ids uuid[]; ones integer[];
BEGIN
  SELECT array_agg(o.post_id), array_agg(o.theme_id), array_agg(n.theme_id), array_agg(1)
    INTO post_ids, old_ids, new_ids, ones
    FROM old_themes o JOIN new_themes n ON n.post_id = o.post_id
    WHERE n.theme_id <> o.theme_id;
  -- One upsert for both sides, so its rows are locked in key order like every other.
  PERFORM rollups_apply_themes(post_ids || post_ids, old_ids || new_ids,
    array(SELECT -x FROM unnest(ones) x) || ones);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A removal under `firebreak.retention = on` is raw posts expiring: the rollups stay.
CREATE FUNCTION rollups_on_post_themes_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE post_ids bigint[]; theme_ids uuid[]; ns integer[];
BEGIN
  IF current_setting('firebreak.retention', true) = 'on' THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(post_id), array_agg(theme_id), array_agg(-1) INTO post_ids, theme_ids, ns
    FROM old_themes;
  PERFORM rollups_apply_themes(post_ids, theme_ids, ns);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollups_post_themes_insert AFTER INSERT ON post_themes
  REFERENCING NEW TABLE AS new_themes
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_post_themes_insert();
--> statement-breakpoint
CREATE TRIGGER rollups_post_themes_update AFTER UPDATE ON post_themes
  REFERENCING OLD TABLE AS old_themes NEW TABLE AS new_themes
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_post_themes_update();
--> statement-breakpoint
CREATE TRIGGER rollups_post_themes_delete AFTER DELETE ON post_themes
  REFERENCING OLD TABLE AS old_themes
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_post_themes_delete();
--> statement-breakpoint
-- An upgraded database shows its history: every brand's analysed, undeleted posts, once.
SELECT rollups_apply(array(
  SELECT ROW(p.brand_id, p.posted_at, p.network, coalesce(a.language, 'und'), NULL, 1,
    a.is_complaint, a.label, coalesce(a.author_reach, 0), false)::rollups_delta
  FROM posts p CROSS JOIN LATERAL rollups_current_analysis(p.id) a
  WHERE p.deleted_at IS NULL AND p.brand_id = b.id))
FROM brands b;
