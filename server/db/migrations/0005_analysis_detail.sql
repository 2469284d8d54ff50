-- The analyzer (firebreak-lr-1) also says how sure it is, how likely the post is a complaint
-- and in which language it is written. Analyses of earlier analyzer versions keep NULL here.
ALTER TABLE "analyses" ADD COLUMN IF NOT EXISTS "confidence" real;
--> statement-breakpoint
ALTER TABLE "analyses" ADD COLUMN IF NOT EXISTS "complaint_score" real;
--> statement-breakpoint
ALTER TABLE "analyses" ADD COLUMN IF NOT EXISTS "language" text;
