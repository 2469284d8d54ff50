-- The top complainers of a period (dashboard complainers, the KPIs' fairness split) group the
-- period's complaints by their lead post's author. Reaching that author through the posts heap
-- cost a heap fetch per complaint (by_arrival) or a posts_author probe per author passed over
-- (by_reach). `lead_author_id` carries the author on the complaint, kept by the trigger that
-- already keeps `lead_followers` (0015): every writer that sets a lead post (ingest, analysis,
-- post deletion, rescores, seeds) is covered at once, with the one posts lookup it already
-- pays. A post's author never changes in code; if one is changed by hand, its complaints follow.
ALTER TABLE "complaints" ADD COLUMN "lead_author_id" bigint;
--> statement-breakpoint
UPDATE "complaints" c SET "lead_author_id" = p."author_id"
  FROM "posts" p WHERE p."id" = c."lead_post_id";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION complaints_take_lead_followers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.author_id, au.followers INTO NEW.lead_author_id, NEW.lead_followers
    FROM posts p LEFT JOIN authors au ON au.id = p.author_id
    WHERE p.id = NEW.lead_post_id;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION posts_give_author_to_complaints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints c SET lead_author_id = NEW.author_id,
      lead_followers = (SELECT au.followers FROM authors au WHERE au.id = NEW.author_id)
    WHERE c.lead_post_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER posts_author_to_complaints
  AFTER UPDATE OF author_id ON posts
  FOR EACH ROW WHEN (OLD.author_id IS DISTINCT FROM NEW.author_id)
  EXECUTE FUNCTION posts_give_author_to_complaints();
--> statement-breakpoint
-- The period's complaints are read from the index alone, their lead authors included (the
-- export's keyset (first_seen_at, id) and the KPIs' columns stay as in 0024).
DROP INDEX "complaints_by_arrival";
--> statement-breakpoint
CREATE INDEX "complaints_by_arrival" ON "complaints" ("brand_id", "first_seen_at", "id")
  INCLUDE ("state", "lead_post_id", "lead_author_id", "first_response_at", "resolved_at", "outcome");
--> statement-breakpoint
-- The reach walk asks, for each author passed over, whether they led a complaint of the brand
-- in the period, and the fairness split reads those complaints: one index range each.
CREATE INDEX "complaints_by_lead_author" ON "complaints" ("brand_id", "lead_author_id", "first_seen_at")
  INCLUDE ("state", "first_response_at");
--> statement-breakpoint
-- The arrival walk looks each of the period's lead authors up by key for their reach: from
-- this index alone instead of a heap page of authors each (~11k a day at 10M posts).
CREATE INDEX "authors_reach_by_id" ON "authors" ("id") INCLUDE ("reach", "followers");
