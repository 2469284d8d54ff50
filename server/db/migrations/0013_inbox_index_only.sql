-- The inbox's views read their complaints from the index alone. Each view's index (0012) is in
-- the view's order, but whether a complaint is snoozed now, and whether it has an owner, was
-- only in the table: a page visited the table once per complaint it passed, and a count up
-- to the cap (1,001 of them per view, eight views) as many times. With those columns carried
-- in the index (INCLUDE: not part of the order), both are index-only scans. Waiting, a view of
-- one state, gets an index of its own for the same reason (complaints_ranked has no snooze).
DROP INDEX "complaints_queue";
--> statement-breakpoint
CREATE INDEX "complaints_queue" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  INCLUDE ("snoozed_until", "assignee_id")
  WHERE "state" in ('new', 'open');
--> statement-breakpoint
DROP INDEX "complaints_owned";
--> statement-breakpoint
CREATE INDEX "complaints_owned" ON "complaints" ("brand_id", "assignee_id", "rank_key" DESC NULLS LAST, "id")
  INCLUDE ("snoozed_until")
  WHERE "state" in ('new', 'open', 'waiting');
--> statement-breakpoint
DROP INDEX "complaints_picked";
--> statement-breakpoint
CREATE INDEX "complaints_picked" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  INCLUDE ("snoozed_until")
  WHERE "picked_at" IS NOT NULL AND "state" in ('new', 'open', 'waiting');
--> statement-breakpoint
DROP INDEX "complaints_snoozed";
--> statement-breakpoint
CREATE INDEX "complaints_snoozed" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  INCLUDE ("snoozed_until")
  WHERE "snoozed_until" IS NOT NULL AND "state" in ('new', 'open', 'waiting');
--> statement-breakpoint
CREATE INDEX "complaints_waiting" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  INCLUDE ("snoozed_until")
  WHERE "state" = 'waiting';
