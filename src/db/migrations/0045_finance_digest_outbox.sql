-- The nightly collections digest e-mailed to the finance team (FINANCE_DIGEST_TO): one row per date and
-- recipient, sent once; a refused or failed row stays unsent and the next run of the date tries it again.
CREATE TABLE "finance_digest_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"as_of" date NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone,
	CONSTRAINT "finance_digest_outbox_status_ck" CHECK ("status" IN ('queued', 'sent', 'failed'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "finance_digest_outbox_as_of_recipient_uq" ON "finance_digest_outbox" USING btree ("as_of","recipient");--> statement-breakpoint
CREATE UNIQUE INDEX "finance_digest_outbox_message_id_uq" ON "finance_digest_outbox" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "finance_digest_outbox_status_idx" ON "finance_digest_outbox" USING btree ("status","as_of");
