-- The dashboard (issue 16) reads the complaints that arrived in a period: the KPIs count and
-- rank their response times, the complaints export walks them in keyset pages (first_seen_at,
-- id), and the top complainers start from their lead posts. The columns those reads need
-- ride along, so a period is read from the index alone.
CREATE INDEX "complaints_by_arrival" ON "complaints" ("brand_id", "first_seen_at", "id")
  INCLUDE ("state", "lead_post_id", "first_response_at", "resolved_at", "outcome");
--> statement-breakpoint
-- The top complainers of a period are found by walking authors from the most reach down and
-- stopping at the first 20 (100 for the fairness check) with a complaint post in it.
CREATE INDEX "authors_by_reach" ON "authors" ("reach" DESC NULLS LAST, "followers" DESC NULLS LAST, "id");
