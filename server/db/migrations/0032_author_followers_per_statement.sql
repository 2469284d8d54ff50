-- An author's follower count reaches their complaints once per statement, not once per author:
-- each per-row UPDATE of complaints fired the complaints' rollup trigger on its own (0.45 ms a
-- call), 100 times for an ingest batch of 100 authors whose counts moved. Now one UPDATE per
-- ingest statement, one rollup trigger call. The transition tables have no statistics, so each
-- author's complaints are looked up by key (LATERAL ... OFFSET 0), as in 0031.
DROP TRIGGER authors_followers_to_complaints ON authors;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION authors_give_followers_to_complaints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints c SET lead_followers = x.followers
    FROM (
      SELECT hit.id, n.followers
      FROM new_authors n
      JOIN old_authors o ON o.id = n.id AND o.followers IS DISTINCT FROM n.followers
      CROSS JOIN brands b
      CROSS JOIN LATERAL (
        SELECT c2.id FROM complaints c2
        WHERE c2.brand_id = b.id AND c2.lead_author_id = n.id
          AND c2.lead_followers IS DISTINCT FROM n.followers
        OFFSET 0
      ) hit
    ) x
    WHERE c.id = x.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER authors_followers_to_complaints
  AFTER UPDATE ON authors
  REFERENCING OLD TABLE AS old_authors NEW TABLE AS new_authors
  FOR EACH STATEMENT
  EXECUTE FUNCTION authors_give_followers_to_complaints();
