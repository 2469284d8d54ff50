-- The inbox's reach filter reads the followers of a complaint's lead author. They live on
-- authors (through the lead post), so a filtered view paid a post and an author lookup for
-- every complaint it walked past. `lead_followers` carries them on the complaint itself, and
-- triggers keep it in step for every writer at once (ingest, analysis, post deletion, rescores
-- and seeds all set lead posts or followers, in SQL written in several places): a complaint
-- takes its lead author's followers when its lead post is set, and an author's complaints
-- follow when the author's followers change. The author's row is locked first (the update
-- that fires), then its complaints, the order ingest already takes them in.
ALTER TABLE "complaints" ADD COLUMN "lead_followers" bigint;
--> statement-breakpoint
UPDATE "complaints" c SET "lead_followers" = au."followers"
  FROM "posts" p JOIN "authors" au ON au."id" = p."author_id"
  WHERE p."id" = c."lead_post_id" AND au."followers" IS NOT NULL;
--> statement-breakpoint
CREATE FUNCTION complaints_take_lead_followers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.lead_followers := (
    SELECT au.followers FROM posts p JOIN authors au ON au.id = p.author_id
    WHERE p.id = NEW.lead_post_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER complaints_lead_followers_on_insert
  BEFORE INSERT ON complaints
  FOR EACH ROW EXECUTE FUNCTION complaints_take_lead_followers();
--> statement-breakpoint
CREATE TRIGGER complaints_lead_followers_on_lead
  BEFORE UPDATE OF lead_post_id ON complaints
  FOR EACH ROW WHEN (OLD.lead_post_id IS DISTINCT FROM NEW.lead_post_id)
  EXECUTE FUNCTION complaints_take_lead_followers();
--> statement-breakpoint
CREATE FUNCTION authors_give_followers_to_complaints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaints c SET lead_followers = NEW.followers
    FROM posts p
    WHERE p.author_id = NEW.id AND c.lead_post_id = p.id
      AND c.lead_followers IS DISTINCT FROM NEW.followers;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER authors_followers_to_complaints
  AFTER UPDATE OF followers ON authors
  FOR EACH ROW WHEN (OLD.followers IS DISTINCT FROM NEW.followers)
  EXECUTE FUNCTION authors_give_followers_to_complaints();
--> statement-breakpoint
CREATE INDEX "complaints_lead_post" ON "complaints" ("lead_post_id");
