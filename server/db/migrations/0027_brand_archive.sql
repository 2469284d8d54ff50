-- An archived brand listens to nothing (its polled sources skip, its webhooks are refused) and
-- leaves the brand picker; everything it collected stays readable. Null: the brand listens.
ALTER TABLE "brands" ADD COLUMN "archived_at" timestamp with time zone;
