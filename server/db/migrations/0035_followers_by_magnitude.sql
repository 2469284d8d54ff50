-- An author's follower count moves a little with nearly every post they write, and each move
-- rewrote every complaint they lead (a new row version in each of complaints' 14 indexes and
-- its search index, and a pass of the response rollups' trigger): the largest cost left in the
-- pipeline bench. `lead_followers` is read only by the inbox's reach bands, whose bounds are
-- powers of ten (a test holds them to it), so a complaint now takes its lead author's count
-- when the count gains or loses a digit: every band answers as it would for the exact count.
-- A complaint still takes the exact count when its lead post is set (0028).
CREATE FUNCTION follower_digits(followers bigint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(followers, 0) <= 0 THEN 0 ELSE length(followers::text) END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION authors_give_followers_to_complaints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints c SET lead_followers = x.followers
    FROM (
      SELECT hit.id, n.followers
      FROM new_authors n
      JOIN old_authors o ON o.id = n.id
        AND follower_digits(o.followers) <> follower_digits(n.followers)
      CROSS JOIN brands b
      CROSS JOIN LATERAL (
        SELECT c2.id FROM complaints c2
        WHERE c2.brand_id = b.id AND c2.lead_author_id = n.id
          AND follower_digits(c2.lead_followers) <> follower_digits(n.followers)
        OFFSET 0
      ) hit
    ) x
    WHERE c.id = x.id;
  RETURN NULL;
END
$$;
