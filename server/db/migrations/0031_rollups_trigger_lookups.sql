-- The analyses trigger found a batch's earlier analyses with `post_id IN (SELECT post_id FROM
-- new_analyses)`. A transition table has no statistics, so the planner guessed hundreds of rows
-- and, while analyses held tens of thousands to a few million rows, scanned all of them: each
-- analyze transaction got slower as the table grew (9 ms of 29 at 47,000 analyses, for one
-- post). Each touched post is now looked up by its key (OFFSET 0 keeps the planner from
-- turning the lookups back into a join it may hash), and so are its post and theme.
CREATE OR REPLACE FUNCTION rollups_on_analyses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollups_apply(array(
    WITH touched AS (
      SELECT DISTINCT post_id FROM new_analyses
    ),
    earlier AS (
      SELECT a.*
      FROM touched t
      CROSS JOIN LATERAL (
        SELECT a.post_id, a.created_at, a.version, a.label, a.is_complaint, a.language,
          a.author_reach
        FROM analyses a
        WHERE a.post_id = t.post_id
          AND NOT EXISTS (
            SELECT 1 FROM new_analyses n WHERE n.post_id = a.post_id AND n.version = a.version)
        OFFSET 0) a
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
    FROM changes c
    CROSS JOIN LATERAL (
      SELECT p.brand_id, p.posted_at, p.network FROM posts p
      WHERE p.id = c.post_id AND p.deleted_at IS NULL OFFSET 0) p
    LEFT JOIN LATERAL (
      SELECT pt.theme_id FROM post_themes pt WHERE pt.post_id = c.post_id OFFSET 0) pt ON true));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The same kind of plan in the trigger that gives an author's new follower count to the
-- complaints they lead: joined through posts, it was planned as a scan of every complaint (30
-- ms at 47,000 complaints, on every post whose author's count moved, which is most posts of an
-- active author). The complaints carry their lead author (0028): found by it, brand by brand,
-- in complaints_by_lead_author.
CREATE OR REPLACE FUNCTION authors_give_followers_to_complaints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints c SET lead_followers = NEW.followers
    FROM brands b
    WHERE c.brand_id = b.id AND c.lead_author_id = NEW.id
      AND c.lead_followers IS DISTINCT FROM NEW.followers;
  RETURN NULL;
END
$$;
