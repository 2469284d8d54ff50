-- Reply drafts saved as an agent types (one per complaint and author, deleted when the reply is
-- sent) and a brand's canned responses, with `{{variables}}` the composer fills (issue 15).
CREATE TABLE "reply_drafts" (
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "author_id" uuid NOT NULL REFERENCES "users"("id"),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "text" text NOT NULL,
  "updated_at" timestamptz DEFAULT now() NOT NULL,
  PRIMARY KEY ("complaint_id", "author_id")
);
--> statement-breakpoint
CREATE TABLE "canned_responses" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "title" text NOT NULL,
  "body" text NOT NULL,
  "shortcut" text,
  "created_by" uuid REFERENCES "users"("id"),
  "updated_by" uuid REFERENCES "users"("id"),
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "updated_at" timestamptz DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A shortcut names one canned response of its brand.
CREATE UNIQUE INDEX "canned_responses_shortcut" ON "canned_responses" ("brand_id", "shortcut")
  WHERE "shortcut" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "canned_responses_by_brand" ON "canned_responses" ("brand_id", "title");
