-- Messages from outside (ERP and procurement-network rejections, bounces, client e-mails) recorded as
-- billing exceptions (exceptions_record_incoming): the text kept as data with its triage, one row per
-- text hash so the same message is never recorded twice, and the exception types that only such a
-- message raises. ADD VALUE IF NOT EXISTS: a database that has the values keeps them.
ALTER TYPE "public"."exception_type" ADD VALUE IF NOT EXISTS 'missing_client_approval';--> statement-breakpoint
ALTER TYPE "public"."exception_type" ADD VALUE IF NOT EXISTS 'duplicate_billing';--> statement-breakpoint
ALTER TYPE "public"."exception_type" ADD VALUE IF NOT EXISTS 'incoming_message';--> statement-breakpoint
CREATE TABLE "incoming_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"text_sha256" text NOT NULL,
	"channel" text NOT NULL,
	"text" text NOT NULL,
	"triage_class" text NOT NULL,
	"confidence" numeric(3, 2) NOT NULL,
	"next_action" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"decided_by" text NOT NULL,
	"ignored_instructions" jsonb NOT NULL,
	"exception_id" uuid REFERENCES "exceptions"("id"),
	"outcome" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incoming_messages_text_sha256_unique" UNIQUE("text_sha256")
);--> statement-breakpoint
CREATE INDEX "incoming_messages_exception_idx" ON "incoming_messages" USING btree ("exception_id");
