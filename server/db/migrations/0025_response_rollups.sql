-- Response rollups (issue 16): the dashboard's response KPIs per brand, grain (hour, day) and
-- bucket of when the complaint arrived (date_trunc of complaints.first_seen_at, UTC), so a 30-day
-- KPI reads about 30 day rows and 48 hour rows instead of every complaint of the period twice.
-- What is counted mirrors the raw query it replaces (server/domain/trends/read-kpis.ts):
--   arrived           complaints not dismissed (the fairness split's population)
--   arrived_answered  of them, answered (first_response_at set)
--   answered          answered complaints, dismissed ones too (the first-response population)
--   recovered         of the answered, outcome = 'recovered'
--   with_outcome      of the answered, any outcome
-- and a histogram of the answered complaints' first-response times in log bins (see
-- response_time_bin), from which p50/p90 are read.
--
-- The triggers named rollups_complaints_* keep them in the transaction that changes complaints,
-- like the rollups_* triggers of 0021: statement-level, with transition tables, one sorted upsert
-- per statement (rows sorted by primary key, so concurrent batches lock cells in one order), a
-- complaint's old contribution taken away and its new one added only when something counted
-- changed (brand, first_seen_at, dismissed or not, first_response_at, outcome). Being named
-- rollups_*, the bench switches them off while seeding like the others and backfills once.
--
-- Retention: complaints are case records and never expire (retention.ts keeps them); a complaint
-- deleted under `firebreak.retention = on` is raw data expiring and leaves the counts alone, as
-- the rollups_* triggers do for posts. expireRollups drops these rows with the rollups'.

-- The histogram bin of a first response `seconds` after arrival: floor(ln(1 + s) / ln(1.02)). A
-- bin spans a factor 1.02 of (1 + s), so its geometric middle, 1.02^(bin + 0.5) - 1, is within
-- sqrt(1.02) - 1 < 1% of (1 + s) for every s in it. A response recorded before the thread's first
-- post (a clock skew) counts as 0 s. 30 days is bin 747; 10 years 988.
-- shared with server/domain/trends/response-percentiles.ts (RESPONSE_BIN_RATIO).
CREATE FUNCTION response_time_bin(seconds double precision) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT floor(ln(1 + greatest(seconds, 0)) / ln(1.02))::integer
$$;
--> statement-breakpoint
CREATE TABLE "response_rollups" (
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "grain" text NOT NULL CHECK ("grain" IN ('hour', 'day')),
  -- date_trunc(grain, complaints.first_seen_at) in UTC
  "bucket" timestamptz NOT NULL,
  "arrived" bigint NOT NULL DEFAULT 0,
  "arrived_answered" bigint NOT NULL DEFAULT 0,
  "answered" bigint NOT NULL DEFAULT 0,
  "recovered" bigint NOT NULL DEFAULT 0,
  "with_outcome" bigint NOT NULL DEFAULT 0,
  PRIMARY KEY ("brand_id", "grain", "bucket")
);
--> statement-breakpoint
-- A row per bin rather than an integer array per bucket: a response recorded is one small
-- in-place increment of (bucket, bin) instead of rewriting a ~750-element array (and its WAL),
-- and a range is summed per bin straight from the primary key, index-only.
CREATE TABLE "response_time_bins" (
  "brand_id" uuid NOT NULL REFERENCES "brands"("id"),
  "grain" text NOT NULL CHECK ("grain" IN ('hour', 'day')),
  "bucket" timestamptz NOT NULL,
  "bin" integer NOT NULL,
  "n" bigint NOT NULL DEFAULT 0,
  PRIMARY KEY ("brand_id", "grain", "bucket", "bin")
) WITH (fillfactor = 90);
--> statement-breakpoint
-- One complaint's contribution, signed: n = 1 adds it, -1 takes it away.
CREATE TYPE "response_rollups_delta" AS (
  "brand_id" uuid,
  "first_seen_at" timestamptz,
  "n" integer,
  "dismissed" boolean,
  "first_response_at" timestamptz,
  "outcome" text
);
--> statement-breakpoint
-- Adds contributions to both grains in two upserts (counts, then bins), each sorted by its key;
-- cells whose changes cancel out are not touched.
CREATE FUNCTION response_rollups_apply(deltas response_rollups_delta[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO response_rollups AS r (brand_id, grain, bucket, arrived, arrived_answered, answered,
    recovered, with_outcome)
  SELECT d.brand_id, g.grain, date_trunc(g.grain, d.first_seen_at, 'UTC'),
    coalesce(sum(d.n) FILTER (WHERE NOT d.dismissed), 0),
    coalesce(sum(d.n) FILTER (WHERE NOT d.dismissed AND d.first_response_at IS NOT NULL), 0),
    coalesce(sum(d.n) FILTER (WHERE d.first_response_at IS NOT NULL), 0),
    coalesce(sum(d.n) FILTER (WHERE d.first_response_at IS NOT NULL AND d.outcome = 'recovered'), 0),
    coalesce(sum(d.n) FILTER (WHERE d.first_response_at IS NOT NULL AND d.outcome IS NOT NULL), 0)
  FROM unnest(deltas) d
  CROSS JOIN (VALUES ('hour'), ('day')) g(grain)
  GROUP BY 1, 2, 3
  HAVING sum(d.n) FILTER (WHERE NOT d.dismissed) <> 0
    OR sum(d.n) FILTER (WHERE NOT d.dismissed AND d.first_response_at IS NOT NULL) <> 0
    OR sum(d.n) FILTER (WHERE d.first_response_at IS NOT NULL) <> 0
    OR sum(d.n) FILTER (WHERE d.first_response_at IS NOT NULL AND d.outcome = 'recovered') <> 0
    OR sum(d.n) FILTER (WHERE d.first_response_at IS NOT NULL AND d.outcome IS NOT NULL) <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT (brand_id, grain, bucket) DO UPDATE SET
    arrived = r.arrived + excluded.arrived,
    arrived_answered = r.arrived_answered + excluded.arrived_answered,
    answered = r.answered + excluded.answered,
    recovered = r.recovered + excluded.recovered,
    with_outcome = r.with_outcome + excluded.with_outcome;

  INSERT INTO response_time_bins AS r (brand_id, grain, bucket, bin, n)
  SELECT d.brand_id, g.grain, date_trunc(g.grain, d.first_seen_at, 'UTC'),
    response_time_bin(extract(epoch FROM d.first_response_at - d.first_seen_at)::float8),
    sum(d.n)
  FROM unnest(deltas) d
  CROSS JOIN (VALUES ('hour'), ('day')) g(grain)
  WHERE d.first_response_at IS NOT NULL
  GROUP BY 1, 2, 3, 4
  HAVING sum(d.n) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (brand_id, grain, bucket, bin) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION rollups_on_complaints_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM response_rollups_apply(array(
    SELECT ROW(c.brand_id, c.first_seen_at, 1, c.state = 'dismissed', c.first_response_at,
      c.outcome)::response_rollups_delta
    FROM new_complaints c));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Most updates of complaints (ranking, assignment, counters) change nothing counted: only the
-- rows where something counted moved give their old contribution back and add the new one.
CREATE FUNCTION rollups_on_complaints_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM response_rollups_apply(array(
    WITH moved AS (
      SELECT o.brand_id AS o_brand, o.first_seen_at AS o_seen, o.state = 'dismissed' AS o_dismissed,
        o.first_response_at AS o_response, o.outcome AS o_outcome,
        c.brand_id, c.first_seen_at, c.state = 'dismissed' AS dismissed, c.first_response_at,
        c.outcome
      FROM old_complaints o JOIN new_complaints c ON c.id = o.id
      WHERE (o.brand_id, o.first_seen_at, o.state = 'dismissed', o.first_response_at, o.outcome)
        IS DISTINCT FROM
        (c.brand_id, c.first_seen_at, c.state = 'dismissed', c.first_response_at, c.outcome)
    )
    SELECT ROW(o_brand, o_seen, -1, o_dismissed, o_response, o_outcome)::response_rollups_delta
    FROM moved
    UNION ALL
    SELECT ROW(brand_id, first_seen_at, 1, dismissed, first_response_at, outcome)::response_rollups_delta
    FROM moved));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A removal under `firebreak.retention = on` is raw data expiring: the counts stay.
CREATE FUNCTION rollups_on_complaints_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('firebreak.retention', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM response_rollups_apply(array(
    SELECT ROW(c.brand_id, c.first_seen_at, -1, c.state = 'dismissed', c.first_response_at,
      c.outcome)::response_rollups_delta
    FROM old_complaints c));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rollups_complaints_insert AFTER INSERT ON complaints
  REFERENCING NEW TABLE AS new_complaints
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_complaints_insert();
--> statement-breakpoint
CREATE TRIGGER rollups_complaints_update AFTER UPDATE ON complaints
  REFERENCING OLD TABLE AS old_complaints NEW TABLE AS new_complaints
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_complaints_update();
--> statement-breakpoint
CREATE TRIGGER rollups_complaints_delete AFTER DELETE ON complaints
  REFERENCING OLD TABLE AS old_complaints
  FOR EACH STATEMENT EXECUTE FUNCTION rollups_on_complaints_delete();
--> statement-breakpoint
-- Adds a brand's stored complaints as their inserts would have (hours grouped from the rows,
-- days from the hours): the upgrade below, and the bench after seeding with the triggers off.
CREATE FUNCTION response_rollups_backfill(brand uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO response_rollups AS r (brand_id, grain, bucket, arrived, arrived_answered, answered,
    recovered, with_outcome)
  SELECT brand, g.grain, g.bucket, sum(h.arrived), sum(h.arrived_answered), sum(h.answered),
    sum(h.recovered), sum(h.with_outcome)
  FROM (
    SELECT date_trunc('hour', first_seen_at, 'UTC') AS hour,
      count(*) FILTER (WHERE state <> 'dismissed') AS arrived,
      count(first_response_at) FILTER (WHERE state <> 'dismissed') AS arrived_answered,
      count(first_response_at) AS answered,
      count(*) FILTER (WHERE first_response_at IS NOT NULL AND outcome = 'recovered') AS recovered,
      count(outcome) FILTER (WHERE first_response_at IS NOT NULL) AS with_outcome
    FROM complaints WHERE brand_id = brand GROUP BY 1) h
  CROSS JOIN LATERAL (VALUES ('hour', h.hour), ('day', date_trunc('day', h.hour, 'UTC'))) g(grain, bucket)
  GROUP BY 2, 3
  ORDER BY 2, 3
  ON CONFLICT (brand_id, grain, bucket) DO UPDATE SET
    arrived = r.arrived + excluded.arrived,
    arrived_answered = r.arrived_answered + excluded.arrived_answered,
    answered = r.answered + excluded.answered,
    recovered = r.recovered + excluded.recovered,
    with_outcome = r.with_outcome + excluded.with_outcome;

  INSERT INTO response_time_bins AS r (brand_id, grain, bucket, bin, n)
  SELECT brand, g.grain, g.bucket, h.bin, sum(h.n)
  FROM (
    SELECT date_trunc('hour', first_seen_at, 'UTC') AS hour,
      response_time_bin(extract(epoch FROM first_response_at - first_seen_at)::float8) AS bin,
      count(*) AS n
    FROM complaints WHERE brand_id = brand AND first_response_at IS NOT NULL GROUP BY 1, 2) h
  CROSS JOIN LATERAL (VALUES ('hour', h.hour), ('day', date_trunc('day', h.hour, 'UTC'))) g(grain, bucket)
  GROUP BY 2, 3, 4
  ORDER BY 2, 3, 4
  ON CONFLICT (brand_id, grain, bucket, bin) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
-- An upgraded database shows its history: every brand's complaints, once.
SELECT response_rollups_backfill(b.id) FROM brands b;
