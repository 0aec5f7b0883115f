-- Decision notices reach their person's Slack or Teams direct message (approval_notices_deliver, run by the chat
-- worker). A notice to deliver is written `queued` by its decision (invoices_approve, invoices_reject); notices of
-- approval requests stay null (the chat relay tells the requester with the resumed call's outcome), and so do the
-- notices written before this release: nobody is told in chat of an old decision.
ALTER TABLE "approval_notices" ADD COLUMN "chat_state" text;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "chat_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "chat_attempted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "chat_next_attempt_at"
timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "chat_delivered_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "chat_provider" text;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "chat_last_error" text;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD CONSTRAINT "approval_notices_chat_state_ck"
CHECK ("chat_state" IN ('queued', 'sending', 'retry', 'unsure', 'delivered', 'failed', 'no_chat', 'read'));--> statement-breakpoint
CREATE INDEX "approval_notices_chat_due_idx" ON "approval_notices" USING btree ("created_at")
WHERE "chat_state" IN ('queued', 'sending', 'retry', 'unsure');
