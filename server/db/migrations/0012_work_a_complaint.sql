-- Work a complaint (shared/triage.ts): the states new → open → waiting → resolved, or
-- dismissed with a reason; an owner; snoozes; a version that concurrent changes check; the
-- history of each complaint, private notes, notifications, auto-assignment, and full-text
-- search over post text and author handles and names.
-- A complaint was 'open' only because there was no 'new': none has been worked yet.
UPDATE "complaints" SET "state" = 'new' WHERE "state" = 'open';
--> statement-breakpoint
ALTER TABLE "complaints" ALTER COLUMN "state" SET DEFAULT 'new';
--> statement-breakpoint
ALTER TABLE "complaints"
  ADD COLUMN "version" integer DEFAULT 0 NOT NULL,
  ADD COLUMN "state_changed_at" timestamptz,
  ADD COLUMN "assignee_id" uuid REFERENCES "users"("id"),
  ADD COLUMN "assigned_at" timestamptz,
  ADD COLUMN "snoozed_until" timestamptz,
  ADD COLUMN "dismiss_reason" text,
  ADD COLUMN "dismiss_note" text;
--> statement-breakpoint
UPDATE "complaints" SET "dismiss_reason" = 'other',
  "dismiss_note" = 'Dismissed before dismissals had reasons'
WHERE "state" = 'dismissed';
--> statement-breakpoint
ALTER TABLE "complaints"
  ADD CONSTRAINT "complaints_state" CHECK ("state" in ('new', 'open', 'waiting', 'resolved', 'dismissed')),
  ADD CONSTRAINT "complaints_dismissal" CHECK (
    ("dismiss_reason" IS NOT NULL) = ("state" = 'dismissed')
    AND ("dismiss_reason" IS NULL OR "dismiss_reason" in ('spam', 'not_about_us', 'duplicate', 'no_action_needed', 'other'))
    AND char_length("dismiss_note") <= 500);
--> statement-breakpoint
-- The inbox's views, each on an index in its order (rank key, as complaints_ranked): the work
-- queue (new and open), one's own active complaints, the picked, and the snoozed. A view of
-- one state reads complaints_ranked.
CREATE INDEX "complaints_queue" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  WHERE "state" in ('new', 'open');
--> statement-breakpoint
CREATE INDEX "complaints_owned" ON "complaints" ("brand_id", "assignee_id", "rank_key" DESC NULLS LAST, "id")
  WHERE "state" in ('new', 'open', 'waiting');
--> statement-breakpoint
CREATE INDEX "complaints_picked" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  WHERE "picked_at" IS NOT NULL AND "state" in ('new', 'open', 'waiting');
--> statement-breakpoint
CREATE INDEX "complaints_snoozed" ON "complaints" ("brand_id", "rank_key" DESC NULLS LAST, "id")
  WHERE "snoozed_until" IS NOT NULL AND "state" in ('new', 'open', 'waiting');
--> statement-breakpoint
-- Snoozes that ran out, for the worker that brings them back.
CREATE INDEX "complaints_snooze_ends" ON "complaints" ("snoozed_until") WHERE "snoozed_until" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "complaint_history" (
  "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "at" timestamptz DEFAULT now() NOT NULL,
  "actor_id" uuid REFERENCES "users"("id"),
  "kind" text NOT NULL,
  "from_state" text NOT NULL,
  "to_state" text NOT NULL,
  "assignee_id" uuid REFERENCES "users"("id"),
  "reason" text,
  "note" text,
  "until" timestamptz
);
--> statement-breakpoint
CREATE INDEX "complaint_history_by_complaint" ON "complaint_history" ("complaint_id", "id");
--> statement-breakpoint
CREATE TABLE "complaint_notes" (
  "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "author_id" uuid REFERENCES "users"("id"),
  "body" text NOT NULL CHECK (char_length("body") BETWEEN 1 AND 5000),
  "mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  "created_at" timestamptz DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "complaint_notes_by_complaint" ON "complaint_notes" ("complaint_id", "id");
--> statement-breakpoint
CREATE TABLE "notifications" (
  "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "kind" text NOT NULL CHECK ("kind" in ('assigned', 'mentioned', 'reopened')),
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "actor_id" uuid REFERENCES "users"("id"),
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "read_at" timestamptz
);
--> statement-breakpoint
CREATE INDEX "notifications_recent" ON "notifications" ("user_id", "id" DESC);
--> statement-breakpoint
CREATE INDEX "notifications_unread" ON "notifications" ("user_id") WHERE "read_at" IS NULL;
--> statement-breakpoint
ALTER TABLE "brands"
  ADD COLUMN "auto_assign" boolean DEFAULT false NOT NULL,
  ADD COLUMN "assign_cap" integer DEFAULT 10 NOT NULL CHECK ("assign_cap" BETWEEN 1 AND 500);
--> statement-breakpoint
-- When auto-assignment last gave each agent a complaint: the round robin's turn order.
CREATE TABLE "assignment_turns" (
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "user_id" uuid NOT NULL REFERENCES "users"("id"),
  "last_assigned_at" timestamptz NOT NULL,
  PRIMARY KEY ("brand_id", "user_id")
);
--> statement-breakpoint
-- What the inbox's search finds a complaint by: the text of every post of its thread and
-- its authors' handles and names (handles split at punctuation, as the search splits what is
-- typed), kept by the analysis transaction. One column of the table the views read, so the
-- planner can walk a view in order and test each row, or look a rare word up in the index.
ALTER TABLE "complaints" ADD COLUMN "search" tsvector;
--> statement-breakpoint
UPDATE "complaints" c SET "search" = x.v
FROM (
  SELECT c2.id, to_tsvector('simple', string_agg(p.text || ' ' ||
    regexp_replace(au.handle || ' ' || coalesce(au.display_name, ''), '[^[:alnum:]]+', ' ', 'g'),
    ' ')) AS v
  FROM complaints c2
  JOIN posts p ON p.brand_id = c2.brand_id AND p.network = c2.network AND p.thread_key = c2.thread_key
  JOIN authors au ON au.id = p.author_id
  WHERE p.deleted_at IS NULL
  GROUP BY c2.id
) x
WHERE c.id = x.id;
--> statement-breakpoint
CREATE INDEX "complaints_search" ON "complaints" USING gin ("search");
