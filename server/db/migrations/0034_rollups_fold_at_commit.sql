-- Every analyze transaction adds to the same few rollup rows (the current minute, hour and day,
-- for all posts and per network and language; the response rollups' current hour and day).
-- Folded by the triggers, early in the transaction, those row locks were held until its
-- commit: a second worker's analyses insert waited for the first worker's whole transaction
-- (the largest wait in the pipeline bench, sampled from pg_stat_activity). The triggers now set
-- their deltas aside in rollups_pending, and one deferred trigger folds all of a transaction's
-- deltas at its commit, merged and in key order: the locks are held for the commit only, and
-- two commits never take them in opposite orders. After commit, readers see what they saw.
CREATE TABLE rollups_pending (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  deltas rollups_delta[],
  response_deltas response_rollups_delta[],
  CHECK ((deltas IS NULL) <> (response_deltas IS NULL))
);
--> statement-breakpoint
CREATE INDEX rollups_pending_tx ON rollups_pending (tx);
--> statement-breakpoint
ALTER FUNCTION rollups_apply(rollups_delta[]) RENAME TO rollups_fold;
--> statement-breakpoint
ALTER FUNCTION response_rollups_apply(response_rollups_delta[]) RENAME TO response_rollups_fold;
--> statement-breakpoint
-- The triggers of 0021, 0025 and 0031 call these by name: they now set their deltas aside.
CREATE FUNCTION rollups_apply(deltas rollups_delta[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollups_pending (deltas) SELECT deltas WHERE cardinality(deltas) > 0
$$;
--> statement-breakpoint
CREATE FUNCTION response_rollups_apply(deltas response_rollups_delta[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rollups_pending (response_deltas) SELECT deltas WHERE cardinality(deltas) > 0
$$;
--> statement-breakpoint
-- The first of a transaction's pending rows folds them all; the others find nothing left.
CREATE FUNCTION rollups_fold_pending() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  merged rollups_delta[];
  merged_responses response_rollups_delta[];
BEGIN
  WITH gone AS (
    DELETE FROM rollups_pending WHERE tx = pg_current_xact_id()
    RETURNING deltas, response_deltas)
  SELECT
    (SELECT array_agg(d) FROM gone CROSS JOIN LATERAL unnest(gone.deltas) d),
    (SELECT array_agg(d) FROM gone CROSS JOIN LATERAL unnest(gone.response_deltas) d)
  INTO merged, merged_responses;
  IF merged IS NOT NULL THEN
    PERFORM rollups_fold(merged);
  END IF;
  IF merged_responses IS NOT NULL THEN
    PERFORM response_rollups_fold(merged_responses);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER rollups_fold_at_commit AFTER INSERT ON rollups_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION rollups_fold_pending();
