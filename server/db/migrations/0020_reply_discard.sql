-- A reply sent back for approval can be discarded by its writer (issue 15): `discarded` is an
-- end state, never delivered and never resubmitted, so a returned reply does not stay returned
-- for ever when its writer decides not to answer that way.
ALTER TABLE "replies" DROP CONSTRAINT "replies_state_check";
--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_state_check" CHECK ("state" in
  ('awaiting_approval', 'returned', 'discarded', 'queued', 'sending', 'sent', 'failed', 'unknown'));
