-- Reply approval (issue 15): a brand says which replies need an adviser's approval (none, at or
-- above a priority, from chosen agents, or all). Such a reply waits in `awaiting_approval`, which
-- the delivery worker never claims (its claim and the `replies_due` index look at queued and
-- sending rows only); an adviser approves it (→ queued) or sends it back with a comment
-- (→ returned) for its author to edit and submit again. `version` lets two advisers acting at
-- once find out: the second is refused with the reply as it stands.
ALTER TABLE "replies" DROP CONSTRAINT "replies_state_check";
--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_state_check" CHECK ("state" in
  ('awaiting_approval', 'returned', 'queued', 'sending', 'sent', 'failed', 'unknown'));
--> statement-breakpoint
ALTER TABLE "replies"
  ADD COLUMN "version" integer DEFAULT 0 NOT NULL,
  -- Why the brand's rule held it for approval ("priority 72.4, at or above 60"); null if it did not.
  ADD COLUMN "approval_reason" text,
  ADD COLUMN "approved_by" uuid REFERENCES "users"("id"),
  ADD COLUMN "approved_at" timestamptz,
  -- Whether the approving adviser changed the text before approving it.
  ADD COLUMN "approval_edited" boolean DEFAULT false NOT NULL,
  -- The last send-back: by whom, when, and the comment its author reads in the thread.
  ADD COLUMN "returned_by" uuid REFERENCES "users"("id"),
  ADD COLUMN "returned_at" timestamptz,
  ADD COLUMN "review_comment" text CHECK (char_length("review_comment") <= 2000),
  ADD CONSTRAINT "replies_approved_whole" CHECK (("approved_by" IS NULL) = ("approved_at" IS NULL)),
  ADD CONSTRAINT "replies_returned_whole" CHECK (
    "state" <> 'returned' OR ("returned_at" IS NOT NULL AND "review_comment" IS NOT NULL));
--> statement-breakpoint
-- The approval queue: a brand's replies waiting for an adviser, oldest first.
CREATE INDEX "replies_awaiting_approval" ON "replies" ("brand_id", "created_at")
  WHERE "state" = 'awaiting_approval';
--> statement-breakpoint
ALTER TABLE "brands"
  ADD COLUMN "approval_mode" text DEFAULT 'none' NOT NULL
    CHECK ("approval_mode" in ('none', 'above_priority', 'agents', 'all')),
  ADD COLUMN "approval_threshold" real,
  ADD COLUMN "approval_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  ADD CONSTRAINT "brands_approval_whole" CHECK (
    "approval_mode" <> 'above_priority' OR "approval_threshold" IS NOT NULL);
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("kind" in
  ('assigned', 'mentioned', 'reopened', 'approval_requested', 'reply_returned'));
