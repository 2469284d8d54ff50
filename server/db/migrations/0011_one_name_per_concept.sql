-- One name per concept (README, Glossary): a score's priority before waiting is its base
-- priority, as on complaints. A rename keeps every stored value; no row is rewritten.
ALTER TABLE "scores" RENAME COLUMN "base" TO "base_priority";
