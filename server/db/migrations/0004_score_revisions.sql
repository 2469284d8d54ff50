-- A complaint's lead is scored again, under the same version, as its thread gains replies:
-- each score adds a row with the next revision, so no score is ever rewritten.
ALTER TABLE "scores" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" DROP CONSTRAINT "scores_post_id_version_pk";--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_post_id_version_revision_pk" PRIMARY KEY("post_id","version","revision");
