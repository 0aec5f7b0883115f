CREATE TYPE "public"."approval_request_status" AS ENUM('pending', 'executed', 'rejected', 'superseded');--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_type" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"args" jsonb NOT NULL,
	"args_hash" text NOT NULL,
	"steps" jsonb NOT NULL,
	"matrix_version" integer NOT NULL,
	"legal_entity_id" uuid,
	"requested_by" text NOT NULL,
	"requested_for" text,
	"status" "approval_request_status" DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"decision_reason" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "submitted_by" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "submitted_for" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "submitted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "approved_by" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "approved_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "posted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "delivered_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "rejection_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "status_changed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "assigned_by" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "assigned_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_one_pending_uq" ON "approval_requests" USING btree ("action_type","target_id","args_hash") WHERE "approval_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "approval_requests_status_idx" ON "approval_requests" USING btree ("status");--> statement-breakpoint
CREATE INDEX "invoices_status_idx" ON "invoices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "invoices_credits_idx" ON "invoices" USING btree ("credits_invoice_id");--> statement-breakpoint
CREATE INDEX "exceptions_assigned_idx" ON "exceptions" USING btree ("assigned_to");