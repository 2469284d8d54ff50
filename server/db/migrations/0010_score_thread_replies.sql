-- How many replies of its thread a lead's score counted (when more than the post's own): a
-- column of its own, so that noticing a thread's growth reads a number, not the explanation's
-- JSON. Rows scored before take it from their explanation, where it was kept until now (their
-- explanations are left as they were written: stored scores are never rewritten).
ALTER TABLE "scores" ADD COLUMN IF NOT EXISTS "thread_replies" integer;
--> statement-breakpoint
UPDATE "scores" s SET "thread_replies" = (
  SELECT (f ->> 'threadReplies')::int FROM jsonb_array_elements(s."explanation" -> 'factors') f
  WHERE f ->> 'key' = 'engagement' AND f ? 'threadReplies')
WHERE s."thread_replies" IS NULL AND s."explanation" @> '{"factors": [{"key": "engagement"}]}'
  AND jsonb_path_exists(s."explanation", '$.factors[*] ? (exists(@.threadReplies))');
