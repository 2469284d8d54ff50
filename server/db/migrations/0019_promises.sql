-- Promises made in replies (issue 15): what was promised, to whom (the thread's author), who
-- keeps it and by when. Open until a person marks it kept (a link or a note) or broken (a note);
-- `due soon` and `overdue` are read from `due_at` and the clock. The worker's housekeeping
-- stamps `reminded_at` and `overdue_at` in the transaction that writes the notifications, so a
-- reminder and an overdue alarm each go out once.
CREATE TABLE "promises" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "reply_id" uuid REFERENCES "replies"("id"),
  "author_id" bigint NOT NULL REFERENCES "authors"("id"),
  "what" text NOT NULL,
  "owner_id" uuid NOT NULL REFERENCES "users"("id"),
  "due_at" timestamptz NOT NULL,
  "state" text DEFAULT 'open' NOT NULL CHECK ("state" in ('open', 'kept', 'broken')),
  "reminded_at" timestamptz,
  "overdue_at" timestamptz,
  "resolution_url" text,
  "resolution_note" text,
  "resolved_by" uuid REFERENCES "users"("id"),
  "resolved_at" timestamptz,
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "updated_at" timestamptz DEFAULT now() NOT NULL,
  -- Kept needs a link or a note; broken needs a note; an open promise has neither.
  CONSTRAINT "promises_resolution_whole" CHECK (
    ("state" = 'open' AND "resolved_at" IS NULL)
    OR ("state" = 'kept' AND "resolved_at" IS NOT NULL
        AND ("resolution_url" IS NOT NULL OR "resolution_note" IS NOT NULL))
    OR ("state" = 'broken' AND "resolved_at" IS NOT NULL AND "resolution_note" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX "promises_by_brand_due" ON "promises" ("brand_id", "due_at");
--> statement-breakpoint
CREATE INDEX "promises_by_author" ON "promises" ("author_id");
--> statement-breakpoint
-- What the housekeeping pass looks at: open promises not yet alarmed.
-- The complaint view's mark: open promises of a thread that went overdue.
CREATE INDEX "promises_overdue_by_complaint" ON "promises" ("complaint_id") WHERE "state" = 'open' AND "overdue_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "promises_pending_alarm" ON "promises" ("due_at") WHERE "state" = 'open' AND "overdue_at" IS NULL;
--> statement-breakpoint
-- Two notifications of promises: the owner's reminder, and the overdue alarm. Other kinds added
-- by later migrations drop and re-add this check with theirs; the list keeps the kinds of the
-- migrations before it (0017's reply approval ones, 0018's sla_breached).
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check"
  CHECK ("kind" in ('assigned', 'mentioned', 'reopened', 'approval_requested', 'reply_returned',
    'sla_breached', 'promise_due', 'promise_overdue'));
