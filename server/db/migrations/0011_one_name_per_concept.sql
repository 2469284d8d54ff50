-- One name per concept (README, Glossary). Renames keep every stored value and every index;
-- no row is rewritten.
-- The network or site a post was published on is its network (as in author_reach and
-- reach_scales), never its "source", which is a configured source (source_id).
ALTER TABLE "posts" RENAME COLUMN "source" TO "network";
--> statement-breakpoint
ALTER TABLE "authors" RENAME COLUMN "source" TO "network";
--> statement-breakpoint
ALTER TABLE "complaints" RENAME COLUMN "source" TO "network";
--> statement-breakpoint
-- A score's priority before waiting is its base priority, as on complaints.
ALTER TABLE "scores" RENAME COLUMN "base" TO "base_priority";
