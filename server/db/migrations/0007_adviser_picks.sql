-- An adviser picks the threads that matter most: who picked a complaint, when and why
-- (NULL when it is not picked). The pick is a factor of its priority; the audit log keeps
-- every pick and unpick. A brand may publish its "How we rank" page for anyone to read.
-- Idempotent, so that renumbering it while branches merge cannot break a database.
ALTER TABLE "complaints" ADD COLUMN IF NOT EXISTS "picked_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN IF NOT EXISTS "picked_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN IF NOT EXISTS "pick_reason" text;
--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "complaints" ADD CONSTRAINT "complaints_pick_whole"
    CHECK (("picked_by" IS NULL) = ("picked_at" IS NULL)
      AND ("pick_reason" IS NULL OR "picked_at" IS NOT NULL)
      AND char_length("pick_reason") <= 500);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN IF NOT EXISTS "how_we_rank_public" boolean DEFAULT false NOT NULL;
