-- Collections delivery (issue 14): a refused or bounced reminder becomes a delivery_failure exception and
-- its outbox row "refused" (never sent, never retried by itself); transient failures wait until
-- next_attempt_at (backoff); each e-mail keeps its Message-ID so a bounce finds its reminder.
-- Bank returns: a camt.053 return or reversal line is "returned" once its payment is reversed, or
-- "return_unmatched" with the reason; the end-to-end id is kept to find the payment a return reverses.
ALTER TYPE "public"."exception_type" ADD VALUE IF NOT EXISTS 'delivery_failure';--> statement-breakpoint
ALTER TYPE "public"."bank_line_status" ADD VALUE IF NOT EXISTS 'returned';--> statement-breakpoint
ALTER TYPE "public"."bank_line_status" ADD VALUE IF NOT EXISTS 'return_unmatched';--> statement-breakpoint
ALTER TABLE "reminder_outbox" DROP CONSTRAINT IF EXISTS "reminder_outbox_status_check";--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD CONSTRAINT "reminder_outbox_status_check" CHECK ("status" IN ('queued', 'sent', 'failed', 'refused'));--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD COLUMN IF NOT EXISTS "message_id" text;--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD COLUMN IF NOT EXISTS "next_attempt_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "reminder_outbox_message_id_uq" ON "reminder_outbox" ("message_id");--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN IF NOT EXISTS "end_to_end_id" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN IF NOT EXISTS "return_info" jsonb;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "bank_statement_lines_e2e_idx" ON "bank_statement_lines" ("legal_entity_id", "end_to_end_id");
