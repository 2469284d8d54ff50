CREATE TABLE "scoring_versions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scoring_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"number" integer NOT NULL,
	"key" text NOT NULL,
	"status" text NOT NULL,
	"config" jsonb NOT NULL,
	"changelog" text,
	"effective_at" timestamp with time zone,
	"created_by" uuid,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"rescore_state" text,
	"rescore_done" bigint DEFAULT 0 NOT NULL,
	"rescore_total" bigint,
	"rescore_cursor" bigint DEFAULT 0 NOT NULL,
	"rescore_started_at" timestamp with time zone,
	"rescore_finished_at" timestamp with time zone,
	CONSTRAINT "scoring_versions_number_unique" UNIQUE("number"),
	CONSTRAINT "scoring_versions_key_unique" UNIQUE("key"),
	CONSTRAINT "scoring_versions_status" CHECK ("scoring_versions"."status" in ('draft', 'published'))
);
--> statement-breakpoint
DROP INDEX "complaints_rank";--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "base_priority" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "waiting_rate" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "rank_key" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "base" real;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "rank_key" double precision;--> statement-breakpoint
ALTER TABLE "scoring_versions" ADD CONSTRAINT "scoring_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_versions" ADD CONSTRAINT "scoring_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_versions_one_draft" ON "scoring_versions" USING btree ("status") WHERE status = 'draft';--> statement-breakpoint
CREATE INDEX "complaints_ranked" ON "complaints" USING btree ("brand_id","state","rank_key" DESC NULLS LAST,"id");--> statement-breakpoint
-- Complaints scored so far were scored under priority-1, which has no waiting term: their
-- base is their priority and so is their rank key.
UPDATE "complaints" c SET "base_priority" = c."priority", "rank_key" = c."priority",
  "waiting_since" = (SELECT p."posted_at" FROM "posts" p WHERE p."id" = c."lead_post_id");--> statement-breakpoint
UPDATE "scores" SET "base" = "priority", "rank_key" = "priority" WHERE "version" = 'priority-1';--> statement-breakpoint
-- Version 1 is the scoring Firebreak shipped with, as data (shared/scoring/defaults.ts).
INSERT INTO "scoring_versions" ("number", "key", "status", "config", "changelog", "effective_at", "published_at", "rescore_state", "rescore_finished_at")
VALUES (1, 'priority-1', 'published', '{"weights":{"complaint":15,"negativity":30,"reach":35,"engagement":20,"confidence":0,"velocity":0,"recency":0,"escalation":0,"pick":0,"waiting":0},"reachCeiling":10000000,"engagementCeiling":100000,"velocityCeilingPerHour":500,"recencyHalfLifeHours":6,"responseTargetHours":24,"cues":[]}'::jsonb,
  'First version: complaint, negativity, author reach (log followers to 10M) and engagement (log interactions to 100k), 100 points in all.',
  '2020-01-01T00:00:00Z', now(), 'done', now());--> statement-breakpoint
-- Version 2 adds confidence, velocity, recency, escalation cues, the adviser's pick and waiting
-- time; its rescore is pending, and the worker runs it at start (adding rows, never replacing).
INSERT INTO "scoring_versions" ("number", "key", "status", "config", "changelog", "effective_at", "published_at", "rescore_state")
VALUES (2, 'priority-2', 'published', '{"weights":{"complaint":10,"confidence":5,"negativity":20,"reach":20,"engagement":10,"velocity":10,"recency":5,"escalation":15,"pick":5,"waiting":200},"reachCeiling":10000000,"engagementCeiling":100000,"velocityCeilingPerHour":500,"recencyHalfLifeHours":6,"responseTargetHours":24,"cues":[{"key":"legal","label":"Legal threat","pattern":"\\b(lawyers?|attorneys?|sue|suing|lawsuit|legal action|class action|small claims|gdpr|regulators?|ftc|ombudsman)\\b","severity":1},{"key":"safety","label":"Safety","pattern":"\\b(unsafe|danger(ous)?|harass\\w*|threat(en\\w*)?|dox\\w*|self[- ]harm|suicid\\w*|stalk\\w*)\\b","severity":1},{"key":"job_money","label":"Job or money harm","pattern":"\\b(lost (my|a|the|our) (job|client|contract|offer)|job (offer|search)|recruiters?|fired|cost (me|us)|income|revenue|refund|money)\\b","severity":0.8},{"key":"cancel","label":"Cancel or boycott","pattern":"\\b(cancel\\w*|boycott\\w*|unsubscrib\\w*|delete my account|closing my account)\\b","severity":0.6}]}'::jsonb,
  'Adds analyzer confidence, velocity (replies and reposts per hour), recency, escalation cues (legal threats, safety, job or money harm, cancel), the adviser''s pick, and waiting time: waiting adds 200 at the 24 h response target, more than a fresh complaint can score, so every complaint reaches the top of the queue in time, not only the loud ones.',
  now(), now(), 'pending');
