-- Dunning: reminder sequences per segment or client, promises to pay, manual pauses, and the
-- reminder outbox (one row per invoice and step: a step is never queued or sent twice).
CREATE TABLE "dunning_policies" (
	"scope" text PRIMARY KEY NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promises_to_pay" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL REFERENCES "invoices"("id"),
	"amount_minor" bigint NOT NULL CHECK ("amount_minor" > 0),
	"currency" char(3) NOT NULL,
	"open_at_record_minor" bigint NOT NULL,
	"promised_for" date NOT NULL,
	"promised_by" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL CHECK ("status" IN ('open', 'kept', 'broken', 'superseded')),
	"closed_on" date
);
--> statement-breakpoint
CREATE INDEX "promises_to_pay_invoice_idx" ON "promises_to_pay" ("invoice_id", "status");
--> statement-breakpoint
CREATE TABLE "dunning_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid REFERENCES "invoices"("id"),
	"client_id" uuid REFERENCES "clients"("id"),
	"reason" text NOT NULL,
	"until" date,
	"paused_by" text NOT NULL,
	"paused_at" timestamp (3) with time zone NOT NULL,
	"resumed_by" text,
	"resumed_at" timestamp (3) with time zone,
	CONSTRAINT "dunning_pauses_one_target_ck" CHECK (("invoice_id" IS NULL) <> ("client_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "reminder_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL REFERENCES "invoices"("id"),
	"step" text NOT NULL,
	"as_of" date NOT NULL,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"recipient" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL CHECK ("status" IN ('queued', 'sent', 'failed')),
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_outbox_invoice_step_uq" ON "reminder_outbox" ("invoice_id", "step");
--> statement-breakpoint
CREATE INDEX "reminder_outbox_status_idx" ON "reminder_outbox" ("status", "created_at");
