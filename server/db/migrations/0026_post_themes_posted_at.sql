-- Themes list (issue 16): a theme's posts of a period (its top complainers) were found by
-- walking all its post_themes rows and joining each post to test posted_at: seconds for a
-- theme of months. The post's posted_at now rides along in post_themes, so a period is a range
-- of (theme_id, posted_at) and only the rows in it join posts (for deleted_at and the author).
-- Posts' posted_at never changes after ingest (a re-ingest is ON CONFLICT DO NOTHING), so the
-- copy is set once, when the post is placed; merges and splits move theme_id only.
ALTER TABLE "post_themes" ADD COLUMN "posted_at" timestamptz;
--> statement-breakpoint
UPDATE "post_themes" pt SET "posted_at" = p."posted_at" FROM "posts" p WHERE p."id" = pt."post_id";
--> statement-breakpoint
ALTER TABLE "post_themes" ALTER COLUMN "posted_at" SET NOT NULL;
--> statement-breakpoint
-- Writers give posted_at (the theme pass reads it with the post); one that does not (a
-- script, a test) gets the post's, so the copy is never missing or wrong.
CREATE FUNCTION post_themes_fill_posted_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.posted_at INTO NEW.posted_at FROM posts p WHERE p.id = NEW.post_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER post_themes_fill_posted_at BEFORE INSERT ON "post_themes"
  FOR EACH ROW WHEN (NEW.posted_at IS NULL) EXECUTE FUNCTION post_themes_fill_posted_at();
--> statement-breakpoint
-- A theme's posts of a period, read from the index alone; it serves every lookup by theme
-- (counts, merges, splits) that post_themes_by_theme did, which it replaces.
CREATE INDEX "post_themes_by_theme_posted" ON "post_themes" ("theme_id", "posted_at")
  INCLUDE ("post_id");
--> statement-breakpoint
DROP INDEX "post_themes_by_theme";
--> statement-breakpoint
-- Trends over 24 hours (issue 16) read the brand's total series at minute grain, now and the
-- day before: 2,880 rows that the primary key finds but the heap scatters over as many pages
-- (a minute's rows of every network, language and theme lie between two of them), fetched
-- one by one. This index holds just those rows with their counts, so the series is read from
-- a few dozen pages of it. A filtered series (one network, language or theme) still reads the
-- primary key: the dashboard asks for those one key at a time, and seldom.
CREATE INDEX "rollups_minute_totals" ON "rollups" ("brand_id", "bucket")
  INCLUDE ("key", "posts", "complaints", "positive", "neutral", "negative", "reach_sum",
    "reach_negative")
  WHERE "grain" = 'minute' AND "dimension" = 'all';
