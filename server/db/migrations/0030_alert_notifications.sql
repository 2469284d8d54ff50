-- A spike alert notifies advisers, admins and viewers (leadership) in their bell, not only
-- those with a console open: a notification is about a complaint or about an alert.
ALTER TABLE "notifications" ALTER COLUMN "complaint_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "alert_id" uuid REFERENCES "alerts"("id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_one_subject"
  CHECK ((complaint_id IS NULL) <> (alert_id IS NULL));
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check"
  CHECK ("kind" in ('assigned', 'mentioned', 'reopened', 'approval_requested', 'reply_returned',
    'sla_breached', 'promise_due', 'promise_overdue', 'alert_raised'));
